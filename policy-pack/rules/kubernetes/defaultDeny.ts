// Zero trust starts closed: every namespace that runs pods has a NetworkPolicy selecting all of its
// pods with no rules, for ingress and for egress (one policy for both, or one each). Without it, a
// pod no allow policy selects (a debug pod, a sidecar deployment) is open in that direction.
import { asArray, asRecord, describeObject, type Finding, type StackRule } from "../kit";
import { type Entry, inventory, workloadNamespaces } from "./inventory";
import { isEmptySelector } from "./objects";

type Direction = "Ingress" | "Egress";
const DIRECTIONS: readonly Direction[] = ["Ingress", "Egress"];

/** Does this policy deny every pod of its namespace in `direction`? */
export function deniesAll(policy: Entry, direction: Direction): boolean {
  const spec = asRecord(policy.object.spec);
  if (!isEmptySelector(spec.podSelector)) return false;
  const rules = asArray(spec[direction === "Ingress" ? "ingress" : "egress"]);
  const types = asArray(spec.policyTypes);
  // policyTypes omitted: Ingress always, Egress only when egress rules exist (so never for "no rules").
  const governs = types.length > 0 ? types.includes(direction) : direction === "Ingress";
  return governs && rules.length === 0;
}

export const namespaceDefaultDeny: StackRule<Record<string, never>> = {
  name: "namespace-default-deny",
  description:
    "Every namespace that runs workloads has a default-deny NetworkPolicy for ingress and for egress (podSelector {}, no rules): " +
    "zero trust starts closed, and a pod no allow policy selects stays unreachable and mute.",
  defaults: {},
  checks: [
    (resources) => {
      const { networkPolicies, workloads, refused } = inventory(resources);
      const findings: Finding[] = [...refused];
      for (const [namespace, running] of workloadNamespaces(workloads)) {
        const here = networkPolicies.filter((p) => (p.object.metadata.namespace ?? "default") === namespace);
        const missing = DIRECTIONS.filter((direction) => !here.some((p) => deniesAll(p, direction)));
        if (missing.length === 0) continue;
        const examples = running.map((w) => describeObject(w.object.kind, w.object.metadata)).join(", ");
        findings.push({
          message: `namespace ${namespace} runs ${examples} but has no default-deny NetworkPolicy for ${missing.join(" and ")} (podSelector {}, policyTypes [${missing.join(", ")}], no rules)`,
          urn: running[0]?.urn,
        });
      }
      return findings;
    },
  ],
};
