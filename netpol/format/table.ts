import { LineFormatter, connectionGrid, probeGrids, verifyLines, ALLOWED_MARK, DENIED_MARK } from "./formatter";
import { Grid, maxLength } from "./grid";

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - text.length));
}

/** A fixed-width matrix for a terminal: row labels left, one column per destination. */
export function gridLines(table: Grid): string[] {
  const corner = "from \\ to";
  const labelWidth = maxLength(table.rows, corner.length);
  const widths = table.columns.map((column, c) => maxLength(table.cells.map((cells) => cells[c] as string), column.length));
  const line = (label: string, cells: readonly string[]): string =>
    [pad(label, labelWidth), ...cells.map((cell, c) => pad(cell, widths[c] as number))].join("  ").trimEnd();
  return [table.title, line(corner, table.columns), ...table.rows.map((row, r) => line(row, table.cells[r] as string[]))];
}

export const tableLines: LineFormatter = {
  *probes(report) {
    yield `${ALLOWED_MARK} allowed, ${DENIED_MARK} denied`;
    for (const table of probeGrids(report)) {
      yield "";
      yield* gridLines(table);
    }
  },
  connections: (report) => gridLines(connectionGrid(report)),
  verify: (report) => verifyLines(report),
};
