// Internet ingress to the frontend admits internet clients only: the ipBlock excludes the VPC
// (pods and nodes have VPC addresses, and Calico matches ipBlocks against them), the intent says
// so in the analyzer's notation, and a pod with a known VPC address is proven to stay out.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import YAML from "yaml";
import { listStacks, loadStackFile } from "../../config";
import { cidrContains, cidrsOverlap, mustParseCidr } from "../../config/cidr";
import type { StackConfig } from "../../config/types";
import { allObjects, renderStack } from "../../manifests";
import { CALICO_API_VERSION } from "../../manifests/calico";
import { INTRUDER_NAMESPACE, analysisContext, analysisIntent, unmanagedEndpoints } from "../../manifests/analysisContext";
import type { K8sObject } from "../../manifests/k8s";
import type { IngressRule, NetworkPolicySpec } from "../../manifests/policies/types";
import { type IntentFile, toIntent } from "../../topology";
import { connectionReport, parseIntent, reachJson, verifyIntent } from "../../netpol";
import { testStackConfig } from "../fixtures/stackConfig";
import { ingressRules, inNamespace } from "./helpers";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const FRONTEND = "bank-frontend/frontend";
/** A pod someone runs later: no special labels, and an address inside the test VPC 10.0.0.0/16. */
const VPC_POD = `${INTRUDER_NAMESPACE}/vpc-pod`;
const VPC_POD_IP = "10.0.5.5";

function vpcPod(): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "vpc-pod", namespace: INTRUDER_NAMESPACE, labels: { app: "anything" } },
    spec: { containers: [{ name: "curl", image: "curlimages/curl:8.11.1" }] },
    status: { podIP: VPC_POD_IP, podIPs: [{ ip: VPC_POD_IP }] },
  } as K8sObject;
}

function frontendCidrRules(config: StackConfig): IngressRule[] {
  const policies = renderStack(config).networkPolicies;
  return ingressRules(inNamespace(policies, `${config.app.tenants[0]}-frontend`)).filter((r) => r.from.some((p) => "ipBlock" in p));
}

/**
 * What the Kubernetes NetworkPolicy layer alone enforces (as with the vpc-cni engine): the stack
 * without its Calico objects, the analysis context, and the VPC pod. Calico's cluster default deny
 * would close the VPC pod's namespace anyway; these tests prove the ipBlock excepts on their own.
 */
function clusterWith(config: StackConfig, objects: readonly K8sObject[] = allObjects(renderStack(config))): K8sObject[] {
  return [...objects.filter((o) => o.apiVersion !== CALICO_API_VERSION), ...analysisContext(renderStack(config).topology), vpcPod()];
}

const KUBERNETES_LAYER = { calico: false } as const;

/** Drops every `except` from the frontend's ipBlocks: the policy as it was before the fix. */
function withoutExcepts(objects: readonly K8sObject[]): K8sObject[] {
  return objects.map((o) => {
    if (o.kind !== "NetworkPolicy") return o;
    const spec = o.spec as NetworkPolicySpec;
    const ingress = (spec.ingress ?? []).map((rule) => ({
      ...rule,
      from: rule.from.map((peer) => ("ipBlock" in peer ? { ipBlock: { cidr: peer.ipBlock.cidr } } : peer)),
    }));
    return { ...o, spec: { ...spec, ingress } };
  });
}

describe("internet ingress: the frontend's ipBlock excludes the VPC", () => {
  it("excepts the VPC from a source range around it, in the test config and both world-open stacks", () => {
    const cases: [StackConfig, string][] = [
      [testStackConfig({ ingressSourceCidrs: ["0.0.0.0/0"] }), "10.0.0.0/16"],
      [loadStackFile(PROJECT_DIR, "staging"), "10.20.0.0/16"],
      [loadStackFile(PROJECT_DIR, "prod"), "10.30.0.0/16"],
    ];
    for (const [config, vpc] of cases) {
      assert.equal(config.network.vpcCidr, vpc);
      assert.deepEqual(frontendCidrRules(config).map((r) => r.from), [[{ ipBlock: { cidr: "0.0.0.0/0", except: [vpc] } }]], config.environment);
    }
  });

  it("excepts the VPC from any enclosing range, and nothing from ranges beside it", () => {
    const config = testStackConfig({ ingressSourceCidrs: ["10.0.0.0/8", "198.51.100.0/24", "::/0"] });
    assert.deepEqual(frontendCidrRules(config).map((r) => r.from[0]), [
      { ipBlock: { cidr: "::/0" } },
      { ipBlock: { cidr: "10.0.0.0/8", except: ["10.0.0.0/16"] } },
      { ipBlock: { cidr: "198.51.100.0/24" } },
    ]);
  });

  it("writes the intent and the policy's flows annotation in the analyzer's except notation", () => {
    const config = testStackConfig({ ingressSourceCidrs: ["0.0.0.0/0"] });
    const rendered = renderStack(config);
    assert.deepEqual(toIntent(rendered.topology).flows.filter((f) => f.to === FRONTEND), [
      { from: "0.0.0.0/0 except 10.0.0.0/16", to: FRONTEND, ports: ["TCP/8080"] },
    ]);
    const policy = inNamespace(rendered.networkPolicies, "bank-frontend").find((p) => p.metadata.name === "allow-0-0-0-0-0-to-frontend");
    assert.equal(policy?.metadata.annotations?.["zero-trust-eks.io/flows"], `0.0.0.0/0 except 10.0.0.0/16 -> ${FRONTEND} TCP/8080`);
  });
});

describe("internet ingress: a pod with a VPC address cannot use the internet rule (analyzer)", () => {
  const config = testStackConfig({ ingressSourceCidrs: ["0.0.0.0/0"] });
  const port = { port: config.app.frontend.port, protocol: "TCP" as const };
  const podReachesFrontend = (objects: readonly K8sObject[]) =>
    reachJson(objects, [port]).results.some((r) => r.from === VPC_POD && r.to === FRONTEND && r.allowed);
  const fromExternals = (objects: readonly K8sObject[]) =>
    externalPairs(objects).filter((p) => p.to === FRONTEND).map((p) => `${p.from}: ${p.connections.toString()}`);

  it("the VPC pod is denied, while an internet address is admitted on the frontend port", () => {
    const objects = clusterWith(config);
    assert.equal(podReachesFrontend(objects), false);
    // The backend's egress range 192.0.2.0/24 splits the atoms too; it is outside the VPC, so admitted.
    assert.deepEqual(fromExternals(objects), [
      "0.0.0.0/0 except 10.0.0.0/16,192.0.2.0/24: TCP 8080",
      "10.0.0.0/16: none",
      "192.0.2.0/24: TCP 8080",
    ]);
  });

  it("is not vacuous: without the except, the same pod reaches the frontend", () => {
    assert.equal(podReachesFrontend(withoutExcepts(clusterWith(config))), true);
  });

  it("verify: with the VPC pod added as unmanaged, reachability equals the intent exactly", () => {
    const objects = clusterWith(config);
    const intent = withUnmanaged(analysisIntent(renderStack(config).topology, KUBERNETES_LAYER), VPC_POD);
    for (const engine of ["reference", "fast"] as const) {
      const report = verifyIntent(objects, parseIntent(YAML.stringify(intent), "intent"), "intent", engine);
      assert.deepEqual([...report.extra, ...report.missing].map((d) => `${d.from} -> ${d.to}`), [], engine);
    }
    const before = verifyIntent(withoutExcepts(objects), parseIntent(YAML.stringify(intent), "intent"), "intent");
    assert.deepEqual(before.extra.map((d) => `${d.from} -> ${d.to} ${d.connections.toString()}`), [`${VPC_POD} -> ${FRONTEND} TCP 8080`, `10.0.0.0/16 -> ${FRONTEND} TCP 8080`]);
  });
});

/** Connections from the external address atoms (every address outside the pods) to pods. */
function externalPairs(objects: readonly K8sObject[]) {
  const report = connectionReport(objects);
  const externals = new Set(report.externals);
  return report.pairs.filter((p) => externals.has(p.from));
}

/** `all` between a pod the stack does not manage and the other unmanaged endpoints and the world. */
function withUnmanaged(intent: IntentFile, pod: string): IntentFile {
  const others = [...unmanagedEndpoints(renderStack(testStackConfig()).topology, KUBERNETES_LAYER), "0.0.0.0/0", "::/0"];
  const all = ["all"];
  const flows = [...others.flatMap((other) => [{ from: pod, to: other, ports: all }, { from: other, to: pod, ports: all }])];
  return { flows: [...intent.flows, ...flows] };
}

describe("internet ingress: none at all (the seed guide's deny all ingress, from a stack file)", () => {
  let dir: string;
  let config: StackConfig;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zte-closed-")); // here, not at load: the suite must be re-runnable in one process
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.closed.yaml"),
      "config:\n  aws:region: eu-west-1\n  zero-trust-eks:environment: closed\n  zero-trust-eks:ingressSourceCidrs: []\n");
    config = loadStackFile(dir, "closed");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("renders the frontend Service as ClusterIP: no load balancer, no source ranges", () => {
    const services = renderStack(config).workloads.filter((o) => o.kind === "Service");
    const frontend = services.find((s) => s.metadata.namespace === "bank-frontend");
    const spec = frontend?.spec as IServiceSpec | undefined;
    assert.equal(spec?.type, "ClusterIP");
    assert.deepEqual([spec?.loadBalancerSourceRanges, spec?.externalTrafficPolicy, frontend?.metadata.annotations], [undefined, undefined, undefined]);
    assert.deepEqual(spec?.ports, [{ name: "http", port: config.app.frontend.port, targetPort: "http", protocol: "TCP" }]);
    assert.deepEqual(services.filter((s) => (s.spec as IServiceSpec).type === "LoadBalancer"), []);
  });

  it("writes no ipBlock ingress anywhere, and the analyzer proves nothing outside reaches any pod", () => {
    assert.deepEqual(frontendCidrRules(config), []);
    const objects = clusterWith(config);
    const fromOutside = externalPairs(objects).filter((p) => p.to.startsWith("bank-") && !p.connections.isEmpty());
    assert.deepEqual(fromOutside.map((p) => `${p.from} -> ${p.to}`), []);
    const report = verifyIntent(objects, parseIntent(YAML.stringify(withUnmanaged(analysisIntent(renderStack(config).topology, KUBERNETES_LAYER), VPC_POD)), "intent"), "intent");
    assert.ok(report.ok, [...report.extra, ...report.missing].map((d) => `${d.from} -> ${d.to}`).join("\n"));
  });
});

/** Every ipBlock peer of every rendered NetworkPolicy, with where it is. */
function ipBlocks(config: StackConfig): { at: string; cidr: string; except: readonly string[] }[] {
  return renderStack(config).networkPolicies.flatMap((policy) => {
    const spec = policy.spec as NetworkPolicySpec;
    const peers = [...(spec.ingress ?? []).flatMap((r) => r.from), ...(spec.egress ?? []).flatMap((r) => r.to)];
    return peers.flatMap((peer) =>
      "ipBlock" in peer ? [{ at: `${policy.metadata.namespace}/${policy.metadata.name}`, cidr: peer.ipBlock.cidr, except: peer.ipBlock.except ?? [] }] : []);
  });
}

describe("every ipBlock stays clear of cluster addresses (pods and nodes live in the VPC)", () => {
  const configs: [string, StackConfig][] = [
    ...listStacks(PROJECT_DIR).map((stack): [string, StackConfig] => [stack, loadStackFile(PROJECT_DIR, stack)]),
    ["world-open, two tenants, egress from every tier", testStackConfig({
      tenants: ["alpha", "beta"],
      ingressSourceCidrs: ["0.0.0.0/0", "::/0"],
      egressAllowList: [
        { tier: "frontend", cidr: "203.0.113.200/32", ports: [{ port: 443, protocol: "TCP" }], description: "CDN purge API" },
        { tier: "database", cidr: "192.0.2.128/25", ports: [{ port: 5432, protocol: "TCP" }], description: "off-site replica" },
      ],
    })],
    ["10.0.0.0/8 around the VPC", testStackConfig({ ingressSourceCidrs: ["10.0.0.0/8"] })],
  ];

  for (const [label, config] of configs) {
    it(`${label}: each ipBlock is disjoint from the VPC or excepts it`, () => {
      const vpc = mustParseCidr(config.network.vpcCidr);
      const blocks = ipBlocks(config);
      const leaks = blocks.filter(({ cidr, except }) =>
        cidrsOverlap(mustParseCidr(cidr), vpc) && !except.some((e) => cidrContains(mustParseCidr(e), vpc)));
      assert.deepEqual(leaks, []);
      assert.ok(blocks.length > 0, "no ipBlock at all: the check would be vacuous");
    });
  }
});
