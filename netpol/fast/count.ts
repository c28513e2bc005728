/**
 * Counting allowed pod pairs from class-level rows without expanding to pods: the class
 * matrix is combined word by word, and class sizes are weighed in with bit planes
 * (a class of size 5 = 0b101 sits in planes 0 and 2), so the cost follows classes², not pods².
 */
import { Bitset, popcount32, wordsFor } from "./bitset";

/** Swaps the off-diagonal blocks at every scale: afterwards bit k of block[j] is bit j of the old block[k]. */
function transpose32(block: Int32Array): void {
  let mask = 0x0000ffff;
  for (let width = 16; width !== 0; width >>>= 1, mask ^= mask << width) {
    for (let row = 0; row < 32; row = (row + width + 1) & ~width) {
      const swap = ((block[row] >>> width) ^ block[row + width]) & mask;
      block[row] ^= swap << width;
      block[row + width] ^= swap;
    }
  }
}

/**
 * The transpose of the size×size matrix whose row r is `rows[r]` (only its first `size` bits
 * are read), as one Int32Array of `size` rows of wordsFor(size) words.
 */
export function transpose(rows: readonly Bitset[], size: number): Int32Array {
  const words = wordsFor(size);
  const result = new Int32Array(size * words);
  const block = new Int32Array(32);
  for (let rowBlock = 0; rowBlock < words; rowBlock++) {
    for (let columnBlock = 0; columnBlock < words; columnBlock++) {
      for (let k = 0; k < 32; k++) {
        const rowIndex = (rowBlock << 5) + k;
        block[k] = rowIndex < size ? (rows[rowIndex] as Bitset)[columnBlock] : 0;
      }
      transpose32(block);
      for (let k = 0; k < 32; k++) {
        const column = (columnBlock << 5) + k;
        if (column < size) result[column * words + rowBlock] = block[k];
      }
    }
  }
  return result;
}

/** planes[p] has bit c set when bit p of weights[c] is set. */
function weightPlanes(weights: readonly number[]): Int32Array[] {
  const maxWeight = weights.reduce((max, weight) => Math.max(max, weight), 0);
  const planes: Int32Array[] = [];
  for (let plane = 0; 1 << plane <= maxWeight; plane++) {
    const bits = new Int32Array(wordsFor(weights.length));
    weights.forEach((weight, index) => {
      if ((weight >>> plane) & 1) bits[index >>> 5] |= 1 << (index & 31);
    });
    planes.push(bits);
  }
  return planes;
}

/**
 * Σ over ordered pairs (s, d) of weights[s]·weights[d] where d ∈ egress[s] and s ∈ ingress[d]:
 * the number of allowed ordered pod pairs when class c stands for weights[c] pods.
 */
export function countAllowedPairs(ingress: readonly Bitset[], egress: readonly Bitset[], weights: readonly number[]): number {
  const size = weights.length;
  const words = wordsFor(size);
  const allowedSources = transpose(ingress, size); // row s: the destinations whose ingress admits s
  const planes = weightPlanes(weights);
  let total = 0;
  for (let source = 0; source < size; source++) {
    const egressRow = egress[source];
    const offset = source * words;
    let weighted = 0;
    for (let plane = 0; plane < planes.length; plane++) {
      const planeBits = planes[plane];
      let bits = 0;
      for (let word = 0; word < words; word++) bits += popcount32(egressRow[word] & allowedSources[offset + word] & planeBits[word]);
      weighted += bits * 2 ** plane;
    }
    total += weighted * weights[source];
  }
  return total;
}
