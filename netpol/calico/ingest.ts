/**
 * projectcalico.org/v3 Tier, GlobalNetworkPolicy, NetworkPolicy, GlobalNetworkSet and NetworkSet
 * -> the Calico part of the model, with the Kubernetes NetworkPolicies placed in the default tier
 * at order 1000, as Calico runs them. Problems (unknown tier, bad selector, conflicting fields)
 * name the object and the field.
 */
import { checkFields, FIELDS } from "../ingest/fields";
import { describe, labelsOf, optionalList, optionalRecord, Report } from "../ingest/report";
import { PolicyModel } from "../model";
import { isRecord } from "../parse";
import { ADMIN_KINDS, buildAdminPolicy, isAdminObject, warnEqualPriorities } from "./admin";
import {
  ADMIN_TIER, ADMIN_TIER_ORDER, AdminTierPolicy, BASELINE_TIER, BASELINE_TIER_ORDER,
  CalicoModel, CalicoPolicy, CalicoRule, DEFAULT_TIER, DEFAULT_TIER_ORDER, KUBERNETES_POLICY_ORDER, NetworkSetModel, TieredPolicy, TierModel,
} from "./model";
import { buildCalicoRule, buildCidrs, buildSelectorField, Warn } from "./rules";
import { parseCalicoSelector } from "./selector";

export const CALICO_API_VERSION = "projectcalico.org/v3";
export const CALICO_KINDS: readonly string[] = ["Tier", "GlobalNetworkPolicy", "NetworkPolicy", "GlobalNetworkSet", "NetworkSet"];
const GLOBAL_KINDS: ReadonlySet<string> = new Set(["Tier", "GlobalNetworkPolicy", "GlobalNetworkSet"]);

/** Tiers Calico v3.31 creates itself: default, and those of the Kubernetes admin policies. */
const BUILT_IN_TIERS: readonly TierModel[] = [
  { name: ADMIN_TIER, order: ADMIN_TIER_ORDER, defaultAction: "Pass", policies: [] },
  { name: DEFAULT_TIER, order: DEFAULT_TIER_ORDER, defaultAction: "Deny", policies: [] },
  { name: BASELINE_TIER, order: BASELINE_TIER_ORDER, defaultAction: "Pass", policies: [] },
];

const SPEC_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Tier: ["defaultAction", "order"],
  GlobalNetworkPolicy: ["applyOnForward", "doNotTrack", "egress", "ingress", "namespaceSelector", "order", "performanceHints", "preDNAT", "selector", "serviceAccountSelector", "tier", "types"],
  NetworkPolicy: ["egress", "ingress", "order", "performanceHints", "selector", "serviceAccountSelector", "tier", "types"],
  GlobalNetworkSet: ["allowedEgressDomains", "nets"],
  NetworkSet: ["allowedEgressDomains", "nets"],
};

export function isCalicoObject(apiVersion: unknown, kind: string): boolean {
  return apiVersion === CALICO_API_VERSION && CALICO_KINDS.includes(kind);
}

/** A policy object of the tier model: Calico's projectcalico.org/v3 objects and the admin network policies. */
export function isTieredObject(apiVersion: unknown, kind: string): boolean {
  return isCalicoObject(apiVersion, kind) || isAdminObject(apiVersion, kind);
}

export function isGlobalCalicoKind(kind: string): boolean {
  return GLOBAL_KINDS.has(kind);
}

export interface CalicoSource {
  readonly kind: string;
  readonly name: string;
  /** Undefined for the global kinds. */
  readonly namespace?: string;
  readonly object: Record<string, unknown>;
  readonly report: Report;
  readonly warn: Warn;
}

function specOf(source: CalicoSource): Record<string, unknown> {
  checkFields(source.object, FIELDS.policy, "", source.report);
  checkFields(source.object["metadata"], FIELDS.metadata, "metadata", source.report);
  const spec = optionalRecord(source.object["spec"], "spec", source.report) ?? {};
  checkFields(spec, SPEC_FIELDS[source.kind], "spec", source.report);
  return spec;
}

function buildOrder(raw: unknown, report: Report): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Number.isFinite(raw)) return raw as number;
  report("spec.order", `expected a finite number, got ${describe(raw)}`);
  return undefined;
}

function buildTier(source: CalicoSource): TierModel {
  const spec = specOf(source);
  const action = spec["defaultAction"] ?? "Deny";
  if (action !== "Deny" && action !== "Pass") source.report("spec.defaultAction", `${describe(action)} is not a tier default action (expected Deny or Pass)`);
  // Stryker disable next-line ArrayDeclaration: the tier's policies are filled in when the model is assembled (buildCalicoModel)
  return { name: source.name, order: buildOrder(spec["order"], source.report), defaultAction: action === "Pass" ? "Pass" : "Deny", policies: [] };
}

/** Calico's `types` defaulting: Egress alone when there are egress rules and no ingress rules; else Ingress, plus Egress with egress rules. */
function policyTypes(spec: Record<string, unknown>, report: Report): Set<"ingress" | "egress"> {
  const written = optionalList(spec["types"], "spec.types", report);
  // Stryker disable next-line StringLiteral: the path goes to a reporter that drops it (the field is reported where its rules are read)
  const has = (field: string): boolean => (optionalList(spec[field], `spec.${field}`, () => undefined) ?? []).length > 0;
  if (written === undefined || written.length === 0) {
    if (has("egress") && !has("ingress")) return new Set(["egress"]);
    return new Set(has("egress") ? ["ingress", "egress"] : ["ingress"]);
  }
  const types = new Set<"ingress" | "egress">();
  written.forEach((type, i) => {
    if (type === "Ingress") types.add("ingress");
    else if (type === "Egress") types.add("egress");
    else report(`spec.types[${i}]`, `unknown policy type ${describe(type)} (expected Ingress or Egress)`);
  });
  for (const direction of ["ingress", "egress"] as const) {
    if (!types.has(direction) && has(direction)) report(`spec.${direction}`, `has rules but spec.types does not include ${direction === "ingress" ? "Ingress" : "Egress"}`);
  }
  return types;
}

function buildRules(spec: Record<string, unknown>, direction: "ingress" | "egress", types: Set<string>, source: CalicoSource): readonly CalicoRule[] | null {
  if (!types.has(direction)) return null;
  const rules = optionalList(spec[direction], `spec.${direction}`, source.report) ?? [];
  // Stryker disable next-line ArrayDeclaration: a rule is undefined only after a reported problem, and then the model is rejected
  return Object.freeze(rules.flatMap((rule, i) => buildCalicoRule(rule, `spec.${direction}[${i}]`, source.report, source.warn) ?? []));
}

function buildCalicoPolicy(source: CalicoSource): CalicoPolicy | undefined {
  const spec = specOf(source);
  const global = source.kind === "GlobalNetworkPolicy";
  for (const field of ["preDNAT", "doNotTrack"]) {
    if (spec[field] === true) {
      source.warn(`spec.${field}`, "policies with this field apply to host endpoints only, which are outside the model: the policy is left out");
      return undefined;
    }
  }
  if (spec["applyOnForward"] === true) source.warn("spec.applyOnForward", "forwarded traffic through host endpoints is outside the model (the policy is evaluated for pods only)");
  const tier = spec["tier"] ?? DEFAULT_TIER;
  if (typeof tier !== "string" || tier === "") source.report("spec.tier", `${describe(tier)} is not a tier name`);
  const types = policyTypes(spec, source.report);
  // No selector, or "" (which parses to all()): every endpoint.
  const selector = buildSelectorField(spec["selector"], "spec.selector", source.report);
  const namespaceSelector = global ? buildSelectorField(spec["namespaceSelector"], "spec.namespaceSelector", source.report) : undefined;
  const serviceAccountSelector = buildSelectorField(spec["serviceAccountSelector"], "spec.serviceAccountSelector", source.report);
  const order = buildOrder(spec["order"], source.report);
  return Object.freeze({
    kind: global ? "GlobalNetworkPolicy" : "NetworkPolicy",
    id: global ? `GlobalNetworkPolicy ${source.name}` : `NetworkPolicy ${source.namespace}/${source.name} (projectcalico.org/v3)`,
    name: source.name,
    ...(global ? {} : { namespace: source.namespace }),
    tier: typeof tier === "string" ? tier : DEFAULT_TIER,
    ...(order === undefined ? {} : { order }),
    selector: selector ?? parseCalicoSelector("all()"),
    ...(namespaceSelector === undefined ? {} : { namespaceSelector }),
    ...(serviceAccountSelector === undefined ? {} : { serviceAccountSelector }),
    ingress: buildRules(spec, "ingress", types, source),
    egress: buildRules(spec, "egress", types, source),
  }) as CalicoPolicy;
}

function buildNetworkSet(source: CalicoSource): NetworkSetModel {
  const spec = specOf(source);
  if (spec["allowedEgressDomains"] !== undefined) source.warn("spec.allowedEgressDomains", "domain names are outside the model: only spec.nets are matched");
  const metadata = isRecord(source.object["metadata"]) ? source.object["metadata"] : {};
  const labels = labelsOf(metadata["labels"], "metadata.labels", source.report);
  const nets = buildCidrs(spec["nets"], "spec.nets", source.report) ?? [];
  return Object.freeze({ namespace: source.namespace, labels, nets });
}

/** Calico's order: by order (none last), then by name. */
function byOrderThenName<T extends { readonly order?: number; readonly name: string }>(a: T, b: T): number {
  const ao = a.order ?? Infinity;
  const bo = b.order ?? Infinity;
  if (ao !== bo) return ao - bo;
  if (a.name < b.name) return -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: Array.prototype.sort (V8) only asks whether a result is below 0, so 1 and 0 sort alike
  return a.name > b.name ? 1 : 0;
}

/**
 * Undefined when the input has no Calico policy or tier and no admin policy (plain Kubernetes
 * semantics apply and the fast engine can answer); else every tier with its policies in evaluation
 * order. `sources` may hold AdminNetworkPolicies and the BaselineAdminNetworkPolicy (netpol/calico/admin.ts):
 * they go to their own tiers, so that ANP -> NetworkPolicy -> BANP holds with or without Calico objects.
 */
export function buildCalicoModel(
  sources: readonly CalicoSource[],
  kubernetesPolicies: readonly PolicyModel[],
  serviceAccountLabels: CalicoModel["serviceAccountLabels"],
): CalicoModel | undefined {
  const tiers = new Map<string, TierModel>(BUILT_IN_TIERS.map((tier) => [tier.name, tier]));
  for (const source of sources.filter((s) => s.kind === "Tier")) tiers.set(source.name, buildTier(source));
  const policySources = sources.filter((s) => s.kind === "GlobalNetworkPolicy" || s.kind === "NetworkPolicy");
  const members = new Map<string, TieredPolicy[]>([...tiers.keys()].map((name) => [name, []]));
  for (const source of policySources) {
    const policy = buildCalicoPolicy(source);
    if (policy === undefined) continue;
    const tier = members.get(policy.tier);
    if (tier !== undefined) tier.push(policy);
    else if (policy.tier !== "") source.report("spec.tier", `tier "${policy.tier}" does not exist (declared tiers: ${[...tiers.keys()].sort().join(", ")}; add a projectcalico.org/v3 Tier)`);
  }
  const adminSources = sources.filter((s) => ADMIN_KINDS.includes(s.kind));
  // Stryker disable next-line ArrayDeclaration: a policy is undefined only after a reported problem, and then the model is rejected
  const adminPolicies = adminSources.flatMap((source) => buildAdminPolicy(source) ?? []);
  warnEqualPriorities(adminPolicies, adminSources);
  // Stryker disable next-line OptionalChaining: the admin policies' tiers are built in, so always members
  for (const policy of adminPolicies) members.get(policy.tier)?.push(policy as AdminTierPolicy);
  const networkSets = sources.filter((s) => s.kind === "GlobalNetworkSet" || s.kind === "NetworkSet").map(buildNetworkSet);
  const hasTiers = sources.some((s) => s.kind === "Tier");
  if (policySources.length === 0 && !hasTiers && adminSources.length === 0) return undefined;
  for (const policy of kubernetesPolicies) {
    // Stryker disable next-line OptionalChaining: the default tier is built in, so always a member list
    members.get(DEFAULT_TIER)?.push({ kind: "KubernetesNetworkPolicy", id: policy.id, name: `knp.default.${policy.name}`, tier: DEFAULT_TIER, order: KUBERNETES_POLICY_ORDER, policy });
  }
  // Stryker disable next-line ArrayDeclaration: every tier has a member list (made from the same keys)
  const membersOf = (tier: TierModel): readonly TieredPolicy[] => members.get(tier.name) ?? [];
  const ordered = [...tiers.values()].map((tier) => Object.freeze({ ...tier, policies: Object.freeze([...membersOf(tier)].sort(byOrderThenName)) }));
  return Object.freeze({ tiers: Object.freeze(ordered.sort(byOrderThenName)), networkSets: Object.freeze(networkSets), serviceAccountLabels });
}
