/**
 * Keeping only what the model reads (netpol/ingest): Namespaces, NetworkPolicies (whole: their
 * fields are checked strictly), and for Pods and workloads the fields an endpoint is built from.
 * Everything else a manifest or a `kubectl get -o yaml` dump carries (environment, volumes,
 * managedFields, ConfigMaps, Services, ...) is dropped as soon as its document is read. A pruned
 * object gives the same model and the same problems as the whole one: values are kept as
 * written, malformed ones included, only fields the model never looks at are left out.
 */
import { isTieredObject } from "../calico/ingest";
import { isIntentDocument } from "../summary";
import { TEMPLATE_PATHS } from "../ingest/endpoints";
import { isRecord } from "../parse";

/**
 * Does the model read objects of this kind? ServiceAccounts (their labels: Calico's
 * serviceAccountSelector), Calico's projectcalico.org/v3 objects and the admin network policies
 * (whole, when `apiVersion` is given and is theirs) too.
 */
export function isModelledKind(kind: unknown, apiVersion?: unknown): boolean {
  // Stryker disable next-line ConditionalExpression: isTieredObject finds no non-string kind in its lists (includes compares by identity)
  if (typeof kind === "string" && isTieredObject(apiVersion, kind)) return true;
  return kind === "Namespace" || kind === "NetworkPolicy" || kind === "Pod" || kind === "ServiceAccount" || (typeof kind === "string" && Object.prototype.hasOwnProperty.call(TEMPLATE_PATHS, kind));
}

/** Only the named fields that are present (own properties), in the order given. */
function pick(value: unknown, keys: readonly string[], each?: (key: string, field: unknown) => unknown): unknown {
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(value, key)) result[key] = each === undefined ? value[key] : each(key, value[key]);
  }
  return result;
}

/**
 * A pod spec keeps its containers' ports and its service account (`serviceAccountName`, or the
 * deprecated `serviceAccount`: Calico's serviceAccountSelector, serviceAccounts and
 * projectcalico.org/serviceaccount match it), what netpol/ingest/endpoints.ts reads.
 */
function podSpec(spec: unknown): unknown {
  return pick(spec, ["containers", "serviceAccountName", "serviceAccount"], (key, field) =>
    key === "containers" && Array.isArray(field) ? field.map((container) => pick(container, ["ports"])) : field);
}

/** A pod template (or a Pod): labels, container ports and service account. */
function podTemplate(template: unknown): unknown {
  return pick(template, ["metadata", "spec"], (key, field) => (key === "metadata" ? pick(field, ["labels"]) : podSpec(field)));
}

/** Down `path` keeping only the next step, then the pod template at its end. */
function along(value: unknown, path: readonly string[]): unknown {
  const [first, ...rest] = path;
  if (first === undefined) return podTemplate(value);
  return pick(value, [first], (_, field) => along(field, rest));
}

/** The object with only what the model reads, or undefined when the model ignores its kind. */
export function pruneForModel(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const kind = object["kind"];
  if (!isModelledKind(kind, object["apiVersion"])) return undefined;
  // Stryker disable next-line ConditionalExpression: isTieredObject finds no non-string kind in its lists (includes compares by identity)
  if (kind === "NetworkPolicy" || (typeof kind === "string" && isTieredObject(object["apiVersion"], kind))) return object;
  const metadata = pick(object["metadata"], ["name", "namespace", "labels"]);
  const result: Record<string, unknown> = {};
  for (const key of ["apiVersion", "kind"]) if (Object.prototype.hasOwnProperty.call(object, key)) result[key] = object[key];
  if (Object.prototype.hasOwnProperty.call(object, "metadata")) result["metadata"] = metadata;
  if (kind === "Namespace" || kind === "ServiceAccount") return result;
  if (kind === "Pod") {
    if (Object.prototype.hasOwnProperty.call(object, "spec")) result["spec"] = podSpec(object["spec"]);
    if (Object.prototype.hasOwnProperty.call(object, "status")) result["status"] = pick(object["status"], ["podIP", "podIPs"]);
    return result;
  }
  const path = TEMPLATE_PATHS[kind as string] as readonly string[];
  if (Object.prototype.hasOwnProperty.call(object, "spec")) result["spec"] = along(object["spec"], path.slice(1));
  return result;
}

/**
 * What stays of an object the model ignores when the reader keeps stubs: its apiVersion and kind
 * (what the input summary counts and warns about), so the objects keep their positions.
 */
export function stubOf(object: Record<string, unknown>): Record<string, unknown> {
  const stub: Record<string, unknown> = {};
  for (const key of ["apiVersion", "kind"]) if (Object.prototype.hasOwnProperty.call(object, key)) stub[key] = object[key];
  // An intent file read with the manifests (render's analysis/ folder) is counted as one.
  if (isIntentDocument(object)) stub["flows"] = [];
  return stub;
}
