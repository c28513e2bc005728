/**
 * Counting allowed pairs from class-level rows without visiting class pairs that are not
 * allowed: the cost follows the rows' small parts and the few big sets, not classes².
 *
 * reach[s] = Σ weights[d] over destinations d with d ∈ egress(s) and s ∈ ingress(d).
 * Destinations are grouped by ingress row. A row's small part is walked source by source;
 * its big part B (a large peer set, or everything for destinations no policy isolates) is
 * shared by many rows, so the destinations of all rows with big part B are taken together
 * and B is walked once. For a source s and a destination group G, what s reaches of G is
 * cached per egress row (sources share them), and computed from whichever side is smaller.
 */
import { ClassSet, contains } from "./classSet";
import { ProbeRows } from "./probe";
import { Row, rowHas, RowTable } from "./rows";

/** Destinations taken together: ascending, with weights; what an egress row reaches of them, cached per row. */
class DestinationGroup {
  readonly total: number;
  private readonly reached = new Map<number, number>();
  private readonly reachedLists = new Map<number, Int32Array>();

  constructor(private readonly members: Int32Array, private readonly weights: Float64Array) {
    let total = 0;
    for (const member of members) total += weights[member] as number;
    this.total = total;
  }

  /** Σ weights[d] over the group's d in `row`. */
  reachedBy(row: Row): number {
    // Stryker disable next-line ConditionalExpression: without the shortcut, the group's members are summed from `big`, which holds them all
    if (row.big !== null && row.big.everything) return this.total;
    let result = this.reached.get(row.id);
    // Stryker disable next-line ConditionalExpression: a cache miss recomputes the same sum
    if (result === undefined) {
      result = this.inBig(row) + this.inSmall(row);
      this.reached.set(row.id, result);
    }
    return result;
  }

  /** The group's members in `row`, ascending (cached per row: sources share rows). */
  membersIn(row: Row): Int32Array {
    // Stryker disable next-line ConditionalExpression: without the shortcut, the group's members are filtered by `big`, which holds them all
    if (row.big !== null && row.big.everything) return this.members;
    let result = this.reachedLists.get(row.id);
    // Stryker disable next-line ConditionalExpression: a cache miss recomputes the same list
    if (result === undefined) {
      result = this.members.filter((member) => rowHas(row, member));
      this.reachedLists.set(row.id, result);
    }
    return result;
  }

  private inBig(row: Row): number {
    const big = row.big;
    if (big === null) return 0;
    let sum = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the members in `big`, counted from either side, are the same
    if (this.members.length <= big.count) {
      for (const member of this.members) if (big.has(member)) sum += this.weights[member] as number;
    } else {
      for (const member of big.members()) if (contains(this.members, member)) sum += this.weights[member] as number;
    }
    return sum;
  }

  /** row.small is disjoint from row.big, so nothing is counted twice. */
  private inSmall(row: Row): number {
    const small = row.small;
    let sum = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the members in `small`, counted from either side, are the same
    if (small.length <= this.members.length) {
      for (const member of small) if (contains(this.members, member)) sum += this.weights[member] as number;
    } else {
      for (const member of this.members) if (contains(small, member)) sum += this.weights[member] as number;
    }
    return sum;
  }
}

function groupBy(keys: Int32Array, weights: Float64Array): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let index = 0; index < keys.length; index++) {
    if ((weights[index] as number) === 0) continue;
    const key = keys[index] as number;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [index]);
    else group.push(index);
  }
  return groups;
}

/**
 * Every (source, destination group) pair that can hold allowed pairs, each once: the small part
 * of each ingress row with its destinations, then each big set with the destinations of all the
 * rows that share it. `visit` gets the group and the source's egress row.
 */
function forEachSourceAndGroup(rows: ProbeRows, table: RowTable, weights: Float64Array, visit: (source: number, group: DestinationGroup, egress: Row) => void): void {
  const size = weights.length;
  const egressRow = (source: number): Row => table.rows[rows.egress[source] as number] as Row;
  const byBig = new Map<ClassSet, number[][]>();
  for (const [rowId, destinations] of groupBy(rows.ingress, weights)) {
    const row = table.rows[rowId] as Row;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a loop over an empty small part visits nothing
    if (row.small.length > 0) {
      const group = new DestinationGroup(Int32Array.from(destinations), weights);
      for (const source of row.small) visit(source, group, egressRow(source));
    }
    if (row.big !== null) {
      const shared = byBig.get(row.big);
      if (shared === undefined) byBig.set(row.big, [destinations]);
      else shared.push(destinations);
    }
  }
  for (const [big, parts] of byBig) {
    // Stryker disable next-line ConditionalExpression: one part flattened and sorted is the same ascending list
    const members = parts.length === 1 ? Int32Array.from(parts[0] as number[]) : Int32Array.from(parts.flat()).sort();
    const group = new DestinationGroup(members, weights);
    // Stryker disable next-line ConditionalExpression: `everything.members()` lists every class, the same sources
    if (big.everything) {
      for (let source = 0; source < size; source++) visit(source, group, egressRow(source));
    } else {
      for (const source of big.members()) visit(source, group, egressRow(source));
    }
  }
}

/** result[s] = Σ weights[d] over the classes d that s may reach on the probe whose rows these are. */
export function reachWeights(rows: ProbeRows, table: RowTable, weights: Float64Array): Float64Array {
  const result = new Float64Array(weights.length);
  forEachSourceAndGroup(rows, table, weights, (source, group, egress) => {
    result[source] += group.reachedBy(egress);
  });
  return result;
}

/**
 * The allowed class pairs (destinations with a non-zero weight only), source by source: `visit`
 * may be called several times for one source, with disjoint ascending destination lists. The
 * work follows the allowed pairs (and the rows), never classes²: what sources sharing an egress
 * row reach of a destination group is computed once.
 */
export function forEachAllowed(rows: ProbeRows, table: RowTable, weights: Float64Array, visit: (source: number, destinations: Int32Array) => void): void {
  forEachSourceAndGroup(rows, table, weights, (source, group, egress) => {
    const reached = group.membersIn(egress);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty list lists nothing
    if (reached.length > 0) visit(source, reached);
  });
}

/**
 * Σ over ordered class pairs (s, d) of weights[s]·weights[d] where d ∈ egress(s) and
 * s ∈ ingress(d): the allowed ordered pod pairs when class c stands for weights[c] pods.
 */
export function countAllowedPairs(rows: ProbeRows, table: RowTable, weights: Float64Array): number {
  const reach = reachWeights(rows, table, weights);
  let total = 0;
  for (let source = 0; source < weights.length; source++) {
    const weight = weights[source] as number;
    // Stryker disable next-line ConditionalExpression: a zero weight adds 0 × reach
    if (weight !== 0) total += weight * (reach[source] as number);
  }
  return total;
}
