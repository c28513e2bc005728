/**
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy -> the tier
 * model, read strictly against the upstream API types (kubernetes-sigs/network-policy-api
 * `apis/v1alpha1`, release v0.1.7): unknown fields, a subject or peer with other than exactly one
 * field, a priority outside 0-1000, a BaselineAdminNetworkPolicy not named `default`, an action
 * the kind does not have, invalid ports and CIDRs are problems naming the object and the field.
 * Fields whose effect is outside the model (`nodes`, `domainNames`) are warned about, never dropped
 * in silence.
 *
 * Calico runs these objects in two tiers of its own (docs "Get started with policy tiers"): every
 * AdminNetworkPolicy in the `adminnetworkpolicy` tier (order 1,000, before the default tier; its
 * priority is the policy's order) and the BaselineAdminNetworkPolicy in `baselineadminnetworkpolicy`
 * (order 10,000,000, after the default tier), both with default action Pass.
 */
import { parseCidr } from "../addresses";
import { checkFields, FIELDS } from "../ingest/fields";
import { buildPortNumber, isPortName, portNameReason } from "../ingest/ports";
import { describe, itemRecord, optionalList, optionalRecord, Report } from "../ingest/report";
import { buildSelector } from "../ingest/selectors";
import { Cidr, PortMatcher, Protocol, PROTOCOLS, Selector } from "../model";
import { isRecord } from "../parse";
import { AdminAction, AdminPeer, AdminRule, AdminTierPolicy, ADMIN_TIER, BASELINE_TIER } from "./model";
import { namedPort, Warn } from "./rules";

export const ADMIN_API_VERSION = "policy.networking.k8s.io/v1alpha1";
export const ADMIN_KINDS: readonly string[] = ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy"];
/** The only name a BaselineAdminNetworkPolicy may have (a singleton, enforced by the CRD). */
export const BASELINE_NAME = "default";
export const MIN_PRIORITY = 0;
export const MAX_PRIORITY = 1000;
const MAX_RULES = 100;
const MAX_PEERS = 100;
const MAX_PORTS = 100;
const MAX_NETWORKS = 25;
const MAX_RULE_NAME = 100;

/** The fields of the v1alpha1 types (Status is read-only and accepted). */
const ADMIN_FIELDS = {
  object: [...FIELDS.policy, "status"],
  anpSpec: ["egress", "ingress", "priority", "subject"],
  banpSpec: ["egress", "ingress", "subject"],
  subject: ["namespaces", "pods"],
  namespacedPod: ["namespaceSelector", "podSelector"],
  ingressRule: ["action", "from", "name", "ports"],
  egressRule: ["action", "name", "ports", "to"],
  ingressPeer: ["namespaces", "pods"],
  anpEgressPeer: ["domainNames", "namespaces", "networks", "nodes", "pods"],
  banpEgressPeer: ["namespaces", "networks", "nodes", "pods"],
  port: ["namedPort", "portNumber", "portRange"],
  portNumber: ["port", "protocol"],
  portRange: ["end", "protocol", "start"],
} as const satisfies Record<string, readonly string[]>;

export function isAdminObject(apiVersion: unknown, kind: string): boolean {
  return apiVersion === ADMIN_API_VERSION && ADMIN_KINDS.includes(kind);
}

export interface AdminSource {
  readonly kind: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
  readonly report: Report;
  readonly warn: Warn;
}

type Kind = AdminTierPolicy["kind"];

/** The one field of a mapping that must have exactly one set (subject, peer, port); undefined when not exactly one. */
function exactlyOne(record: Record<string, unknown>, known: readonly string[], path: string, report: Report): string | undefined {
  const set = known.filter((field) => record[field] !== undefined && record[field] !== null);
  if (set.length === 1) return set[0];
  const listed = known.join(", ");
  report(path, set.length === 0 ? `exactly one of ${listed} must be set, found none` : `exactly one of ${listed} must be set, found ${set.join(" and ")}`);
  return undefined;
}

function requiredSelector(raw: unknown, path: string, report: Report, what: string): Selector | undefined {
  if (raw === undefined || raw === null) {
    report(path, `is required (use {} to select every ${what})`);
    return undefined;
  }
  return buildSelector(raw, path, report);
}

/** NamespacedPod: both selectors required. */
function buildNamespacedPod(raw: unknown, path: string, report: Report): { namespaces: Selector; pods: Selector } | undefined {
  const record = optionalRecord(raw, path, report);
  if (record === undefined) return undefined;
  checkFields(record, ADMIN_FIELDS.namespacedPod, path, report);
  const namespaces = requiredSelector(record["namespaceSelector"], `${path}.namespaceSelector`, report, "namespace");
  const pods = requiredSelector(record["podSelector"], `${path}.podSelector`, report, "pod");
  // Stryker disable next-line ConditionalExpression,LogicalOperator: after a reported problem the model is rejected, so this value is never read
  return namespaces === undefined || pods === undefined ? undefined : { namespaces, pods };
}

function buildSubject(raw: unknown, report: Report): AdminTierPolicy["subject"] | undefined {
  const subject = optionalRecord(raw, "spec.subject", report);
  if (subject === undefined) {
    report("spec.subject", "is required (exactly one of namespaces, pods)");
    return undefined;
  }
  checkFields(subject, ADMIN_FIELDS.subject, "spec.subject", report);
  const field = exactlyOne(subject, ADMIN_FIELDS.subject, "spec.subject", report);
  if (field === "namespaces") return { namespaces: buildSelector(subject["namespaces"], "spec.subject.namespaces", report) };
  if (field === "pods") return buildNamespacedPod(subject["pods"], "spec.subject.pods", report);
  return undefined;
}

function buildPriority(raw: unknown, report: Report): number | undefined {
  if (raw === undefined || raw === null) {
    report("spec.priority", `is required (an integer from ${MIN_PRIORITY} to ${MAX_PRIORITY}; lower is evaluated first)`);
    return undefined;
  }
  if (Number.isInteger(raw) && (raw as number) >= MIN_PRIORITY && (raw as number) <= MAX_PRIORITY) return raw as number;
  report("spec.priority", `${describe(raw)} is not a priority (expected an integer from ${MIN_PRIORITY} to ${MAX_PRIORITY}; lower is evaluated first)`);
  return undefined;
}

/** `protocol` of portNumber/portRange: absent means TCP (a CRD default); TCP, UDP, SCTP, case-sensitive. */
function buildAdminProtocol(raw: unknown, path: string, report: Report): Protocol | undefined {
  if (raw === undefined || raw === null) return "TCP";
  if (PROTOCOLS.includes(raw as Protocol)) return raw as Protocol;
  report(path, `unknown protocol ${describe(raw)} (expected TCP, UDP or SCTP)`);
  return undefined;
}

function buildAdminPort(raw: unknown, path: string, report: Report): PortMatcher[] {
  const port = itemRecord(raw, path, report);
  // Stryker disable next-line ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
  if (port === undefined) return [];
  checkFields(port, ADMIN_FIELDS.port, path, report);
  const field = exactlyOne(port, ADMIN_FIELDS.port, path, report);
  if (field === "namedPort") {
    const name = port["namedPort"];
    if (typeof name !== "string" || !isPortName(name)) {
      report(`${path}.namedPort`, portNameReason(name));
      // Stryker disable next-line ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
      return [];
    }
    // A named port carries no protocol: it matches the destination's container port of that name, whatever its protocol.
    return PROTOCOLS.map((protocol) => namedPort(protocol, name));
  }
  if (field === "portNumber") {
    const at = `${path}.portNumber`;
    const record = optionalRecord(port["portNumber"], at, report);
    // Stryker disable next-line ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
    if (record === undefined) return [];
    checkFields(record, ADMIN_FIELDS.portNumber, at, report);
    const protocol = buildAdminProtocol(record["protocol"], `${at}.protocol`, report);
    const number = buildPortNumber(record["port"], `${at}.port`, report);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
    return protocol === undefined || number === undefined ? [] : [{ kind: "range", protocol, first: number, last: number }];
  }
  if (field === "portRange") {
    const at = `${path}.portRange`;
    const record = optionalRecord(port["portRange"], at, report);
    // Stryker disable next-line ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
    if (record === undefined) return [];
    checkFields(record, ADMIN_FIELDS.portRange, at, report);
    const protocol = buildAdminProtocol(record["protocol"], `${at}.protocol`, report);
    const start = buildPortNumber(record["start"], `${at}.start`, report);
    const end = buildPortNumber(record["end"], `${at}.end`, report);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a comparison with an undefined bound is false anyway
    if (start !== undefined && end !== undefined && start > end) {
      report(`${at}.end`, `${end} is below start ${start} (the range is start-end, inclusive)`);
      // Stryker disable next-line ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
      return [];
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator,ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
    return protocol === undefined || start === undefined || end === undefined ? [] : [{ kind: "range", protocol, first: start, last: end }];
  }
  // Stryker disable next-line ArrayDeclaration: no field or several is a reported problem, and the model is rejected
  return [];
}

function buildNetworks(raw: unknown, path: string, report: Report): Cidr[] {
  // Stryker disable next-line ArrayDeclaration: networks is set (exactly one field), so only a reported non-list gets here empty
  const list = optionalList(raw, path, report) ?? [];
  if (list.length === 0) report(path, "must list at least one CIDR");
  if (list.length > MAX_NETWORKS) report(path, `has ${list.length} CIDRs; at most ${MAX_NETWORKS} are allowed`);
  return list.flatMap((text, i) => {
    const cidr = typeof text === "string" ? parseCidr(text) : undefined;
    if (cidr === undefined) report(`${path}[${i}]`, `${describe(text)} is not a valid CIDR (expected like 10.0.0.0/8 or fd00::/8)`);
    // Stryker disable next-line ConditionalExpression,ArrayDeclaration: after a reported problem the model is rejected, so this value is never read
    return cidr === undefined ? [] : [Object.freeze(cidr)];
  });
}

function buildPeer(raw: unknown, path: string, kind: Kind, egress: boolean, report: Report, warn: Warn): AdminPeer | undefined {
  const peer = itemRecord(raw, path, report);
  if (peer === undefined) return undefined;
  const known = !egress ? ADMIN_FIELDS.ingressPeer : kind === "AdminNetworkPolicy" ? ADMIN_FIELDS.anpEgressPeer : ADMIN_FIELDS.banpEgressPeer;
  checkFields(peer, known, path, report);
  const field = exactlyOne(peer, known, path, report);
  switch (field) {
    case "namespaces":
      return { kind: "namespaces", namespaces: buildSelector(peer["namespaces"], `${path}.namespaces`, report) };
    case "pods": {
      const pods = buildNamespacedPod(peer["pods"], `${path}.pods`, report);
      // Stryker disable next-line ConditionalExpression: after a reported problem the model is rejected, so this value is never read
      return pods === undefined ? undefined : { kind: "pods", ...pods };
    }
    case "networks":
      return { kind: "networks", nets: Object.freeze(buildNetworks(peer["networks"], `${path}.networks`, report)) };
    case "nodes": {
      const nodes = buildSelector(peer["nodes"], `${path}.nodes`, report);
      warn(`${path}.nodes`, "node peers are outside the model (nodes are not endpoints, and node IPs are not known): the peer is evaluated as matching nothing");
      return { kind: "nodes", nodes };
    }
    case "domainNames": {
      const names = (optionalList(peer["domainNames"], `${path}.domainNames`, report) ?? []).filter((name, i) => {
        if (typeof name !== "string" || name === "") report(`${path}.domainNames[${i}]`, `expected a domain name, got ${describe(name)}`);
        return typeof name === "string";
      }) as string[];
      warn(`${path}.domainNames`, "domain names are outside the model: the peer is evaluated as matching nothing");
      return { kind: "domainNames", names: Object.freeze(names) };
    }
  }
  return undefined; // no field, or several: reported by exactlyOne
}

function buildRule(raw: unknown, path: string, kind: Kind, egress: boolean, report: Report, warn: Warn): AdminRule | undefined {
  const rule = itemRecord(raw, path, report);
  if (rule === undefined) return undefined;
  checkFields(rule, egress ? ADMIN_FIELDS.egressRule : ADMIN_FIELDS.ingressRule, path, report);
  const actions: readonly AdminAction[] = kind === "AdminNetworkPolicy" ? ["Allow", "Deny", "Pass"] : ["Allow", "Deny"];
  const action = rule["action"];
  if (!actions.includes(action as AdminAction)) {
    const expected = actions.length === 3 ? "Allow, Deny or Pass" : "Allow or Deny";
    const why = action === "Pass" ? " (Pass exists in AdminNetworkPolicy only: a baseline has nothing after it to pass to)" : "";
    report(`${path}.action`, `${describe(action)} is not an action of ${kind} (expected ${expected})${why}`);
  }
  const name = rule["name"];
  if (name !== undefined && name !== null && (typeof name !== "string" || name.length > MAX_RULE_NAME)) {
    report(`${path}.name`, `${typeof name === "string" ? `is ${name.length} characters long` : `${describe(name)} is not a string`} (expected a name of at most ${MAX_RULE_NAME} characters)`);
  }
  const peerField = egress ? "to" : "from";
  const rawPeers = optionalList(rule[peerField], `${path}.${peerField}`, report);
  if (rawPeers === undefined || rawPeers.length === 0) report(`${path}.${peerField}`, `is required and must list at least one peer (an empty ${peerField} is not "everything" here)`);
  else if (rawPeers.length > MAX_PEERS) report(`${path}.${peerField}`, `has ${rawPeers.length} peers; at most ${MAX_PEERS} are allowed`);
  // Stryker disable next-line ArrayDeclaration: after a reported problem the model is rejected, so this value is never read (no list of peers, or an unreadable peer)
  const peers = (rawPeers ?? []).flatMap((peer, i) => buildPeer(peer, `${path}.${peerField}[${i}]`, kind, egress, report, warn) ?? []);
  const rawPorts = optionalList(rule["ports"], `${path}.ports`, report);
  if (rawPorts !== undefined && rawPorts.length === 0) report(`${path}.ports`, "must list at least one port when present (leave it out to match every port)");
  if (rawPorts !== undefined && rawPorts.length > MAX_PORTS) report(`${path}.ports`, `has ${rawPorts.length} ports; at most ${MAX_PORTS} are allowed`);
  const ports = rawPorts === undefined ? null : rawPorts.flatMap((port, i) => buildAdminPort(port, `${path}.ports[${i}]`, report));
  // Stryker disable next-line ArrayDeclaration: without ports no entry is a mapping with a namedPort, junk or not
  const named = (rawPorts ?? []).some((port) => isRecord(port) && port["namedPort"] !== undefined && port["namedPort"] !== null);
  const addressPeer = peers.find((peer) => peer.kind === "networks" || peer.kind === "nodes" || peer.kind === "domainNames");
  if (named && addressPeer !== undefined) report(`${path}.ports`, `a namedPort cannot be used with a ${addressPeer.kind} peer (there are no named ports on those)`);
  // Stryker disable next-line ConditionalExpression: a bad action was reported above, so the model is rejected whatever is returned
  if (!actions.includes(action as AdminAction)) return undefined;
  return Object.freeze({
    ...(typeof name === "string" && name !== "" ? { name } : {}),
    action: action as AdminAction,
    peers: Object.freeze(peers),
    ports: Object.freeze(ports),
  });
}

/** "do not affect" a direction without rules: null, so the policy does not take part in it. */
function buildRules(spec: Record<string, unknown>, direction: "ingress" | "egress", kind: Kind, report: Report, warn: Warn): readonly AdminRule[] | null {
  const path = `spec.${direction}`;
  const rules = optionalList(spec[direction], path, report) ?? [];
  if (rules.length > MAX_RULES) report(path, `has ${rules.length} rules; at most ${MAX_RULES} are allowed`);
  // Stryker disable next-line ArrayDeclaration: a rule is undefined only after a reported problem, and then the model is rejected
  const built = rules.flatMap((rule, i) => buildRule(rule, `${path}[${i}]`, kind, direction === "egress", report, warn) ?? []);
  return rules.length === 0 ? null : Object.freeze(built);
}

/** One AdminNetworkPolicy or BaselineAdminNetworkPolicy; undefined when it has problems (they are reported). */
export function buildAdminPolicy(source: AdminSource): AdminTierPolicy | undefined {
  const kind = source.kind as Kind;
  const baseline = kind === "BaselineAdminNetworkPolicy";
  const { report, warn } = source;
  checkFields(source.object, ADMIN_FIELDS.object, "", report);
  checkFields(source.object["metadata"], FIELDS.metadata, "metadata", report);
  if (baseline && source.name !== BASELINE_NAME) {
    report("metadata.name", `${JSON.stringify(source.name)}: a BaselineAdminNetworkPolicy must be named "${BASELINE_NAME}" (there is one per cluster)`);
  }
  const spec = optionalRecord(source.object["spec"], "spec", report);
  if (spec === undefined) {
    report("spec", "is required");
    return undefined;
  }
  checkFields(spec, baseline ? ADMIN_FIELDS.banpSpec : ADMIN_FIELDS.anpSpec, "spec", report);
  const priority = baseline ? undefined : buildPriority(spec["priority"], report);
  const subject = buildSubject(spec["subject"], report);
  const ingress = buildRules(spec, "ingress", kind, report, warn);
  const egress = buildRules(spec, "egress", kind, report, warn);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a missing subject or priority was reported, so the model is rejected whatever is returned
  if (subject === undefined || (!baseline && priority === undefined)) return undefined;
  return Object.freeze({
    kind,
    id: `${kind} ${source.name}`,
    name: source.name,
    tier: baseline ? BASELINE_TIER : ADMIN_TIER,
    order: priority,
    subject: Object.freeze(subject),
    ingress,
    egress,
  });
}

/**
 * Upstream leaves the order of two AdminNetworkPolicies of equal priority undefined ("the
 * implementation can apply any of the matching policies"): warn, naming both; they are then
 * ordered by name, as Calico orders equal orders in a tier.
 */
export function warnEqualPriorities(policies: readonly AdminTierPolicy[], sources: readonly AdminSource[]): void {
  const byPriority = new Map<number, AdminTierPolicy[]>();
  for (const policy of policies) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only the BaselineAdminNetworkPolicy has no priority, and as one per cluster its group of one never warns
    if (policy.kind !== "AdminNetworkPolicy" || policy.order === undefined) continue;
    byPriority.set(policy.order, [...(byPriority.get(policy.order) ?? []), policy]);
  }
  for (const [priority, same] of byPriority) {
    // Stryker disable next-line ConditionalExpression: a group of one has no second name, so no source is found to warn
    if (same.length < 2) continue;
    const names = same.map((policy) => policy.name).sort();
    const source = sources.find((s) => s.kind === "AdminNetworkPolicy" && s.name === names[1]);
    // Stryker disable next-line OptionalChaining: a group of two or more always finds the source of its second name
    source?.warn(
      "spec.priority",
      `${priority} is also the priority of AdminNetworkPolicy ${names.filter((name) => name !== names[1]).join(", ")}: upstream leaves the order of equal priorities undefined; evaluated by name (${names.join(", ")})`,
    );
  }
}
