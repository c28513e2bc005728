// Strict field validation, as the API server's (`kubectl apply --validate=strict`, the default
// since Kubernetes 1.27) would reject a NetworkPolicy with an unknown field. Read leniently, a
// misspelt field is silently dropped, and a dropped `from:`, `ports:` or `matchLabels:` means
// "everything": the most dangerous misreading a policy analyzer can make.
import { distance } from "fastest-levenshtein";
import { isRecord } from "../parse";
import { Report } from "./report";

/** The fields of networking.k8s.io/v1 NetworkPolicy and its parts (k8s.io/api/networking/v1). */
export const FIELDS = {
  policy: ["apiVersion", "kind", "metadata", "spec"],
  // metav1.ObjectMeta: read-only fields included, so `kubectl get -o yaml` output is accepted.
  metadata: [
    "annotations", "creationTimestamp", "deletionGracePeriodSeconds", "deletionTimestamp", "finalizers", "generateName",
    "generation", "labels", "managedFields", "name", "namespace", "ownerReferences", "resourceVersion", "selfLink", "uid",
  ],
  spec: ["egress", "ingress", "podSelector", "policyTypes"],
  ingressRule: ["from", "ports"],
  egressRule: ["ports", "to"],
  peer: ["ipBlock", "namespaceSelector", "podSelector"],
  ipBlock: ["cidr", "except"],
  port: ["endPort", "port", "protocol"],
  selector: ["matchExpressions", "matchLabels"],
  requirement: ["key", "operator", "values"],
} as const satisfies Record<string, readonly string[]>;

/** Reports every key of `value` (when it is a mapping) that is not one of the `known` fields. */
export function checkFields(value: unknown, known: readonly string[], path: string, report: Report): void {
  // Stryker disable next-line ConditionalExpression: every caller passes a mapping (or {} for one already reported)
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    const hint = guess === undefined ? `known fields: ${known.join(", ")}` : `did you mean "${guess}"?`;
    report(path === "" ? key : `${path}.${key}`, `unknown field "${key}" (${hint})`);
  }
}

/** The nearest candidate within a small edit distance (case-insensitive), if any. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
