/** A from x to matrix of cell texts, shared by the table and Markdown formatters. */
export interface Grid {
  readonly title: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[row][column]. */
  readonly cells: readonly (readonly string[])[];
}

/**
 * Rows and columns whose cells are all empty are left out: with `--allowed-only` the cells of
 * denied pairs are empty, so the matrix keeps only the endpoints that talk.
 */
export function grid(title: string, rows: readonly string[], columns: readonly string[], cell: (row: string, column: string) => string): Grid {
  const full = rows.map((row) => columns.map((column) => cell(row, column)));
  const keptRows = rows.flatMap((_, r) => ((full[r] as string[]).some((text) => text !== "") ? [r] : []));
  const keptColumns = columns.flatMap((_, c) => (full.some((cells) => cells[c] !== "") ? [c] : []));
  return {
    title,
    rows: keptRows.map((r) => rows[r] as string),
    columns: keptColumns.map((c) => columns[c] as string),
    cells: keptRows.map((r) => keptColumns.map((c) => (full[r] as string[])[c] as string)),
  };
}

/** Lookup of pair results by "from\u0000to". */
export function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** The longest of the lengths, without spreading a list of any size into call arguments. */
export function maxLength(texts: Iterable<string>, atLeast = 0): number {
  let longest = atLeast;
  // Stryker disable next-line EqualityOperator: on equal lengths `>=` stores the same number again
  for (const text of texts) if (text.length > longest) longest = text.length;
  return longest;
}
