/** `reach --format counts`: one aligned row per source namespace (and probe), the total last. */
import { CountReport } from "../counts";
import { maxLength } from "./grid";

function aligned(header: readonly string[], rows: readonly (readonly string[])[], numericFrom: number): string[] {
  const widths = header.map((title, c) => maxLength(rows.map((row) => row[c] as string), title.length));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c >= numericFrom ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join("  ");
  return [line(header), ...rows.map(line)];
}

export function countLines(report: CountReport): string[] {
  if (report.kind === "probe-counts") {
    const rows = report.rows.map((row) => [`${row.probe.port}/${row.probe.protocol}`, row.from, ...[row.sources, row.pairs, row.allowed, row.denied].map(String)]);
    return aligned(["probe", "from", "sources", "pairs", "allowed", "denied"], rows, 2);
  }
  const rows = report.rows.map((row) => [row.from, ...[row.sources, row.pairs, row.none, row.some, row.all].map(String)]);
  return aligned(["from", "sources", "pairs", "none", "some", "all"], rows, 1);
}
