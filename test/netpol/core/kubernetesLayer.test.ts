/**
 * An intent's kubernetesLayer is what the NetworkPolicies alone enforce (the vpc-cni engine
 * enforces nothing else): Calico's objects and the admin network policies are left out of it.
 */
import { strict as assert } from "assert";
import { parseIntent, verifyIntent } from "../../../netpol";

const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "shop", labels: { app: name } }, spec: { containers: [{ name: "c", ports: [{ containerPort: 80 }] }] } });
const OBJECTS = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
  pod("a"),
  pod("b"),
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny", namespace: "shop" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
  {
    apiVersion: "policy.networking.k8s.io/v1alpha1",
    kind: "AdminNetworkPolicy",
    metadata: { name: "b-to-a" },
    spec: {
      priority: 1,
      subject: { namespaces: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } },
      ingress: [{ name: "from-b", action: "Allow", from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "b" } } } }] }],
      egress: [{ name: "to-a", action: "Allow", to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "a" } } } }] }],
    },
  },
];

const INTENT = `
flows:
  - {from: shop/b, to: shop/a, ports: [all]}
kubernetesLayer:
  flows: []
`;

describe("verify: the kubernetesLayer intent leaves admin network policies out", () => {
  for (const engine of ["reference", "fast"] as const) {
    it(`${engine}: the AdminNetworkPolicy opens b -> a in the whole, the NetworkPolicies alone keep it closed`, () => {
      const report = verifyIntent(OBJECTS, parseIntent(INTENT, "intent"), "intent", engine);
      assert.deepEqual([report.extra, report.missing], [[], []]);
      assert.ok(report.ok);
      const withoutAdmin = verifyIntent(OBJECTS.slice(0, 4), parseIntent(INTENT, "intent"), "intent", engine);
      assert.ok(!withoutAdmin.ok, "the admin policy must be what opens b -> a");
      // The layer is checked, not skipped: claiming the NetworkPolicies alone open b -> a is wrong.
      const wrongLayer = verifyIntent(OBJECTS, parseIntent(INTENT.replace("flows: []", "flows: [{from: shop/b, to: shop/a, ports: [all]}]"), "intent"), "intent", engine);
      assert.deepEqual(wrongLayer.missing.map((d) => `${d.from} -> ${d.to} ${d.layer ?? ""}`), ["shop/b -> shop/a kubernetes"]);
    });
  }
});
