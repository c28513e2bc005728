// The stack's in-cluster network picture, read from the resources CrossGuard hands a stack rule:
// Namespaces, NetworkPolicies (Kubernetes and Calico) and everything that runs pods, as plain
// Kubernetes objects (the analyzer's input), each with the URN of the resource it came from.
//
// Only what reachability depends on is read (metadata, a policy's spec, a workload's pod labels and
// ports), so a value that is unknown at preview elsewhere (an image built by the same program) does
// not stop the proof. An unknown value in what IS read fails closed (kit.ts, "fail-closed"): the
// stack rules run again only after `pulumi up` has applied the change.
import type { PolicyResource } from "@pulumi/policy";
import { asArray, asRecord, type Finding, type Props, readOrRefuse } from "../kit";
import { isWorkloadType, K8S, kindOf } from "./objects";

export interface PlainObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: Props;
}

export interface Entry {
  readonly urn: string;
  readonly type: string;
  readonly object: PlainObject;
}

export interface Inventory {
  readonly namespaces: readonly Entry[];
  readonly networkPolicies: readonly Entry[];
  readonly calicoPolicies: readonly Entry[];
  readonly workloads: readonly Entry[];
  /** Objects whose values could not be read at preview: each is a violation of the rule that needed it. */
  readonly refused: readonly Finding[];
}

const POLICY_TYPES: readonly string[] = [K8S.networkPolicy];
const CALICO_TYPES: readonly string[] = [K8S.calicoNetworkPolicy, K8S.calicoGlobalNetworkPolicy];

export function inventory(resources: readonly PolicyResource[]): Inventory {
  const namespaces: Entry[] = [];
  const networkPolicies: Entry[] = [];
  const calicoPolicies: Entry[] = [];
  const workloads: Entry[] = [];
  const refused: Finding[] = [];
  for (const resource of resources) {
    const into = resource.type === K8S.namespace ? namespaces
      : POLICY_TYPES.includes(resource.type) ? networkPolicies
      : CALICO_TYPES.includes(resource.type) ? calicoPolicies
      : isWorkloadType(resource.type) ? workloads
      : undefined;
    if (into === undefined) continue;
    const read = readOrRefuse(`${kindOf(resource.type)} ${resource.name}`, () => project(resource));
    if ("value" in read) into.push({ urn: resource.urn, type: resource.type, object: read.value });
    else refused.push({ message: read.refused, urn: resource.urn });
  }
  return { namespaces, networkPolicies, calicoPolicies, workloads, refused };
}

/** `kubernetes:apps/v1:Deployment` -> `apps/v1`; `kubernetes:core/v1:Pod` -> `v1`. */
export function apiVersionOf(type: string): string {
  const groupVersion = type.split(":")[1] ?? "";
  return groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion;
}

function project(resource: PolicyResource): PlainObject {
  const props = resource.props;
  const metadata = copy(asRecord(props.metadata), ["name", "namespace", "labels", "annotations"]);
  const base = { apiVersion: apiVersionOf(resource.type), kind: kindOf(resource.type), metadata: metadata as PlainObject["metadata"] };
  if (resource.type === K8S.namespace) return base;
  if (!isWorkloadType(resource.type)) return { ...base, spec: plain(props.spec) as Props };
  return { ...base, spec: projectPodCarrier(resource.type, asRecord(props.spec)) };
}

/** A workload's spec down to its pod template's labels and its containers' names and ports. */
function projectPodCarrier(type: string, spec: Props): Props {
  if (type === K8S.pod) return projectPodSpec(spec);
  if (type === K8S.cronJob) {
    const jobSpec = asRecord(asRecord(spec.jobTemplate).spec);
    return { jobTemplate: { spec: { template: projectTemplate(asRecord(jobSpec.template)) } } };
  }
  return { template: projectTemplate(asRecord(spec.template)) };
}

function projectTemplate(template: Props): Props {
  return { metadata: copy(asRecord(template.metadata), ["labels"]), spec: projectPodSpec(asRecord(template.spec)) };
}

function projectPodSpec(podSpec: Props): Props {
  const containers = (list: unknown) => asArray(list).map((c) => copy(asRecord(c), ["name", "ports"]));
  return { containers: containers(podSpec.containers), initContainers: containers(podSpec.initContainers) };
}

function copy(source: Props, keys: readonly string[]): Props {
  const result: Props = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) result[key] = plain(value);
  }
  return result;
}

/** A deep plain copy: reading through the policy SDK's proxy throws on the first unknown value. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The namespaces the stack runs pods in, with the workloads in each (sorted). */
export function workloadNamespaces(workloads: readonly Entry[]): Map<string, Entry[]> {
  const byNamespace = new Map<string, Entry[]>();
  for (const entry of workloads) {
    const namespace = entry.object.metadata.namespace ?? "default";
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), entry]);
  }
  return new Map([...byNamespace.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
