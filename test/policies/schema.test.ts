import { strict as assert } from "assert";
import { z } from "zod";
import { analysisContext } from "../../manifests/analysisContext";
import { buildCalicoPolicies, tigeraOperatorNamespace } from "../../manifests/calico";
import type { K8sObject } from "../../manifests/k8s";
import { validateAgainstSchema } from "../manifests/kinds";
import { build } from "./helpers";

/** RFC 1123 subdomain: what the API server requires of these objects' names. */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Official Kubernetes schemas (kubernetes-models 4.x), through the one kind table of test/manifests. */
function validateBuiltIn(object: K8sObject): void {
  assert.match(object.metadata.name, DNS_SUBDOMAIN);
  assert.equal(validateAgainstSchema(object), "validated", `${object.kind} ${object.metadata.name} has no built-in schema`);
}

// Calico's projectcalico.org/v3 schema as documented for v3.31 (reference/resources: Tier,
// GlobalNetworkPolicy, Rule, EntityRule), only the fields we use; strict, so a misspelt
// field fails here instead of being ignored by the API server.
const entityRule = z.strictObject({
  nets: z.array(z.string()).optional(),
  selector: z.string().optional(),
  namespaceSelector: z.string().optional(),
  ports: z.array(z.union([z.number().int().min(1).max(65535), z.string()])).optional(),
});
const rule = z.strictObject({
  action: z.enum(["Allow", "Deny", "Log", "Pass"]),
  protocol: z.enum(["TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite"]).optional(),
  source: entityRule.optional(),
  destination: entityRule.optional(),
});
const calicoMetadata = z.strictObject({ name: z.string().regex(/^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/), labels: z.record(z.string(), z.string()).optional() });
const tier = z.strictObject({
  apiVersion: z.literal("projectcalico.org/v3"),
  kind: z.literal("Tier"),
  metadata: calicoMetadata,
  spec: z.strictObject({ order: z.number(), defaultAction: z.enum(["Deny", "Pass"]) }),
});
const globalNetworkPolicy = z.strictObject({
  apiVersion: z.literal("projectcalico.org/v3"),
  kind: z.literal("GlobalNetworkPolicy"),
  metadata: calicoMetadata,
  spec: z.strictObject({
    tier: z.string().optional(),
    order: z.number(),
    selector: z.string().optional(),
    namespaceSelector: z.string().optional(),
    types: z.array(z.enum(["Ingress", "Egress"])).min(1),
    ingress: z.array(rule).optional(),
    egress: z.array(rule).optional(),
  }),
});

// The operator's APIServer (operator.tigera.io/v1): one instance, named `default`, empty spec.
const apiServer = z.strictObject({
  apiVersion: z.literal("operator.tigera.io/v1"),
  kind: z.literal("APIServer"),
  metadata: z.strictObject({ name: z.literal("default"), annotations: z.record(z.string(), z.string()).optional() }),
  spec: z.strictObject({}),
});

// The operator's Installation (operator.tigera.io/v1, CRD of chart v3.31.4): one instance, named
// `default`; only the fields we set, with the CRD's enums.
const installation = z.strictObject({
  apiVersion: z.literal("operator.tigera.io/v1"),
  kind: z.literal("Installation"),
  metadata: z.strictObject({ name: z.literal("default"), annotations: z.record(z.string(), z.string()).optional() }),
  spec: z.strictObject({
    kubernetesProvider: z.enum(["", "EKS", "GKE", "AKS", "OpenShift", "DockerEnterprise", "RKE2", "TKG", "Kind"]),
    cni: z.strictObject({ type: z.enum(["Calico", "GKE", "AmazonVPC", "AzureVNET"]) }),
    calicoNetwork: z.strictObject({ bgp: z.enum(["Enabled", "Disabled"]) }),
    kubeletVolumePluginPath: z.string(),
  }),
});

const CALICO_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Installation: installation, APIServer: apiServer, Tier: tier, GlobalNetworkPolicy: globalNetworkPolicy,
};

describe("schemas: every object of this area validates offline", () => {
  for (const [label, overrides] of [["one tenant", {}], ["two tenants", { tenants: ["alpha", "beta"] }]] as const) {
    it(`${label}: NetworkPolicies against the official Kubernetes schema`, () => {
      const { policies } = build(overrides);
      assert.ok(policies.length > 10);
      policies.forEach(validateBuiltIn);
    });
  }

  it("analysis context and the tigera-operator namespace against the official Kubernetes schemas", () => {
    const { topology } = build();
    [...analysisContext(topology), tigeraOperatorNamespace()].forEach(validateBuiltIn);
  });

  it("Calico objects against Calico's documented schemas (strict), tiered names prefixed by their tier", () => {
    const { config, topology } = build();
    const objects = buildCalicoPolicies(topology, config);
    assert.ok(objects.length >= 3);
    for (const object of objects) {
      const schema = CALICO_SCHEMAS[object.kind];
      assert.ok(schema, `no schema for ${object.kind}`);
      const parsed = schema.safeParse(object);
      assert.ok(parsed.success, `${object.kind} ${object.metadata.name}: ${parsed.success ? "" : parsed.error.message}`);
      const spec = object.spec as { tier?: string };
      if (spec.tier !== undefined) assert.ok(object.metadata.name.startsWith(`${spec.tier}.`), `${object.metadata.name} lacks its tier prefix`);
    }
  });

  it("the Calico schema check can fail: a misspelt field is rejected", () => {
    const { config, topology } = build();
    const policy = buildCalicoPolicies(topology, config).find((o) => o.kind === "GlobalNetworkPolicy");
    assert.ok(policy);
    const broken = { ...policy, spec: { ...(policy.spec as object), oder: 10 } };
    assert.equal(globalNetworkPolicy.safeParse(broken).success, false);
  });
});
