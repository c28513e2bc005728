import { Protocol, PROTOCOLS } from "./model";

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Inclusive port range. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

type RangesByProtocol = Readonly<Record<Protocol, readonly PortRange[]>>;

/**
 * An immutable set of (protocol, port) pairs: per protocol a sorted list of disjoint,
 * non-adjacent inclusive ranges, so equal sets have equal representations.
 */
export class ConnectionSet {
  private constructor(private readonly ranges: RangesByProtocol) {}

  static readonly NONE = new ConnectionSet({ TCP: [], UDP: [], SCTP: [] });
  static readonly ALL = new ConnectionSet({
    TCP: [{ first: MIN_PORT, last: MAX_PORT }],
    UDP: [{ first: MIN_PORT, last: MAX_PORT }],
    SCTP: [{ first: MIN_PORT, last: MAX_PORT }],
  });

  static of(protocol: Protocol, first: number, last: number = first): ConnectionSet {
    if (first > last) return ConnectionSet.NONE;
    return new ConnectionSet({ ...ConnectionSet.NONE.ranges, [protocol]: [{ first, last }] });
  }

  static allOf(protocol: Protocol): ConnectionSet {
    return ConnectionSet.of(protocol, MIN_PORT, MAX_PORT);
  }

  static unionAll(sets: Iterable<ConnectionSet>): ConnectionSet {
    let result = ConnectionSet.NONE;
    for (const set of sets) result = result.union(set);
    return result;
  }

  rangesOf(protocol: Protocol): readonly PortRange[] {
    return this.ranges[protocol];
  }

  contains(port: number, protocol: Protocol): boolean {
    return this.ranges[protocol].some((range) => range.first <= port && port <= range.last);
  }

  isEmpty(): boolean {
    return PROTOCOLS.every((protocol) => this.ranges[protocol].length === 0);
  }

  isAll(): boolean {
    return this.equals(ConnectionSet.ALL);
  }

  // The sets are immutable: where one operand decides the result, it is returned as it is (the
  // engine unites and intersects sets for hundreds of thousands of class pairs, mostly these cases).
  union(other: ConnectionSet): ConnectionSet {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: shortcuts: without one, combine computes the same set
    if (this === other || other === ConnectionSet.NONE || this === ConnectionSet.ALL) return this;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: shortcuts: without one, combine computes the same set
    if (this === ConnectionSet.NONE || other === ConnectionSet.ALL) return other;
    return this.combine(other, (a, b) => normalise([...a, ...b]));
  }

  intersect(other: ConnectionSet): ConnectionSet {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: shortcuts: without one, combine computes the same set
    if (this === other || other === ConnectionSet.ALL || this === ConnectionSet.NONE) return this;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: shortcuts: without one, combine computes the same set
    if (this === ConnectionSet.ALL || other === ConnectionSet.NONE) return other;
    return this.combine(other, intersectRanges);
  }

  subtract(other: ConnectionSet): ConnectionSet {
    return this.combine(other, subtractRanges);
  }

  equals(other: ConnectionSet): boolean {
    return PROTOCOLS.every((protocol) => {
      const mine = this.ranges[protocol];
      const theirs = other.ranges[protocol];
      return mine.length === theirs.length && mine.every((r, i) => r.first === theirs[i].first && r.last === theirs[i].last);
    });
  }

  /** "all", "none", or like "TCP 80,443,8000-8080; UDP 53". */
  format(): string {
    if (this.isAll()) return "all";
    if (this.isEmpty()) return "none";
    return PROTOCOLS.filter((protocol) => this.ranges[protocol].length > 0)
      .map((protocol) => `${protocol} ${this.ranges[protocol].map(formatRange).join(",")}`)
      .join("; ");
  }

  toString(): string {
    return this.format();
  }

  private combine(
    other: ConnectionSet,
    operation: (a: readonly PortRange[], b: readonly PortRange[]) => readonly PortRange[],
  ): ConnectionSet {
    return new ConnectionSet({
      TCP: operation(this.ranges.TCP, other.ranges.TCP),
      UDP: operation(this.ranges.UDP, other.ranges.UDP),
      SCTP: operation(this.ranges.SCTP, other.ranges.SCTP),
    });
  }
}

function formatRange(range: PortRange): string {
  return range.first === range.last ? `${range.first}` : `${range.first}-${range.last}`;
}

/** Sort and merge overlapping or adjacent ranges. */
function normalise(ranges: readonly PortRange[]): readonly PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: PortRange[] = [];
  for (const range of sorted) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && range.first <= previous.last + 1) {
      merged[merged.length - 1] = { first: previous.first, last: Math.max(previous.last, range.last) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  const result: PortRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const first = Math.max(x.first, y.first);
      const last = Math.min(x.last, y.last);
      if (first <= last) result.push({ first, last });
    }
  }
  return normalise(result);
}

function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  let remaining: readonly PortRange[] = a;
  for (const cut of b) {
    remaining = remaining.flatMap((range) => {
      if (cut.last < range.first || cut.first > range.last) return [range];
      const pieces: PortRange[] = [];
      if (range.first < cut.first) pieces.push({ first: range.first, last: cut.first - 1 });
      if (cut.last < range.last) pieces.push({ first: cut.last + 1, last: range.last });
      return pieces;
    });
  }
  return remaining;
}
