import { Formatter, connectionGrid, probeGrids, verifyLines, ALLOWED_MARK, DENIED_MARK } from "./formatter";
import { Grid } from "./grid";

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - text.length));
}

/** A fixed-width matrix for a terminal: row labels left, one column per destination. */
export function renderGrid(table: Grid): string {
  const corner = "from \\ to";
  const labelWidth = Math.max(corner.length, ...table.rows.map((row) => row.length));
  const widths = table.columns.map((column, c) => Math.max(column.length, ...table.cells.map((cells) => cells[c].length)));
  const line = (label: string, cells: readonly string[]): string =>
    [pad(label, labelWidth), ...cells.map((cell, c) => pad(cell, widths[c]))].join("  ").trimEnd();
  return [table.title, line(corner, table.columns), ...table.rows.map((row, r) => line(row, table.cells[r]))].join("\n");
}

export const tableFormatter: Formatter = {
  probes: (report) => [`${ALLOWED_MARK} allowed, ${DENIED_MARK} denied`, ...probeGrids(report).map(renderGrid)].join("\n\n"),
  connections: (report) => renderGrid(connectionGrid(report)),
  verify: (report) => verifyLines(report).join("\n"),
};
