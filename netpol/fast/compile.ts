/**
 * Policies turned once into class-level facts: each rule's peer set as a class set, and for
 * each class the rules that govern it per direction (null when not isolated).
 */
import { Direction, NetpolModel, PolicyModel, PortMatcher, Rule } from "../model";
import { ClassGrouping } from "./classes";
import { ClassSet } from "./classSet";
import { ClassSets, SetOptions } from "./selectors";

export interface CompiledRule {
  /** Unique across the model: caches key on it. */
  readonly id: number;
  readonly peers: ClassSet;
  /** null: every port and protocol. */
  readonly ports: readonly PortMatcher[] | null;
  /** Index into CompiledPolicies.portLists (equal lists share one), -1 for null. */
  readonly portList: number;
}

/** Per class index: the rules of every policy isolating it; null when no policy isolates it. */
export type RulesByClass = readonly (readonly CompiledRule[] | null)[];

export interface CompiledPolicies {
  readonly sets: ClassSets;
  /** Every rule of every policy, both directions. */
  readonly rules: readonly CompiledRule[];
  readonly ingress: RulesByClass;
  readonly egress: RulesByClass;
  /** The distinct port lists of the rules (by value). */
  readonly portLists: readonly (readonly PortMatcher[])[];
  /** "name/protocol/port" -> pod classes (ascending) that have that named container port. */
  readonly namedPorts: ReadonlyMap<string, Int32Array>;
}

export const namedPortKey = (name: string, protocol: string, port: number): string => `${name}/${protocol}/${port}`;

function namedPortIndex(grouping: ClassGrouping): Map<string, Int32Array> {
  const index = new Map<string, number[]>();
  // Stryker disable next-line EqualityOperator: one class more is an external atom or none, skipped below as not a pod
  for (let classIndex = 0; classIndex < grouping.podClassCount; classIndex++) {
    // Stryker disable next-line OptionalChaining: every index below podClassCount has a class
    const pod = grouping.classes[classIndex]?.representative;
    // Stryker disable next-line ConditionalExpression,OptionalChaining: the classes below podClassCount are pods; the check is for the type checker
    if (pod?.kind !== "pod") continue;
    for (const port of pod.ports) {
      if (port.name === undefined) continue;
      const key = namedPortKey(port.name, port.protocol, port.port);
      const list = index.get(key);
      if (list === undefined) index.set(key, [classIndex]);
      else if (list[list.length - 1] !== classIndex) list.push(classIndex);
    }
  }
  return new Map([...index].map(([key, list]) => [key, Int32Array.from(list)]));
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
    // Stryker disable next-line ArrayDeclaration,OptionalChaining: every policy has its targets and every target class its list; the fallbacks are for the type checker
    for (const classIndex of targets[policyIndex] ?? []) policiesOf[classIndex]?.push(policyIndex);
  });
  const shared = new Map<string, readonly CompiledRule[]>();
  return policiesOf.map((policyIndices) => {
    if (policyIndices.length === 0) return null;
    const key = policyIndices.join(",");
    const cached = shared.get(key);
    if (cached !== undefined) return cached;
    // Stryker disable next-line ArrayDeclaration: a policy listed here has rules for this direction (the null ones were skipped above)
    const rules = policyIndices.flatMap((policyIndex) => compiledRules[policyIndex] ?? []);
    shared.set(key, rules);
    return rules;
  });
}

/** Interns port lists by value, so that per-probe work is per distinct list. */
class PortLists {
  readonly lists: (readonly PortMatcher[])[] = [];
  private readonly byKey = new Map<string, number>();

  indexOf(ports: readonly PortMatcher[] | null): number {
    if (ports === null) return -1;
    // Port names are IANA service names (validated on ingest): no ' ' or '/' in them.
    // Stryker disable next-line StringLiteral: a common prefix keeps distinct keys distinct
    let key = "";
    for (const matcher of ports) key += matcher.kind === "range" ? `${matcher.protocol}/${matcher.first}/${matcher.last} ` : `${matcher.protocol}/${matcher.name} `;
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.lists.push(ports) - 1;
      this.byKey.set(key, index);
    }
    return index;
  }
}

export function compilePolicies(model: NetpolModel, grouping: ClassGrouping, options: SetOptions = {}): CompiledPolicies {
  const sets = new ClassSets(model, grouping, options);
  const portLists = new PortLists();
  let nextId = 0;
  // Equal rule lists are often one shared object (netpol/ingest shares them): compiled once.
  const compiledLists = new Map<readonly Rule[], readonly CompiledRule[]>();
  const compileList = (rules: readonly Rule[]): readonly CompiledRule[] => {
    let compiled = compiledLists.get(rules);
    if (compiled === undefined) {
      compiled = rules.map((rule) => ({ id: nextId++, peers: sets.rulePeers(rule.peers), ports: rule.ports, portList: portLists.indexOf(rule.ports) }));
      compiledLists.set(rules, compiled);
    }
    return compiled;
  };
  const compile = (direction: Direction): (readonly CompiledRule[] | null)[] =>
    model.policies.map((policy) => {
      const rules = policy[direction];
      return rules === null ? null : compileList(rules);
    });
  const ingressRules = compile("ingress");
  const egressRules = compile("egress");
  // The classes a policy selects: pod classes of its own namespace whose labels match its target.
  const targets = model.policies.map((policy) => sets.inNamespace(policy.namespace, policy.target));
  const size = grouping.classes.length;
  return {
    sets,
    rules: [...compiledLists.values()].flat(),
    ingress: rulesByClass(model.policies, "ingress", ingressRules, targets, size),
    egress: rulesByClass(model.policies, "egress", egressRules, targets, size),
    portLists: portLists.lists,
    namedPorts: namedPortIndex(grouping),
  };
}
