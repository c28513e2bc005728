import { buildCalicoModel, CalicoSource, isCalicoObject, isGlobalCalicoKind } from "../calico/ingest";
import { CalicoModel } from "../calico/model";
import { ProblemCollector } from "../errors";
import { Cidr, IpFamily, Labels, NetpolModel, PodEndpoint, PolicyModel } from "../model";
import { isRecord, sourceOf } from "../parse";
import { buildExternalAtoms } from "./atoms";
import { buildEndpoint, EndpointSource, isEndpointKind } from "./endpoints";
import { buildPolicy } from "./policies";
import { labelsOf, Note, Report } from "./report";

const NAME_LABEL = "kubernetes.io/metadata.name";
const POLICY_API_VERSIONS: ReadonlySet<unknown> = new Set([undefined, "networking.k8s.io/v1"]);

/** Is this a NetworkPolicy the model reads (networking.k8s.io/v1; no apiVersion reads as v1)? */
export function isModelledPolicy(apiVersion: unknown, kind: unknown): boolean {
  return kind === "NetworkPolicy" && POLICY_API_VERSIONS.has(apiVersion);
}

interface Described {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
  readonly report: Report;
  readonly note: Note;
  /** A field read but outside the model. */
  readonly warn: Note;
  /** Calico's global kinds live in no namespace. */
  readonly global: boolean;
}

export interface BuildOptions {
  /** More CIDRs to split external atoms by (e.g. an intent file's), so each atom is inside or outside each. */
  readonly externalBlocks?: readonly Cidr[];
}

/** Kubernetes objects -> the normalised model. Throws NetpolInputError listing every problem. */
export function buildModel(objects: readonly unknown[], options: BuildOptions = {}): NetpolModel {
  const problems = new ProblemCollector();
  const notes: string[] = [];
  const warnings: string[] = [];
  const described = flatten(objects).flatMap((object, index) => describeObject(object, index, problems, { notes, warnings }));
  const namespaces = namespaceLabels(described);
  const pods = uniqueById(
    described.filter((d) => isEndpointKind(d.kind)).map((d) => buildEndpoint(d as EndpointSource, namespaces[d.namespace], d.report)),
    described.filter((d) => isEndpointKind(d.kind)),
  );
  const policyObjects = described.filter((d) => isModelledPolicy(d.object["apiVersion"], d.kind));
  const policies = uniqueById(policyObjects.map((d) => buildPolicy(d.namespace, d.name, d.object, d.report, d.note)), policyObjects);
  const calico = buildCalicoModel(calicoSources(described), policies, serviceAccountLabels(described));
  problems.throwIfAny();
  const blocks = [...policies.flatMap(ipBlockCidrs), ...calicoCidrs(calico), ...(options.externalBlocks ?? [])];
  const externals = buildExternalAtoms(blocks, families(blocks, pods));
  return Object.freeze({
    pods: Object.freeze(pods),
    externals: Object.freeze(externals),
    endpoints: Object.freeze([...pods, ...externals]),
    policies: Object.freeze(policies),
    namespaces: Object.freeze(namespaces),
    notes: Object.freeze(notes),
    ...(calico === undefined ? {} : { calico }),
    ...(warnings.length === 0 ? {} : { warnings: Object.freeze(warnings) }),
  });
}

function calicoSources(described: readonly Described[]): CalicoSource[] {
  const sources = described.filter((d) => isCalicoObject(d.object["apiVersion"], d.kind));
  const seen = new Set<string>();
  return sources.flatMap((d) => {
    const key = `${d.kind} ${d.global ? "" : d.namespace}/${d.name}`;
    if (seen.has(key)) {
      d.report("metadata.name", `${d.kind} ${d.global ? d.name : `${d.namespace}/${d.name}`} is already defined; names must be unique`);
      return [];
    }
    seen.add(key);
    return [{ kind: d.kind, name: d.name, ...(d.global ? {} : { namespace: d.namespace }), object: d.object, report: d.report, warn: d.warn }];
  });
}

function serviceAccountLabels(described: readonly Described[]): CalicoModel["serviceAccountLabels"] {
  const labels: Record<string, Labels> = {};
  for (const d of described.filter((x) => x.kind === "ServiceAccount")) {
    labels[`${d.namespace}/${d.name}`] = labelsOf(isRecord(d.object["metadata"]) ? d.object["metadata"]["labels"] : undefined, "metadata.labels", d.report);
  }
  return Object.freeze(labels);
}

/** Every CIDR Calico policies and network sets write: they split the external atoms as ipBlocks do. */
function calicoCidrs(calico: CalicoModel | undefined): Cidr[] {
  if (calico === undefined) return [];
  const rules = calico.tiers.flatMap((tier) => tier.policies.flatMap((p) => (p.kind === "KubernetesNetworkPolicy" ? [] : [...(p.ingress ?? []), ...(p.egress ?? [])])));
  const entities = rules.flatMap((rule) => [rule.source, rule.destination]);
  return [...entities.flatMap((e) => [...(e.nets ?? []), ...(e.notNets ?? [])]), ...calico.networkSets.flatMap((set) => set.nets)];
}

/** `kind: List` (or any *List with items) may reach us unflattened when objects come from elsewhere. */
function flatten(objects: readonly unknown[]): unknown[] {
  return objects.flatMap((object) => {
    if (isRecord(object) && typeof object["kind"] === "string" && object["kind"].endsWith("List") && Array.isArray(object["items"])) {
      return flatten(object["items"]);
    }
    return [object];
  });
}

function describeObject(object: unknown, index: number, problems: ProblemCollector, sink: { notes: string[]; warnings: string[] }): Described[] {
  const source = sourceOf(object);
  if (!isRecord(object)) {
    problems.add(source, `object ${index + 1}`, "expected a Kubernetes object (a mapping)", index);
    return [];
  }
  const kind = typeof object["kind"] === "string" ? object["kind"] : "";
  const metadata = isRecord(object["metadata"]) ? object["metadata"] : {};
  const name = metadata["name"];
  const namespace = metadata["namespace"] ?? "default";
  const calico = isCalicoObject(object["apiVersion"], kind);
  const global = kind === "Namespace" || (calico && isGlobalCalicoKind(kind));
  if (kind !== "Namespace" && kind !== "NetworkPolicy" && kind !== "ServiceAccount" && !calico && !isEndpointKind(kind)) return [];
  if (typeof name !== "string" || name === "" || typeof namespace !== "string" || namespace === "") {
    const field = typeof name !== "string" || name === "" ? "metadata.name" : "metadata.namespace";
    problems.add(source, `${kind} #${index + 1}`, `${field} must be a non-empty string`, index);
    return [];
  }
  const label = global ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
  const report: Report = (path, reason) => problems.add(source, label, `${path}: ${reason}`, index);
  const note: Note = (path, text) => sink.notes.push(`${source}: ${label}: ${path} ${text}`);
  const warn: Note = (path, text) => sink.warnings.push(`${source}: ${label}: ${path}: ${text}`);
  return [{ kind, namespace: kind === "Namespace" ? name : namespace, name, object, report, note, warn, global: global && kind !== "Namespace" }];
}

/** Declared namespaces' labels, plus every namespace an object lives in; the name label always holds. */
function namespaceLabels(described: readonly Described[]): Record<string, Labels> {
  const result: Record<string, Labels> = {};
  for (const d of described) {
    if (d.kind === "Namespace") {
      const labels = labelsOf(isRecord(d.object["metadata"]) ? d.object["metadata"]["labels"] : undefined, "metadata.labels", d.report);
      result[d.name] = { ...labels };
    }
  }
  for (const d of described) if (!d.global) result[d.namespace] ??= {};
  const sorted: Record<string, Labels> = {};
  for (const name of Object.keys(result).sort()) {
    const labels: Record<string, string> = { ...result[name], [NAME_LABEL]: name };
    sorted[name] = Object.freeze(Object.fromEntries(Object.keys(labels).sort().map((key) => [key, labels[key]])));
  }
  return sorted;
}

function uniqueById<T extends PodEndpoint | PolicyModel>(items: readonly T[], origins: readonly Described[]): T[] {
  const seen = new Map<string, string>();
  const unique: T[] = [];
  items.forEach((item, i) => {
    const previous = seen.get(item.id);
    if (previous !== undefined) {
      origins[i].report("metadata.name", `${item.id} is already defined by a ${previous}; names must be unique`);
      return;
    }
    seen.set(item.id, origins[i].kind);
    unique.push(item);
  });
  return unique.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function ipBlockCidrs(policy: PolicyModel): Cidr[] {
  return [...(policy.ingress ?? []), ...(policy.egress ?? [])].flatMap((rule) =>
    (rule.peers ?? []).flatMap((peer) => (peer.kind === "ip-block" ? [peer.cidr, ...peer.except] : [])),
  );
}

/** IPv4 is always shown; IPv6 only when the input mentions an IPv6 address. */
function families(blocks: readonly Cidr[], pods: readonly PodEndpoint[]): ReadonlySet<IpFamily> {
  const ipv6 = blocks.some((block) => block.family === "ipv6") || pods.some((pod) => pod.ips.some((ip) => ip.family === "ipv6"));
  return new Set<IpFamily>(ipv6 ? ["ipv4", "ipv6"] : ["ipv4"]);
}
