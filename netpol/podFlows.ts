/**
 * An intent's flows between Pods, resolved against the model's Pods: per source Pod, its
 * destinations and their ports, in typed arrays (by row, like a sparse matrix). Plain data: the
 * command line computes it on the intent's thread while the main thread prepares the engine (at
 * 150,000 pods, 877,438 flows), and posts it without a copy. The flows with a CIDR end are left to
 * verify (few, and their ends depend on the external atoms).
 */
import { IntentTable } from "./intentTable";

/** A peer that names no Pod of the model (verify reports it). */
export const UNKNOWN_PEER = -1;
/** A CIDR peer: it covers external atoms, never a Pod. */
export const CIDR_PEER = -2;

/** Per peer of the intent: the index of the Pod it names among `podIds`, UNKNOWN_PEER, or CIDR_PEER. */
export function resolvePeers(intent: IntentTable, podIds: readonly string[]): Int32Array {
  const indexOf = new Map<string, number>();
  podIds.forEach((id, index) => indexOf.set(id, index));
  return Int32Array.from(intent.peers, (peer) => (peer.kind === "cidr" ? CIDR_PEER : indexOf.get(peer.id) ?? UNKNOWN_PEER));
}

export interface PodFlows {
  /** Where each source Pod's row begins in `to` and `ports` (one more entry than Pods: the end). */
  readonly start: Int32Array;
  /** The destination Pods of each row, ascending, each once. */
  readonly to: Int32Array;
  /** The pair's ports: an index into the intent's `ports`, or `ports.length + i` for `unions[i]`. */
  readonly ports: Int32Array;
  /** The port sets (indexes into the intent's `ports`, ascending) of pairs that several flows name. */
  readonly unions: readonly (readonly number[])[];
}

/**
 * Every pair of Pods some flow names, with the ports of all the flows that name it. `peers`:
 * resolvePeers. A Pod to itself is kept: a workload's replicas reach each other, and only the
 * model says which endpoint is one.
 */
export function podFlows(intent: IntentTable, peers: Int32Array, podCount: number): PodFlows {
  const { flows } = intent;
  const portCount = intent.ports.length;
  const betweenPods = (i: number): boolean => {
    const from = peers[flows[i] as number] as number;
    const to = peers[flows[i + 1] as number] as number;
    // Stryker disable next-line ConditionalExpression: a source that is no Pod would count into no row (index -1 of a typed array) or shift every row alike (index 0), its key written nowhere
    return from >= 0 && to >= 0;
  };
  // Rows by counting: each pair's key (destination and port set, one number) placed in its source's row.
  const rowStart = new Int32Array(podCount + 1);
  // Stryker disable next-line EqualityOperator: a step past the end reads no flow
  for (let i = 0; i < flows.length; i += 3) {
    if (!betweenPods(i)) continue;
    const row = (peers[flows[i] as number] as number) + 1;
    rowStart[row] = (rowStart[row] as number) + 1;
  }
  // Stryker disable next-line EqualityOperator: a typed array ignores a write past its end
  for (let row = 0; row < podCount; row++) rowStart[row + 1] += rowStart[row] as number;
  const keys = new Float64Array(rowStart[podCount] as number);
  const filled = rowStart.slice(0, podCount);
  // Stryker disable next-line EqualityOperator: a step past the end reads no flow
  for (let i = 0; i < flows.length; i += 3) {
    if (!betweenPods(i)) continue;
    const from = peers[flows[i] as number] as number;
    const at = filled[from] as number;
    filled[from] = at + 1;
    keys[at] = (peers[flows[i + 1] as number] as number) * portCount + (flows[i + 2] as number);
  }
  // Each row sorted, then a destination named by several flows merged into one pair.
  const start = new Int32Array(podCount + 1);
  const to = new Int32Array(keys.length);
  const ports = new Int32Array(keys.length);
  const unions: number[][] = [];
  const unionIndex = new Map<string, number>();
  let pairs = 0;
  // Stryker disable next-line EqualityOperator: a row past the last holds no key
  for (let row = 0; row < podCount; row++) {
    const end = rowStart[row + 1] as number;
    const rowKeys = keys.subarray(rowStart[row] as number, end).sort();
    for (let k = 0; k < rowKeys.length; ) {
      const destination = Math.floor((rowKeys[k] as number) / portCount);
      const lists: number[] = [];
      // Stryker disable next-line ConditionalExpression,EqualityOperator: past the row's end the key is undefined, no destination
      for (; k < rowKeys.length && Math.floor((rowKeys[k] as number) / portCount) === destination; k++) {
        const port = (rowKeys[k] as number) - destination * portCount;
        if (lists[lists.length - 1] !== port) lists.push(port);
      }
      to[pairs] = destination;
      ports[pairs] = lists.length === 1 ? (lists[0] as number) : portCount + unionOf(lists, unions, unionIndex);
      pairs++;
    }
    start[row + 1] = pairs;
  }
  return { start, to: to.slice(0, pairs), ports: ports.slice(0, pairs), unions };
}

function unionOf(lists: number[], unions: number[][], unionIndex: Map<string, number>): number {
  const key = lists.join(",");
  let index = unionIndex.get(key);
  if (index === undefined) {
    index = unions.length;
    unions.push(lists);
    unionIndex.set(key, index);
  }
  return index;
}

/** Where the pair's entry is in `flows`, or -1: a binary search of the source's row. */
export function podFlowAt(flows: PodFlows, from: number, to: number): number {
  let low = flows.start[from] as number;
  let high = (flows.start[from + 1] as number) - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = flows.to[middle] as number;
    if (found === to) return middle;
    // Stryker disable next-line EqualityOperator: found === to returned above
    if (found < to) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** The buffers to transfer when posting the flows. */
export function podFlowBuffers(flows: PodFlows): ArrayBuffer[] {
  return [flows.start.buffer as ArrayBuffer, flows.to.buffer as ArrayBuffer, flows.ports.buffer as ArrayBuffer];
}
