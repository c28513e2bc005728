// Every generated name, label and annotation follows the Kubernetes rules (DNS-1123 names,
// qualified label and annotation keys, label values, port names), for every stack file, every
// fixture variant, and the multi-tenant and IPv6 variants whose names carry tenants and CIDRs.
import { strict as assert } from "assert";
import type { StackConfig } from "../../config/types";
import { allObjects, renderStack } from "../../manifests";
import { analysisContext } from "../../manifests/analysisContext";
import { tigeraOperatorNamespace } from "../../manifests/calico";
import type { K8sObject } from "../../manifests/k8s";
import { testStackConfig } from "../fixtures/stackConfig";
import {
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  isPortName,
  isQualifiedName,
  namingProblems,
} from "./k8sNames";
import { allConfigs, type NamedConfig } from "./stacks";

/** The longest tenant the config accepts (54 characters): `<tenant>-database` is then exactly 63. */
const LONGEST_TENANT = `t${"x".repeat(52)}z`;

function namingVariants(): NamedConfig[] {
  return [
    { name: "three tenants, one of the longest name allowed", config: testStackConfig({ tenants: ["alpha", "beta", LONGEST_TENANT] }) },
    {
      name: "IPv6 (upper-case hex as written) beside IPv4, ingress and egress",
      config: testStackConfig({
        tenants: ["alpha", "beta"],
        ingressSourceCidrs: ["2001:DB8::/32", "::/0", "0.0.0.0/0", "198.51.100.0/24"],
        egressAllowList: [
          { tier: "backend", cidr: "2001:db8:ABCD::/48", ports: [{ port: 443, protocol: "TCP" }], description: "IPv6 payment gateway" },
          { tier: "database", cidr: "fd00::/8", ports: [{ port: 5432, protocol: "TCP" }], description: "off-site replica" },
          { tier: "frontend", cidr: "203.0.113.200/32", ports: [{ port: 443, protocol: "TCP" }], description: "CDN purge API" },
        ],
      }),
    },
  ];
}

/** A problem without its leading `Kind namespace/name: `. */
const withoutObject = (problem: string): string => problem.slice(problem.indexOf(": ") + 2);

function objectsOf(config: StackConfig): K8sObject[] {
  const rendered = renderStack(config);
  const calico = config.policy.engine === "calico" ? [tigeraOperatorNamespace()] : [];
  return [...allObjects(rendered), ...calico, ...analysisContext(rendered.topology)];
}

describe("manifests: names, labels and annotations follow the Kubernetes rules", () => {
  for (const { name, config } of [...allConfigs(), ...namingVariants()]) {
    it(`${name}: every object`, () => {
      const objects = objectsOf(config);
      assert.ok(objects.length > 10);
      assert.deepEqual(objects.flatMap(namingProblems), []);
    });
  }

  it("the IPv6 variant's policy names carry the CIDRs in lower case", () => {
    const names = objectsOf(namingVariants()[1]!.config).filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.name);
    for (const expected of ["allow-2001-db8-32-to-frontend", "allow-0-to-frontend", "allow-backend-to-2001-db8-abcd-48", "allow-database-to-fd00-8"]) {
      assert.ok(names.includes(expected), `no policy ${expected} among ${[...new Set(names)].join(", ")}`);
    }
  });

  it("the longest tenant fills a namespace name to exactly 63 characters", () => {
    const namespaces = objectsOf(namingVariants()[0]!.config).filter((o) => o.kind === "Namespace").map((o) => o.metadata.name);
    assert.ok(namespaces.includes(`${LONGEST_TENANT}-database`));
    assert.equal(`${LONGEST_TENANT}-database`.length, 63);
  });

  describe("the rules themselves (each check can fail)", () => {
    it("DNS-1123 labels and subdomains, DNS-1035 labels", () => {
      for (const good of ["a", "bank-frontend", "0abc", "x".repeat(63)]) assert.ok(isDns1123Label(good), good);
      for (const bad of ["", "Bank", "-a", "a-", "a.b", "a_b", "x".repeat(64), "2001:db8"]) assert.ok(!isDns1123Label(bad), bad);
      assert.ok(isDns1123Subdomain("security.deny-instance-metadata"));
      for (const bad of ["a..b", ".a", "a.", "A.b", `${"x".repeat(63)}.${"y".repeat(63)}.${"z".repeat(63)}.${"w".repeat(62)}`]) assert.ok(!isDns1123Subdomain(bad), bad);
      assert.ok(isDns1035Label("frontend"));
      assert.ok(!isDns1035Label("0frontend"));
    });

    it("qualified keys and label values", () => {
      for (const good of ["app", "app.kubernetes.io/name", "zero-trust-eks.io/reason", "a_b.c-d", "A"]) assert.ok(isQualifiedName(good), good);
      for (const bad of ["", "/name", "a/b/c", "Example.com/a", "a/", "a/-b", "x".repeat(64), "app:name"]) assert.ok(!isQualifiedName(bad), bad);
      for (const good of ["", "v1.33", "zero-trust-eks", "A_b"]) assert.ok(isLabelValue(good), good);
      for (const bad of ["-a", "a b", "a/b", "x".repeat(64)]) assert.ok(!isLabelValue(bad), bad);
    });

    it("port names", () => {
      for (const good of ["http", "postgres", "dns-tcp", "h2"]) assert.ok(isPortName(good), good);
      for (const bad of ["80", "HTTP", "dns--tcp", "-http", "a-very-long-port-name"]) assert.ok(!isPortName(bad), bad);
    });

    it("report each broken name, key and value of an object", () => {
      const broken: K8sObject = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-2001:db8::-32", namespace: "Bank", labels: { "a/b/c": "ok", tier: "-x" }, annotations: { "bad key": "v" } },
        spec: { podSelector: { matchLabels: { app: "a b" }, matchExpressions: [{ key: "k", operator: "In", values: ["v/1"] }] } },
      };
      assert.deepEqual(namingProblems(broken).map(withoutObject), [
        'metadata.name "allow-2001:db8::-32" is not a DNS-1123 subdomain',
        'metadata.namespace "Bank" is not a DNS-1123 label',
        'metadata.labels key "a/b/c" is not a qualified name',
        'metadata.labels[tier] "-x" is not a label value',
        'metadata.annotations key "bad key" is not a qualified name',
        'spec.podSelector.matchLabels[app] "a b" is not a label value',
        'spec.podSelector.matchExpressions[0].values "v/1" is not a label value',
      ]);
      const pod: K8sObject = {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "0svc" },
        spec: { ports: [{ name: "Web", targetPort: "HTTP" }], template: { metadata: { labels: { ok: "$" } }, spec: { containers: [{ name: "C", ports: [{ name: "http--x" }] }], volumes: [{ name: "v_1" }] } } },
      };
      assert.deepEqual(namingProblems(pod).map(withoutObject), [
        'metadata.name "0svc" is not a DNS-1035 label',
        'spec.template.metadata.labels[ok] "$" is not a label value',
        'spec.template.spec.containers[0].name "C" is not a DNS-1123 label',
        'spec.template.spec.containers[0].ports.name "http--x" is not a port name (IANA service name)',
        'spec.template.spec.volumes[0].name "v_1" is not a DNS-1123 label',
        'spec.ports.name "Web" is not a DNS-1123 label',
        'spec.ports.targetPort "HTTP" is not a port name (IANA service name)',
      ]);
    });
  });
});
