/**
 * Fixed-size bitsets over class indices, as plain Int32Arrays, and the few whole-set
 * operations the fast engine builds them with. Bit i lives in word i >>> 5.
 */
export type Bitset = Int32Array;

export function wordsFor(size: number): number {
  return (size + 31) >>> 5;
}

export function emptyBitset(size: number): Bitset {
  return new Int32Array(wordsFor(size));
}

export function fullBitset(size: number): Bitset {
  const bits = emptyBitset(size);
  setRange(bits, 0, size);
  return bits;
}

export function set(bits: Bitset, index: number): void {
  bits[index >>> 5] |= 1 << (index & 31);
}

/** Sets bits [from, to). */
export function setRange(bits: Bitset, from: number, to: number): void {
  for (let index = from; index < to; index++) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a whole word set at once or bit by bit: the same bits
    if ((index & 31) === 0 && index + 32 <= to) {
      bits[index >>> 5] = -1;
      index += 31;
    } else {
      set(bits, index);
    }
  }
}
