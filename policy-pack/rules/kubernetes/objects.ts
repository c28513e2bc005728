// Kubernetes objects as CrossGuard sees them: Pulumi type tokens (`kubernetes:<group/version>:<Kind>`)
// and the paths to what the rules read. Props are the object itself (apiVersion, kind, metadata, spec).
import { asArray, asRecord, type Props } from "../kit";

export const K8S = {
  namespace: "kubernetes:core/v1:Namespace",
  pod: "kubernetes:core/v1:Pod",
  service: "kubernetes:core/v1:Service",
  replicationController: "kubernetes:core/v1:ReplicationController",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  replicaSet: "kubernetes:apps/v1:ReplicaSet",
  job: "kubernetes:batch/v1:Job",
  cronJob: "kubernetes:batch/v1:CronJob",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  podDisruptionBudget: "kubernetes:policy/v1:PodDisruptionBudget",
  calicoNetworkPolicy: "kubernetes:projectcalico.org/v3:NetworkPolicy",
  calicoGlobalNetworkPolicy: "kubernetes:projectcalico.org/v3:GlobalNetworkPolicy",
} as const;

/** Every type that runs pods, and where its pod spec lives. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  [K8S.pod]: ["spec"],
  [K8S.deployment]: ["spec", "template", "spec"],
  [K8S.statefulSet]: ["spec", "template", "spec"],
  [K8S.daemonSet]: ["spec", "template", "spec"],
  [K8S.replicaSet]: ["spec", "template", "spec"],
  [K8S.replicationController]: ["spec", "template", "spec"],
  [K8S.job]: ["spec", "template", "spec"],
  [K8S.cronJob]: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export const WORKLOAD_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS);

export function isWorkloadType(type: string): boolean {
  return POD_SPEC_PATHS[type] !== undefined;
}

/** The kind in a type token: `kubernetes:apps/v1:Deployment` -> `Deployment`. */
export function kindOf(type: string): string {
  return type.split(":").pop() ?? type;
}

export interface Metadata {
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly annotations: Readonly<Record<string, unknown>>;
}

export function metadataOf(props: Props): Metadata {
  const metadata = asRecord(props.metadata);
  return { name: metadata.name, namespace: metadata.namespace, labels: asRecord(metadata.labels), annotations: asRecord(metadata.annotations) };
}

/** The namespace an object lives in: `default` when it names none (as kubectl would apply it). */
export function namespaceOf(props: Props): string {
  const namespace = asRecord(props.metadata).namespace;
  return typeof namespace === "string" && namespace !== "" ? namespace : "default";
}

export function podSpecOf(type: string, props: Props): Props {
  const path = POD_SPEC_PATHS[type] ?? [];
  return path.reduce<Props>((value, key) => asRecord(value[key]), props);
}

/** The labels of the pods a workload runs (a Pod's own labels). */
export function podLabelsOf(type: string, props: Props): Readonly<Record<string, unknown>> {
  if (type === K8S.pod) return metadataOf(props).labels;
  const path = POD_SPEC_PATHS[type] ?? [];
  const template = path.slice(0, -1).reduce<Props>((value, key) => asRecord(value[key]), props);
  return asRecord(asRecord(template.metadata).labels);
}

export interface Container {
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
  readonly name: string;
  readonly spec: Props;
}

export function containersOf(podSpec: Props): Container[] {
  return ["initContainers", "containers", "ephemeralContainers"].flatMap((list) =>
    asArray(podSpec[list]).map((item) => {
      const spec = asRecord(item);
      return { list, name: String(spec.name ?? "(unnamed)"), spec };
    }),
  );
}

/** Does a label selector (`matchLabels` + `matchExpressions`) select these labels? */
export function selects(selector: unknown, labels: Readonly<Record<string, unknown>>): boolean {
  const { matchLabels, matchExpressions } = asRecord(selector);
  const byLabel = Object.entries(asRecord(matchLabels)).every(([key, value]) => labels[key] === value);
  return byLabel && asArray(matchExpressions).every((expression) => matchesExpression(asRecord(expression), labels));
}

function matchesExpression(expression: Props, labels: Readonly<Record<string, unknown>>): boolean {
  const key = String(expression.key);
  const values = asArray(expression.values);
  const present = Object.prototype.hasOwnProperty.call(labels, key);
  switch (expression.operator) {
    case "In":
      return present && values.includes(labels[key]);
    case "NotIn":
      return !present || !values.includes(labels[key]);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
    default:
      return false;
  }
}

/** A selector with no terms selects everything. */
export function isEmptySelector(selector: unknown): boolean {
  const { matchLabels, matchExpressions } = asRecord(selector);
  return Object.keys(asRecord(matchLabels)).length === 0 && asArray(matchExpressions).length === 0;
}
