// Frozen copy of netpol/fast/ before issue 13 (test oracle only).
/**
 * Fixed-size bitsets over class indices, as plain Int32Arrays, and the few whole-set
 * operations the fast engine combines them with. Bit i lives in word i >>> 5.
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

export function has(bits: Bitset, index: number): boolean {
  return (bits[index >>> 5] & (1 << (index & 31))) !== 0;
}

export function set(bits: Bitset, index: number): void {
  bits[index >>> 5] |= 1 << (index & 31);
}

/** Sets bits [from, to). */
export function setRange(bits: Bitset, from: number, to: number): void {
  for (let index = from; index < to; index++) {
    if ((index & 31) === 0 && index + 32 <= to) {
      bits[index >>> 5] = -1;
      index += 31;
    } else {
      set(bits, index);
    }
  }
}

export function orInto(target: Bitset, source: Bitset): void {
  for (let word = 0; word < target.length; word++) target[word] |= source[word];
}

/** A new bitset of the bits in both (plain loops: TypedArray.map with a callback is slow in V8). */
export function and(a: Bitset, b: Bitset): Bitset {
  const result = new Int32Array(a.length);
  for (let word = 0; word < a.length; word++) result[word] = a[word] & b[word];
  return result;
}

export function isEmpty(bits: Bitset): boolean {
  for (let word = 0; word < bits.length; word++) if (bits[word] !== 0) return false;
  return true;
}

/** Indices of the set bits, ascending. */
export function members(bits: Bitset): number[] {
  const result: number[] = [];
  for (let word = 0; word < bits.length; word++) {
    let remaining = bits[word];
    while (remaining !== 0) {
      const lowest = remaining & -remaining;
      result.push((word << 5) + 31 - Math.clz32(lowest));
      remaining ^= lowest;
    }
  }
  return result;
}
