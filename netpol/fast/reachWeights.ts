/**
 * Per source class, how much it may reach on one probe: Σ weights[d] over the destination
 * classes d with d in egress[s] and s in ingress[d] (class level: a Pod paired with itself counts
 * like any pair of its class). With weights = selected endpoints per class this counts allowed
 * pairs per source class without visiting class pairs one by one: sources that share an egress
 * row are handled together, and the row every non-isolated source shares (`all`) needs only the
 * weight that admits each source, summed once per distinct ingress row.
 */
import { Bitset, members } from "./bitset";
import { ProbeRows } from "./probe";

/** Row object -> the classes with a non-zero weight... or any class, for egress rows. */
function groupByRow(rows: readonly Bitset[], keep: (index: number) => boolean): Map<Bitset, number[]> {
  const groups = new Map<Bitset, number[]>();
  rows.forEach((row, index) => {
    if (!keep(index)) return;
    const group = groups.get(row);
    if (group === undefined) groups.set(row, [index]);
    else group.push(index);
  });
  return groups;
}

/** admitted[s] = Σ weights[d] over destinations d whose ingress row holds s. */
function admittedWeights(ingress: readonly Bitset[], weights: Float64Array, all: Bitset): Float64Array {
  const admitted = new Float64Array(weights.length);
  let everyone = 0;
  for (const [row, destinations] of groupByRow(ingress, (d) => (weights[d] as number) > 0)) {
    const weight = destinations.reduce((sum, d) => sum + (weights[d] as number), 0);
    if (row === all) everyone += weight;
    else for (const source of members(row)) if (source < admitted.length) admitted[source] += weight;
  }
  if (everyone !== 0) for (let source = 0; source < admitted.length; source++) admitted[source] += everyone;
  return admitted;
}

/** Sources sharing one egress row: each reachable destination adds its weight to the sources its ingress admits. */
function addSharedRow(row: Bitset, sources: readonly number[], ingress: readonly Bitset[], weights: Float64Array, result: Float64Array): void {
  const sourceBits = new Int32Array(row.length);
  for (const source of sources) sourceBits[source >>> 5] |= 1 << (source & 31);
  for (const destination of members(row)) {
    const weight = weights[destination] ?? 0;
    if (weight === 0) continue;
    const admits = ingress[destination] as Bitset;
    for (let word = 0; word < sourceBits.length; word++) {
      let both = (admits[word] as number) & (sourceBits[word] as number);
      while (both !== 0) {
        const lowest = both & -both;
        result[(word << 5) + 31 - Math.clz32(lowest)] += weight;
        both ^= lowest;
      }
    }
  }
}

/** result[s] = Σ weights[d] over classes d that s may reach on the probe whose rows these are. */
export function reachWeights(rows: ProbeRows, weights: Float64Array, all: Bitset): Float64Array {
  const admitted = admittedWeights(rows.ingress, weights, all);
  const result = new Float64Array(weights.length);
  for (const [row, sources] of groupByRow(rows.egress, () => true)) {
    if (row === all) for (const source of sources) result[source] = admitted[source] as number;
    else addSharedRow(row, sources, rows.ingress, weights, result);
  }
  return result;
}
