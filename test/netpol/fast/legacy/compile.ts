// Frozen copy of netpol/fast/ before issue 13 (test oracle only).
/**
 * Policies turned once into class-level facts: each rule's peer set as a bitset over classes,
 * and for each class the rules that govern it per direction (null when not isolated).
 */
import { Direction, NetpolModel, PolicyModel, PortMatcher } from "../../../../netpol/model";
import { Bitset, emptyBitset, has, set } from "./bitset";
import { ClassGrouping } from "./classes";
import { ClassSets } from "./selectors";

export interface CompiledRule {
  /** Unique across the model: caches key on it. */
  readonly id: number;
  readonly peers: Bitset;
  /** null: every port and protocol. */
  readonly ports: readonly PortMatcher[] | null;
}

/** Per class index: the rules of every policy isolating it; null when no policy isolates it. */
export type RulesByClass = readonly (readonly CompiledRule[] | null)[];

export interface CompiledPolicies {
  readonly sets: ClassSets;
  /** Every rule of every policy, both directions. */
  readonly rules: readonly CompiledRule[];
  readonly ingress: RulesByClass;
  readonly egress: RulesByClass;
  /** "name/protocol/port" -> pod classes that have that named container port. */
  readonly namedPorts: ReadonlyMap<string, Bitset>;
}

export const namedPortKey = (name: string, protocol: string, port: number): string => `${name}/${protocol}/${port}`;

function namedPortIndex(grouping: ClassGrouping): Map<string, Bitset> {
  const index = new Map<string, Bitset>();
  for (let classIndex = 0; classIndex < grouping.podClassCount; classIndex++) {
    const pod = grouping.classes[classIndex]?.representative;
    if (pod?.kind !== "pod") continue;
    for (const port of pod.ports) {
      if (port.name === undefined) continue;
      const key = namedPortKey(port.name, port.protocol, port.port);
      const bits = index.get(key) ?? emptyBitset(grouping.classes.length);
      set(bits, classIndex);
      index.set(key, bits);
    }
  }
  return index;
}

/** For one direction: class -> rules, sharing one array among classes isolated by the same policies. */
function rulesByClass(
  policies: readonly PolicyModel[],
  direction: Direction,
  compiledRules: readonly (readonly CompiledRule[] | null)[],
  targets: readonly number[][],
  size: number,
): RulesByClass {
  const policiesOf: number[][] = Array.from({ length: size }, () => []);
  policies.forEach((policy, policyIndex) => {
    if (policy[direction] === null) return;
    for (const classIndex of targets[policyIndex] ?? []) policiesOf[classIndex]?.push(policyIndex);
  });
  const shared = new Map<string, readonly CompiledRule[]>();
  return policiesOf.map((policyIndices) => {
    if (policyIndices.length === 0) return null;
    const key = policyIndices.join(",");
    const cached = shared.get(key);
    if (cached !== undefined) return cached;
    const rules = policyIndices.flatMap((policyIndex) => compiledRules[policyIndex] ?? []);
    shared.set(key, rules);
    return rules;
  });
}

/** The classes a policy selects: pod classes of its own namespace whose labels match its target. */
function targetClasses(policy: PolicyModel, grouping: ClassGrouping, sets: ClassSets): number[] {
  const range = grouping.namespaceRanges.get(policy.namespace);
  if (range === undefined) return [];
  const selected = sets.podSelector(policy.target);
  const result: number[] = [];
  for (let classIndex = range.first; classIndex < range.end; classIndex++) if (has(selected, classIndex)) result.push(classIndex);
  return result;
}

export function compilePolicies(model: NetpolModel, grouping: ClassGrouping): CompiledPolicies {
  const sets = new ClassSets(model, grouping);
  let nextId = 0;
  const compile = (direction: Direction): (readonly CompiledRule[] | null)[] =>
    model.policies.map((policy) => policy[direction]?.map((rule) => ({ id: nextId++, peers: sets.rulePeers(rule.peers), ports: rule.ports })) ?? null);
  const ingressRules = compile("ingress");
  const egressRules = compile("egress");
  const targets = model.policies.map((policy) => targetClasses(policy, grouping, sets));
  const size = grouping.classes.length;
  return {
    sets,
    rules: [...ingressRules, ...egressRules].flatMap((rules) => rules ?? []),
    ingress: rulesByClass(model.policies, "ingress", ingressRules, targets, size),
    egress: rulesByClass(model.policies, "egress", egressRules, targets, size),
    namedPorts: namedPortIndex(grouping),
  };
}
