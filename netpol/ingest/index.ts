import { isAdminObject } from "../calico/admin";
import { buildCalicoModel, CalicoSource, isCalicoObject, isGlobalCalicoKind } from "../calico/ingest";
import { CalicoModel, isAdminPolicy } from "../calico/model";
import { ProblemCollector } from "../errors";
import { Cidr, ExternalEndpoint, IpFamily, Labels, NetpolModel, PodEndpoint, PolicyModel } from "../model";
import { isRecord, sourceOf as parsedSource } from "../parse";
import { streamedSource } from "../stream/sources";
import { buildExternalAtoms } from "./atoms";
import { DistinctById } from "./distinct";
import { buildEndpoint, EndpointRecord, endpointOfRecord, endpointRecord, EndpointSource, isEndpointKind, Interner, OpenEndpoint } from "./endpoints";
import { buildPolicy, PolicyParts } from "./policies";
import { labelsOf, Note, Report } from "./report";

const NAME_LABEL = "kubernetes.io/metadata.name";
const POLICY_API_VERSIONS: ReadonlySet<unknown> = new Set([undefined, "networking.k8s.io/v1"]);

/** Is this a NetworkPolicy the model reads (networking.k8s.io/v1; no apiVersion reads as v1)? */
export function isModelledPolicy(apiVersion: unknown, kind: unknown): boolean {
  return kind === "NetworkPolicy" && POLICY_API_VERSIONS.has(apiVersion);
}

/**
 * An object of a kind the model reads, with its checked name and namespace. Kept small (no
 * closures, no text): 150,000 of them live while the model is built. `report`, `note` and
 * `warn` functions are made when an object is built, and die with that step.
 */
interface Described {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
  /** Position in the flattened input: problems are reported in input order. */
  readonly index: number;
  /** Calico's global kinds live in no namespace. */
  readonly global: boolean;
  /** Where the object was read: given with it, or its own (sourceOf). */
  readonly source: string;
}

/** Where a build's problems, notes and warnings (fields read but outside the model) go. */
interface Sinks {
  readonly problems: ProblemCollector;
  readonly notes: string[];
  readonly warnings: string[];
}

export interface BuildOptions {
  /** More CIDRs to split external atoms by (e.g. an intent file's), so each atom is inside or outside each. */
  readonly externalBlocks?: readonly Cidr[];
}

/** The file an object was read from, by parseManifestText or by the streamed reader. */
function sourceOf(object: unknown): string {
  return streamedSource(object) ?? parsedSource(object);
}

function labelOf(d: Pick<Described, "kind" | "namespace" | "name" | "global">): string {
  return d.kind === "Namespace" || d.global ? `${d.kind} ${d.name}` : `${d.kind} ${d.namespace}/${d.name}`;
}

function reporter(d: Described, sinks: Sinks): Report {
  return (path, reason) => sinks.problems.add(d.source, labelOf(d), `${path}: ${reason}`, d.index);
}

function noter(d: Described, sinks: Sinks): Note {
  return (path, text) => sinks.notes.push(`${d.source}: ${labelOf(d)}: ${path} ${text}`);
}

function warner(d: Described, sinks: Sinks): Note {
  return (path, text) => sinks.warnings.push(`${d.source}: ${labelOf(d)}: ${path}: ${text}`);
}

/** Kubernetes objects -> the normalised model. Throws NetpolInputError listing every problem. */
export function buildModel(objects: readonly unknown[], options: BuildOptions = {}): NetpolModel {
  const builder = new ModelBuilder();
  for (const object of objects) builder.add(object);
  return builder.finish(options);
}

/**
 * The model built object by object, in input order: each Pod, workload and NetworkPolicy is
 * built as it is added, so a reader can hand over each object as it completes and drop it
 * (at 150,000 pods, the objects read would otherwise all survive until the model is built).
 * Namespaces' labels, the Calico layer and the external atoms need every object: `finish`.
 * Same model, problems (in input order), notes and warnings as building from the whole list.
 */
export class ModelBuilder {
  private readonly sinks: Sinks = { problems: new ProblemCollector(), notes: [], warnings: [] };
  private index = 0;
  private readonly interner = new Interner();
  private readonly parts = new PolicyParts();
  private readonly pods = new DistinctById<OpenEndpoint>();
  private readonly policies = new DistinctById<PolicyModel>();
  /** Declared Namespaces' labels, and every namespace an object lives in (with no labels of its own). */
  private readonly namespaces = new Map<string, Labels>();
  /** Calico, admin policy and ServiceAccount objects: few, read whole at the end. */
  private readonly layered: Described[] = [];

  /**
   * The next object of the input (a `List` is flattened into its items). `source`: where it was
   * read, when the object does not carry it (an object read on a thread: setting it would cost
   * more than passing it).
   */
  add(object: unknown, source?: string): void {
    if (isRecord(object) && typeof object["kind"] === "string" && object["kind"].endsWith("List") && Array.isArray(object["items"])) {
      for (const item of object["items"]) this.add(item, source);
      return;
    }
    const d = describeObject(object, this.index++, this.sinks.problems, source);
    if (d === undefined) return;
    if (d.kind === "Namespace") {
      const labels = labelsOf(isRecord(d.object["metadata"]) ? d.object["metadata"]["labels"] : undefined, "metadata.labels", reporter(d, this.sinks));
      this.namespaces.set(d.name, { ...labels });
      return;
    }
    if (!d.global && !this.namespaces.has(d.namespace)) this.namespaces.set(d.namespace, {});
    if (isEndpointKind(d.kind)) {
      this.pods.add(buildEndpoint(d as EndpointSource, reporter(d, this.sinks), this.interner), d.source, d.index);
    } else if (isModelledPolicy(d.object["apiVersion"], d.kind)) {
      this.policies.add(buildPolicy(d.namespace, d.name, d.object, reporter(d, this.sinks), noter(d, this.sinks), this.parts), d.source, d.index);
    } else {
      this.layered.push(d);
    }
  }

  /**
   * The next object of the input when it was a Pod or workload that endpointRecordOf made a record
   * of: the same endpoint as `add` builds from the object.
   */
  addRecord(record: EndpointRecord, source: string): void {
    const pod = endpointOfRecord(record, this.interner);
    if (!this.namespaces.has(pod.namespace)) this.namespaces.set(pod.namespace, {});
    this.pods.add(pod, source, this.index++);
  }

  /** The model of everything added. Throws NetpolInputError listing every problem. */
  finish(options: BuildOptions = {}): NetpolModel {
    const { sinks } = this;
    const namespaces = sortedNamespaces(this.namespaces);
    const pods = this.pods.sorted((pod, kept, source, index) => this.duplicate(pod, pod.sourceKind, kept.sourceKind, source, index)).map((pod) => {
      pod.namespaceLabels = namespaces[pod.namespace] as Labels;
      return Object.freeze(pod) as PodEndpoint;
    });
    const policies = this.policies.sorted((policy, _, source, index) => this.duplicate(policy, "NetworkPolicy", "NetworkPolicy", source, index));
    const calico = buildCalicoModel(calicoSources(this.layered, sinks), policies, serviceAccountLabels(this.layered, sinks));
    sinks.problems.throwIfAny();
    sinks.warnings.push(...adminNetworkWarnings(calico, pods));
    const externals = externalAtoms(policies, calico, pods, options.externalBlocks ?? []);
    return Object.freeze({
      pods: Object.freeze(pods),
      externals: Object.freeze(externals),
      endpoints: Object.freeze([...pods, ...externals]),
      policies: Object.freeze(policies),
      namespaces: Object.freeze(namespaces),
      notes: Object.freeze(sinks.notes),
      ...(calico === undefined ? {} : { calico }),
      ...(sinks.warnings.length === 0 ? {} : { warnings: Object.freeze(sinks.warnings) }),
    });
  }

  /** The first object with an id is kept; a later one is reported (and dropped: finish throws). */
  private duplicate(item: { readonly id: string; readonly namespace: string; readonly name: string }, kind: string, keptKind: string, source: string, index: number): void {
    const label = labelOf({ kind, namespace: item.namespace, name: item.name, global: false });
    this.sinks.problems.add(source, label, `metadata.name: ${item.id} is already defined by a ${keptKind}; names must be unique`, index);
  }
}

/**
 * The record of the endpoint `add` would build from this object, when it is a Pod or workload that
 * builds without a problem; undefined otherwise (hand over the object: its problems are reported
 * from it). For a reading thread, whose records cost less to hand over than the objects.
 */
export function endpointRecordOf(object: Record<string, unknown>): EndpointRecord | undefined {
  const kind = object["kind"];
  // Stryker disable next-line ConditionalExpression: a kind that is no string is no endpoint kind, and describeObject reads it as "" (no record) either way
  if (typeof kind !== "string" || !isEndpointKind(kind)) return undefined;
  let clean = true;
  const problem = (): void => {
    clean = false;
  };
  const d = describeObject(object, 0, { add: problem });
  if (d === undefined) return undefined;
  const endpoint = buildEndpoint(d as EndpointSource, problem);
  return clean ? endpointRecord(endpoint) : undefined;
}

function calicoSources(described: readonly Described[], sinks: Sinks): CalicoSource[] {
  const sources = described.filter((d) => isCalicoObject(d.object["apiVersion"], d.kind) || isAdminObject(d.object["apiVersion"], d.kind));
  const seen = new Set<string>();
  return sources.flatMap((d) => {
    // Stryker disable next-line StringLiteral: the key of a global Calico object only has to be unique, and is
    const key = `${d.kind} ${d.global ? "" : d.namespace}/${d.name}`;
    const report = reporter(d, sinks);
    if (seen.has(key)) {
      report("metadata.name", `${d.kind} ${d.global ? d.name : `${d.namespace}/${d.name}`} is already defined; names must be unique`);
      // Stryker disable next-line ArrayDeclaration: the duplicate was reported, and buildModel throws before returning
      return [];
    }
    seen.add(key);
    return [{ kind: d.kind, name: d.name, ...(d.global ? {} : { namespace: d.namespace }), object: d.object, report, warn: warner(d, sinks) }];
  });
}

function serviceAccountLabels(described: readonly Described[], sinks: Sinks): CalicoModel["serviceAccountLabels"] {
  const labels: Record<string, Labels> = {};
  for (const d of described.filter((x) => x.kind === "ServiceAccount")) {
    labels[`${d.namespace}/${d.name}`] = labelsOf(isRecord(d.object["metadata"]) ? d.object["metadata"]["labels"] : undefined, "metadata.labels", reporter(d, sinks));
  }
  return Object.freeze(labels);
}

/**
 * The model finish builds with `externalBlocks` (verify learns its intent's CIDRs only after building
 * the model): the same object when they split no atom further, so that what was prepared for it holds.
 */
export function withExternalBlocks(model: NetpolModel, externalBlocks: readonly Cidr[]): NetpolModel {
  // Stryker disable next-line ConditionalExpression,BlockStatement: no blocks split no atom: the atoms computed again are the same, and so is the model
  if (externalBlocks.length === 0) return model;
  const externals = externalAtoms(model.policies, model.calico, model.pods, externalBlocks);
  // An atom's id names its block and its holes: equal ids, equal atoms.
  if (externals.length === model.externals.length && externals.every((atom, i) => atom.id === (model.externals[i] as ExternalEndpoint).id)) return model;
  return Object.freeze({ ...model, externals: Object.freeze(externals), endpoints: Object.freeze([...model.pods, ...externals]) });
}

/** The external address atoms: every CIDR the policies write, and `extra`, split the address space. */
function externalAtoms(policies: readonly PolicyModel[], calico: CalicoModel | undefined, pods: readonly PodEndpoint[], extra: readonly Cidr[]): ExternalEndpoint[] {
  const blocks = [...policies.flatMap(ipBlockCidrs), ...calicoCidrs(calico), ...extra];
  return buildExternalAtoms(blocks, families(blocks, pods));
}

/** Every CIDR Calico policies, network sets and admin policies' `networks` write: they split the external atoms as ipBlocks do. */
function calicoCidrs(calico: CalicoModel | undefined): Cidr[] {
  if (calico === undefined) return [];
  const policies = calico.tiers.flatMap((tier) => tier.policies);
  const rules = policies.flatMap((p) => (p.kind === "GlobalNetworkPolicy" || p.kind === "NetworkPolicy" ? [...(p.ingress ?? []), ...(p.egress ?? [])] : []));
  const entities = rules.flatMap((rule) => [rule.source, rule.destination]);
  return [...entities.flatMap((e) => [...(e.nets ?? []), ...(e.notNets ?? [])]), ...calico.networkSets.flatMap((set) => set.nets), ...adminNetworks(calico).map(({ net }) => net)];
}

/** The `networks` CIDRs of the admin policies' egress rules, with where they were written. */
function adminNetworks(calico: CalicoModel): { net: Cidr; where: string }[] {
  return calico.tiers.flatMap((tier) =>
    tier.policies.flatMap((policy) =>
      isAdminPolicy(policy)
        ? (policy.egress ?? []).flatMap((rule, i) =>
            rule.peers.flatMap((peer) => (peer.kind === "networks" ? peer.nets.map((net) => ({ net, where: `${policy.id}: spec.egress[${i}]${rule.name === undefined ? "" : ` "${rule.name}"`}` })) : [])),
          )
        : [],
    ),
  );
}

/**
 * Upstream checks cluster-internal traffic against `networks` too ("Allow or Deny to 0.0.0.0/0 ...
 * will allow or deny all IPv4 pod-to-pod traffic as well"). Pods match by known IP only (as for
 * ipBlock), so a networks block is outside the model for every pod whose IP is not known: warn,
 * once per block, when there is such a pod.
 */
function adminNetworkWarnings(calico: CalicoModel | undefined, pods: readonly PodEndpoint[]): string[] {
  if (calico === undefined) return [];
  const unknown = pods.filter((pod) => pod.ips.length === 0);
  if (unknown.length === 0) return [];
  const example = unknown.slice(0, 3).map((pod) => pod.id).join(", ");
  return adminNetworks(calico).map(
    ({ net, where }) =>
      `${where}: networks ${net.written}: could cover pod IPs, but ${unknown.length} pod${unknown.length === 1 ? "" : "s"}/workload${unknown.length === 1 ? " has" : "s have"} no known IP (${example}${unknown.length > 3 ? ", ..." : ""}): ` +
      "for them the block is outside the model (matched against external addresses and known pod IPs only)",
  );
}

function describeObject(object: unknown, index: number, problems: Pick<ProblemCollector, "add">, given?: string): Described | undefined {
  if (!isRecord(object)) {
    problems.add(given ?? sourceOf(object), `object ${index + 1}`, "expected a Kubernetes object (a mapping)", index);
    return;
  }
  // Stryker disable next-line StringLiteral: an object without a string kind is ignored either way (no kind of that name is read)
  const kind = typeof object["kind"] === "string" ? object["kind"] : "";
  const calico = isCalicoObject(object["apiVersion"], kind);
  const admin = isAdminObject(object["apiVersion"], kind);
  if (kind !== "Namespace" && kind !== "NetworkPolicy" && kind !== "ServiceAccount" && !calico && !admin && !isEndpointKind(kind)) return;
  const source = given ?? sourceOf(object);
  const metadata = isRecord(object["metadata"]) ? object["metadata"] : {};
  const name = metadata["name"];
  const namespace = metadata["namespace"] ?? "default";
  if (typeof name !== "string" || name === "" || typeof namespace !== "string" || namespace === "") {
    const field = typeof name !== "string" || name === "" ? "metadata.name" : "metadata.namespace";
    problems.add(source, `${kind} #${index + 1}`, `${field} must be a non-empty string`, index);
    return;
  }
  const global = (calico && isGlobalCalicoKind(kind)) || admin; // AdminNetworkPolicy and BaselineAdminNetworkPolicy are cluster-scoped
  return { kind, namespace, name, object, index, global, source };
}

/** Every namespace's labels, sorted by name and key; the name label always holds. */
function sortedNamespaces(namespaces: ReadonlyMap<string, Labels>): Record<string, Labels> {
  const sorted: Record<string, Labels> = {};
  for (const name of [...namespaces.keys()].sort()) {
    const labels: Record<string, string> = { ...namespaces.get(name), [NAME_LABEL]: name };
    sorted[name] = Object.freeze(Object.fromEntries(Object.keys(labels).sort().map((key) => [key, labels[key]])));
  }
  return sorted;
}

function ipBlockCidrs(policy: PolicyModel): Cidr[] {
  // Stryker disable next-line ArrayDeclaration: a string rule has no peers: no CIDR either way
  return [...(policy.ingress ?? []), ...(policy.egress ?? [])].flatMap((rule) =>
    // Stryker disable next-line ArrayDeclaration: a string peer is not an ipBlock: no CIDR either way
    (rule.peers ?? []).flatMap((peer) => (peer.kind === "ip-block" ? [peer.cidr, ...peer.except] : [])),
  );
}

/** IPv4 is always shown; IPv6 only when the input mentions an IPv6 address. */
function families(blocks: readonly Cidr[], pods: readonly PodEndpoint[]): ReadonlySet<IpFamily> {
  const ipv6 = blocks.some((block) => block.family === "ipv6") || pods.some((pod) => pod.ips.some((ip) => ip.family === "ipv6"));
  return new Set<IpFamily>(ipv6 ? ["ipv4", "ipv6"] : ["ipv4"]);
}
