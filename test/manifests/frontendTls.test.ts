// Item 5: the frontend's load balancer terminates TLS with the stack's ACM certificate, using only
// annotations the implementation in use (cloud-provider-aws's service controller) reads.
import { strict as assert } from "assert";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import { loadStackFile } from "../../config";
import type { StackConfig } from "../../config/types";
import { allObjects, renderStack, type K8sObject } from "../../manifests";
import { LOAD_BALANCER_PORT, LOAD_BALANCER_TLS_PORT, TLS_SECURITY_POLICY } from "../../manifests/workloads";
import { testStackConfig } from "../fixtures/stackConfig";
import { PROJECT_DIR } from "./stacks";

const CERTIFICATE = "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
const ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-";

/**
 * Every annotation cloud-provider-aws's service controller honours for an NLB ("Valid for" NLB in
 * its docs/service_controller.md). The AWS Load Balancer Controller's `-scheme`,
 * `-nlb-target-type` and the ELB-only `-backend-protocol` are not among them.
 */
const HONOURED_FOR_NLB = [
  "additional-resource-tags", "security-groups", "healthcheck-healthy-threshold", "healthcheck-interval",
  "healthcheck-timeout", "healthcheck-unhealthy-threshold", "internal", "ssl-cert", "ssl-negotiation-policy",
  "ssl-ports", "type", "eip-allocations", "healthcheck-path", "healthcheck-port", "healthcheck-protocol", "subnets",
  "target-node-labels", "target-group-attributes",
].map((suffix) => `${ANNOTATION}${suffix}`);

function frontendService(config: StackConfig): K8sObject & { spec: IServiceSpec } {
  const service = allObjects(renderStack(config)).find((o) => o.kind === "Service" && o.metadata.namespace === "bank-frontend");
  assert.ok(service, "no frontend Service");
  return service as K8sObject & { spec: IServiceSpec };
}

const tls = testStackConfig({ frontendListener: { kind: "tls", certificateArn: CERTIFICATE } });
const plain = testStackConfig({ frontendListener: { kind: "plain" } });

describe("item 5: TLS on the frontend's NLB", () => {
  it("with a certificate: a TLS listener on 443 with the certificate and the TLS 1.2+ policy, forwarding to the pods' port", () => {
    const service = frontendService(tls);
    assert.deepEqual(service.metadata.annotations, {
      [`${ANNOTATION}type`]: "nlb",
      [`${ANNOTATION}ssl-cert`]: CERTIFICATE,
      [`${ANNOTATION}ssl-ports`]: "443",
      [`${ANNOTATION}ssl-negotiation-policy`]: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    });
    assert.equal(TLS_SECURITY_POLICY, "ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
    assert.deepEqual(service.spec.ports, [{ name: "https", port: LOAD_BALANCER_TLS_PORT, targetPort: "http", protocol: "TCP" }]);
  });

  it("without a certificate (non-production): plain HTTP on 80, no TLS annotation", () => {
    const service = frontendService(plain);
    assert.deepEqual(service.metadata.annotations, { [`${ANNOTATION}type`]: "nlb" });
    assert.deepEqual(service.spec.ports, [{ name: "http", port: LOAD_BALANCER_PORT, targetPort: "http", protocol: "TCP" }]);
  });

  it("the TLS port is the one ssl-ports names, so no listener is left plain", () => {
    const service = frontendService(tls);
    const tlsPorts = (service.metadata.annotations?.[`${ANNOTATION}ssl-ports`] ?? "").split(",");
    assert.deepEqual((service.spec.ports ?? []).map((p) => String(p.port)), tlsPorts);
  });

  it("TLS changes nothing behind the load balancer: same pods, same port, client addresses kept", () => {
    const [withTls, without] = [frontendService(tls), frontendService(plain)];
    assert.deepEqual(withTls.spec.selector, without.spec.selector);
    assert.deepEqual(withTls.spec.ports?.map((p) => p.targetPort), without.spec.ports?.map((p) => p.targetPort));
    for (const service of [withTls, without]) {
      assert.equal(service.spec.externalTrafficPolicy, "Local");
      assert.deepEqual(service.spec.loadBalancerSourceRanges, tls.app.ingressSourceCidrs);
    }
    assert.deepEqual(renderStack(tls).networkPolicies, renderStack(plain).networkPolicies);
  });

  for (const [name, config] of [["TLS", tls], ["plain", plain]] as const) {
    it(`${name}: writes only annotations cloud-provider-aws honours for an NLB`, () => {
      const keys = Object.keys(frontendService(config).metadata.annotations ?? {});
      assert.deepEqual(keys.filter((key) => !HONOURED_FOR_NLB.includes(key)), []);
    });
  }

  it("no internet ingress: no load balancer and no certificate in use, whatever the listener", () => {
    const closed = frontendService(testStackConfig({ ingressSourceCidrs: [], frontendListener: { kind: "tls", certificateArn: CERTIFICATE } }));
    assert.equal(closed.spec.type, "ClusterIP");
    assert.equal(closed.metadata.annotations, undefined);
  });

  it("the stack files: staging and prod terminate TLS with their certificate, dev serves plain HTTP", () => {
    for (const stack of ["staging", "prod"]) {
      const config = loadStackFile(PROJECT_DIR, stack);
      assert.equal(config.app.frontendListener.kind, "tls", stack);
      assert.equal(frontendService(config).spec.ports?.[0]?.port, LOAD_BALANCER_TLS_PORT, stack);
    }
    assert.equal(frontendService(loadStackFile(PROJECT_DIR, "dev")).spec.ports?.[0]?.port, LOAD_BALANCER_PORT);
  });
});
