/**
 * Pods or policies in input order, made distinct by id once all are read. The model sorts them
 * by id anyway; duplicates are then neighbours, so no map of every id is kept while reading (at
 * 250,000 objects that map's lookups cost about half a second, more than the sort).
 */
export class DistinctById<T extends { readonly id: string }> {
  private readonly items: T[] = [];
  /** Per item: the file it was read from, and its position in the input (problems are reported in input order). */
  private readonly sources: string[] = [];
  private readonly positions: number[] = [];

  add(item: T, source: string, position: number): void {
    this.items.push(item);
    this.sources.push(source);
    this.positions.push(position);
  }

  /**
   * Every id's first item in input order, sorted by id; each later item with a taken id goes to
   * `duplicate`, with the item kept.
   */
  sorted(duplicate: (item: T, kept: T, source: string, position: number) => void): T[] {
    const { items } = this;
    // Of equal ids, the first read stays first.
    const order = items.map((_, i) => i).sort((a, b) => {
      const x = (items[a] as T).id;
      const y = (items[b] as T).id;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: V8's sort is stable and compares a later element with an earlier one, so the tie-break (and the > test before it) decide nothing here; kept so that the order does not rest on that
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const result: T[] = [];
    for (const i of order) {
      const item = items[i] as T;
      const kept = result[result.length - 1];
      if (kept !== undefined && kept.id === item.id) duplicate(item, kept, this.sources[i] as string, this.positions[i] as number);
      else result.push(item);
    }
    return result;
  }
}
