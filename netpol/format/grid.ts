/** A from x to matrix of cell texts, shared by the table and Markdown formatters. */
export interface Grid {
  readonly title: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[row][column]. */
  readonly cells: readonly (readonly string[])[];
}

export function grid(title: string, rows: readonly string[], columns: readonly string[], cell: (row: string, column: string) => string): Grid {
  return { title, rows, columns, cells: rows.map((row) => columns.map((column) => cell(row, column))) };
}

/** Lookup of pair results by "from\u0000to". */
export function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
