/**
 * What an input holds, as the analyzer sees it: the objects it reads (policies, endpoints,
 * namespaces), the objects it ignores by kind, and the policy kinds it ignores although they
 * decide reachability (so the answer may be wrong). Pure data; the CLI prints it.
 */
import { isAdminObject } from "./calico/admin";
import { isCalicoObject } from "./calico/ingest";
import { isEndpointKind } from "./ingest/endpoints";
import { isModelledPolicy } from "./ingest";
import { isRecord } from "./parse";

export interface KindCount {
  /** Kind, like "ConfigMap"; for unmodelled policies "apiVersion Kind", like "cilium.io/v2 CiliumNetworkPolicy". */
  readonly kind: string;
  readonly count: number;
}

export interface InputSummary {
  readonly objects: number;
  /** `networking.k8s.io/v1` NetworkPolicies (a NetworkPolicy without apiVersion counts as v1, as the model reads it). */
  readonly policies: number;
  /** Pods and workloads (the endpoint kinds of netpol/ingest/endpoints.ts). */
  readonly endpoints: number;
  /** Namespace objects. */
  readonly namespaces: number;
  /** projectcalico.org/v3 Tiers, GlobalNetworkPolicies, NetworkPolicies, GlobalNetworkSets and NetworkSets (modelled). */
  readonly calico: number;
  /** policy.networking.k8s.io/v1alpha1 AdminNetworkPolicies and BaselineAdminNetworkPolicies (modelled). */
  readonly admin: number;
  /** Every other object, by kind: count descending, then kind. Unmodelled policies are among them. */
  readonly ignored: readonly KindCount[];
  /** Ignored objects that are network policies of a kind or version the analyzer does not model. */
  readonly unmodelledPolicies: readonly KindCount[];
}

/** Messages for the user beside the answer: warnings (the answer may be wrong) and notes (how input was read). */
export interface Diagnostics {
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
}

const SHOWN_KINDS = 8;

/**
 * A policy kind that decides reachability but is not modelled: a NetworkPolicy of another
 * apiVersion (networking.k8s.io/v1beta1, extensions/v1beta1, Antrea), any other
 * `*NetworkPolicy` kind (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy of another apiVersion, ClusterNetworkPolicy) except Calico's Staged*
 * previews (never enforced), Calico's projectcalico.org/v3 kinds and the
 * policy.networking.k8s.io/v1alpha1 admin policies (modelled, netpol/calico/), Calico host
 * endpoints (projectcalico.org/v3 HostEndpoint: policies on nodes), and EKS security groups for
 * pods (`vpcresources.k8s.aws` SecurityGroupPolicy).
 */
export function isUnmodelledPolicy(apiVersion: unknown, kind: string): boolean {
  if (isCalicoObject(apiVersion, kind) || isAdminObject(apiVersion, kind)) return false;
  if (kind === "HostEndpoint") return apiVersion === "projectcalico.org/v3";
  if (kind === "SecurityGroupPolicy") return typeof apiVersion === "string" && apiVersion.startsWith("vpcresources.k8s.aws/");
  if (kind === "NetworkPolicy") return !isModelledPolicy(apiVersion, kind);
  return kind.endsWith("NetworkPolicy") && !kind.startsWith("Staged");
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sortedCounts(counts: ReadonlyMap<string, number>): KindCount[] {
  const kinds = [...counts.entries()].map(([kind, count]) => ({ kind, count }));
  // Stryker disable next-line EqualityOperator: kinds are distinct map keys, never equal
  return kinds.sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1));
}

/** How the summary names an intent file read among the manifests (it is not a Kubernetes object). */
const INTENT_FILE = "intent file";

/** A document with `flows` and no kind: an intent file (netpol/intent.ts), as render writes beside the manifests. */
export function isIntentDocument(object: unknown): boolean {
  return isRecord(object) && object["kind"] === undefined && object["apiVersion"] === undefined && Array.isArray(object["flows"]);
}

/** Parsed objects (lists already flattened, as parseManifestText returns them) -> what is read and what is not. */
export function summarizeInput(objects: readonly unknown[]): InputSummary {
  const tally = new InputTally();
  for (const object of objects) tally.add(object);
  return tally.summary();
}

/** summarizeInput object by object, for a reader that does not keep the objects. */
export class InputTally {
  private objects = 0;
  private policies = 0;
  private endpoints = 0;
  private namespaces = 0;
  private calico = 0;
  private admin = 0;
  private readonly ignored = new Map<string, number>();
  private readonly unmodelled = new Map<string, number>();

  add(object: unknown): void {
    this.objects++;
    const kind = isRecord(object) && typeof object["kind"] === "string" && object["kind"] !== "" ? object["kind"] : isIntentDocument(object) ? INTENT_FILE : "(no kind)";
    const apiVersion = isRecord(object) ? object["apiVersion"] : undefined;
    if (isModelledPolicy(apiVersion, kind)) this.policies++;
    else if (kind === "Namespace") this.namespaces++;
    else if (isCalicoObject(apiVersion, kind)) this.calico++;
    else if (isAdminObject(apiVersion, kind)) this.admin++;
    else if (isEndpointKind(kind)) this.endpoints++;
    else {
      increment(this.ignored, kind);
      if (isUnmodelledPolicy(apiVersion, kind)) increment(this.unmodelled, `${typeof apiVersion === "string" ? apiVersion : "(no apiVersion)"} ${kind}`);
    }
  }

  /** An object known to be a Pod or workload (a reading thread's endpoint record). */
  addEndpoint(): void {
    this.objects++;
    this.endpoints++;
  }

  summary(): InputSummary {
    const { objects, policies, endpoints, namespaces, calico, admin } = this;
    return { objects, policies, endpoints, namespaces, calico, admin, ignored: sortedCounts(this.ignored), unmodelledPolicies: sortedCounts(this.unmodelled) };
  }
}

function count(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

function kindList(kinds: readonly KindCount[]): string {
  const shown = kinds.slice(0, SHOWN_KINDS).map(({ kind, count: n }) => `${kind} ×${n.toLocaleString("en-US")}`);
  const rest = kinds.slice(SHOWN_KINDS);
  if (rest.length > 0) {
    const objects = rest.reduce((sum, { count: n }) => sum + n, 0);
    shown.push(`${count(rest.length, "more kind", "more kinds")} ×${objects.toLocaleString("en-US")}`);
  }
  return shown.join(", ");
}

/** "read 12 NetworkPolicies, 40 pods/workloads, 3 namespaces; ignored 9 objects (ConfigMap ×5, Service ×4)". */
export function summaryLine(summary: InputSummary): string {
  const calico = summary.calico === 0 ? "" : `, ${count(summary.calico, "Calico object", "Calico objects")}`;
  const admin = summary.admin === 0 ? "" : `, ${count(summary.admin, "admin network policy", "admin network policies")}`;
  const read = `read ${count(summary.policies, "NetworkPolicy", "NetworkPolicies")}${calico}${admin}, ${count(summary.endpoints, "pod/workload", "pods/workloads")}, ${count(summary.namespaces, "namespace", "namespaces")}`;
  const ignoredCount = summary.objects - summary.policies - summary.calico - summary.admin - summary.endpoints - summary.namespaces;
  return ignoredCount === 0 ? `${read}; nothing ignored` : `${read}; ignored ${count(ignoredCount, "object", "objects")} (${kindList(summary.ignored)})`;
}

/** One warning when policies of unmodelled kinds were ignored: the answer leaves them out. */
export function summaryWarnings(summary: InputSummary): string[] {
  if (summary.unmodelledPolicies.length === 0) return [];
  const total = summary.unmodelledPolicies.reduce((sum, { count: n }) => sum + n, 0);
  const [them, they] = total === 1 ? ["it", "it"] : ["them", "they"];
  return [
    `ignored ${count(total, "policy", "policies")} of a kind this analyzer does not model (${kindList(summary.unmodelledPolicies)}): ` +
      `reachability is computed without ${them}, so ${they} may deny traffic shown as allowed (or allow traffic shown as denied)`,
  ];
}
