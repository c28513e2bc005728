/**
 * What an intent expects between each pair of endpoints, for verify: the pairs of Pods from the
 * intent's PodFlows (typed arrays, looked up by binary search), and the few pairs with an external
 * end (from the flows with a CIDR end) in maps.
 */
import { cidrContainsCidr } from "./addresses";
import { ConnectionSet } from "./connections";
import { IntentPeer } from "./intent";
import { IntentTable, portSetOf } from "./intentTable";
import { Endpoint, NetpolModel } from "./model";
import { CIDR_PEER, podFlowAt, PodFlows, UNKNOWN_PEER } from "./podFlows";
import { isGoverned } from "./reach";
import { isPodLoopback } from "./classLevel";

/**
 * Does a CIDR peer cover this external atom? Inside its CIDR and outside its excepts. Exact,
 * because the intent's CIDRs and excepts also split the atoms: an atom lies wholly inside or
 * wholly outside each of them.
 */
export function coversAtom(peer: Extract<IntentPeer, { kind: "cidr" }>, atom: Extract<Endpoint, { kind: "external" }>): boolean {
  return cidrContainsCidr(peer.cidr, atom.block) && !peer.except.some((except) => cidrContainsCidr(except, atom.block));
}

export class ExpectedConnections {
  /** The port set of each PodFlows `ports` index: the intent's port sets, then the unions. */
  private readonly sets: readonly ConnectionSet[];
  /** Pairs with an external end: source -> destination -> the union of the flows naming it. */
  private readonly external = new Map<number, Map<number, ConnectionSet>>();

  /** `peers`: resolvePeers of the intent against the model's Pods (a peer that names no Pod covers nothing). */
  constructor(private readonly model: NetpolModel, intent: IntentTable, peers: Int32Array, private readonly pods: PodFlows) {
    const portSets = intent.ports.map(portSetOf);
    this.sets = [...portSets, ...pods.unions.map((list) => ConnectionSet.unionAll(list.map((index) => portSets[index] as ConnectionSet)))];
    const covered = new Map<number, readonly number[]>();
    const coveredBy = (peer: number): readonly number[] => {
      if (peers[peer] === UNKNOWN_PEER) return [];
      if (peers[peer] !== CIDR_PEER) return [peers[peer] as number];
      let atoms = covered.get(peer);
      // Stryker disable next-line ConditionalExpression: computed again, the same atoms
      if (atoms === undefined) {
        const cidr = intent.peers[peer] as Extract<IntentPeer, { kind: "cidr" }>;
        atoms = model.externals.flatMap((atom, i) => (coversAtom(cidr, atom) ? [model.pods.length + i] : []));
        covered.set(peer, atoms);
      }
      return atoms;
    };
    const { flows } = intent;
    // Stryker disable next-line EqualityOperator: a step past the end reads no flow
    for (let i = 0; i < flows.length; i += 3) {
      const fromPeer = flows[i] as number;
      const toPeer = flows[i + 1] as number;
      if (peers[fromPeer] !== CIDR_PEER && peers[toPeer] !== CIDR_PEER) continue; // a pair of Pods: in `pods`
      const set = portSets[flows[i + 2] as number] as ConnectionSet;
      for (const from of coveredBy(fromPeer)) {
        for (const to of coveredBy(toPeer)) {
          if (!isGoverned(model, from, to) || isPodLoopback(model, from, to)) continue;
          let row = this.external.get(from);
          if (row === undefined) this.external.set(from, (row = new Map()));
          const previous = row.get(to);
          row.set(to, previous === undefined ? set : previous.union(set));
        }
      }
    }
  }

  /** The connections expected from `from` to `to`, or undefined when no flow names the pair (or it is a Pod to itself, never compared). */
  get(from: number, to: number): ConnectionSet | undefined {
    const podCount = this.pods.start.length - 1;
    if (from < podCount && to < podCount) {
      if (isPodLoopback(this.model, from, to)) return undefined;
      const at = podFlowAt(this.pods, from, to);
      // Stryker disable next-line ConditionalExpression: at -1 the typed array gives undefined, and so does the list of sets
      return at < 0 ? undefined : this.sets[this.pods.ports[at] as number];
    }
    return this.external.get(from)?.get(to);
  }

  /** Every pair some flow names, once (not a Pod to itself). */
  forEach(visit: (from: number, to: number, expected: ConnectionSet) => void): void {
    const { start, to, ports } = this.pods;
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: a row past the last is empty (its end is undefined)
    for (let from = 0; from + 1 < start.length; from++) {
      for (let at = start[from] as number; at < (start[from + 1] as number); at++) {
        const destination = to[at] as number;
        if (!isPodLoopback(this.model, from, destination)) visit(from, destination, this.sets[ports[at] as number] as ConnectionSet);
      }
    }
    for (const [from, row] of this.external) for (const [destination, set] of row) visit(from, destination, set);
  }
}
