// Frozen copy of netpol/fast/ before issue 13 (test oracle only).
/**
 * Counting allowed pod pairs from class-level rows without expanding to pods: a class stands
 * for `weights[c]` pods, and classes sharing one row object are handled together, so the cost
 * follows the rows' sizes over classes, never pods².
 */
import { Bitset, members } from "./bitset";

/** Row object -> the classes (below `size`) that use it. */
function byRow(rows: readonly Bitset[], size: number): Map<Bitset, number[]> {
  const groups = new Map<Bitset, number[]>();
  for (let index = 0; index < size; index++) {
    const row = rows[index] as Bitset;
    const group = groups.get(row);
    if (group === undefined) groups.set(row, [index]);
    else group.push(index);
  }
  return groups;
}

/** Set bits below `size`. */
function membersBelow(bits: Bitset, size: number): number[] {
  return members(bits).filter((index) => index < size);
}

/**
 * admittedWeight[s]: Σ weights[d] over destinations d whose ingress row holds s. The row shared
 * by non-isolated destinations (`all`) is folded into one constant instead of C entries.
 */
function admittedWeights(ingress: readonly Bitset[], weights: readonly number[], all: Bitset): Float64Array {
  const size = weights.length;
  const admitted = new Float64Array(size);
  let everyone = 0;
  for (const [row, destinations] of byRow(ingress, size)) {
    const destinationWeight = destinations.reduce((sum, destination) => sum + (weights[destination] as number), 0);
    if (row === all) everyone += destinationWeight;
    else for (const source of membersBelow(row, size)) admitted[source] += destinationWeight;
  }
  if (everyone !== 0) for (let source = 0; source < size; source++) admitted[source] += everyone;
  return admitted;
}

/** Σ weights[s] over the sources s in both `row` and `sources`, word by word. */
function weightedIntersection(row: Bitset, sources: Bitset, weights: readonly number[]): number {
  let total = 0;
  for (let word = 0; word < sources.length; word++) {
    let both = row[word] & sources[word];
    while (both !== 0) {
      const lowest = both & -both;
      total += weights[(word << 5) + 31 - Math.clz32(lowest)] as number;
      both ^= lowest;
    }
  }
  return total;
}

/** Allowed pairs from sources sharing one egress row: each reachable destination, then whether its ingress admits each source. */
function sharedEgressRowCount(row: Bitset, sources: readonly number[], ingress: readonly Bitset[], weights: readonly number[]): number {
  const size = weights.length;
  const destinations = membersBelow(row, size);
  let total = 0;
  if (sources.length <= 32) {
    for (const destination of destinations) {
      const admits = ingress[destination] as Bitset;
      let admitted = 0;
      for (const source of sources) if ((admits[source >>> 5] & (1 << (source & 31))) !== 0) admitted += weights[source] as number;
      total += admitted * (weights[destination] as number);
    }
    return total;
  }
  const sourceBits = new Int32Array((size + 31) >>> 5);
  for (const source of sources) sourceBits[source >>> 5] |= 1 << (source & 31);
  for (const destination of destinations) total += weightedIntersection(ingress[destination] as Bitset, sourceBits, weights) * (weights[destination] as number);
  return total;
}

/**
 * Σ over ordered class pairs (s, d) of weights[s]·weights[d] where d ∈ egress[s] and s ∈ ingress[d]:
 * the allowed ordered pod pairs when class c stands for weights[c] pods. `all` is the row object
 * shared by every side that no policy isolates.
 */
export function countAllowedPairs(ingress: readonly Bitset[], egress: readonly Bitset[], weights: readonly number[], all: Bitset): number {
  const admitted = admittedWeights(ingress, weights, all);
  let total = 0;
  for (const [row, sources] of byRow(egress, weights.length)) {
    if (row === all) {
      for (const source of sources) total += (weights[source] as number) * (admitted[source] as number);
    } else {
      total += sharedEgressRowCount(row, sources, ingress, weights);
    }
  }
  return total;
}
