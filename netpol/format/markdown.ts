import { LineFormatter, connectionGrid, probeGrids, verifyLines, ALLOWED_MARK, DENIED_MARK } from "./formatter";
import { Grid } from "./grid";

function escape(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** A Markdown table under a heading; empty cells stay empty. */
export function markdownGridLines(table: Grid): string[] {
  const row = (cells: readonly string[]): string => `| ${cells.map(escape).join(" | ")} |`;
  return [
    `### ${escape(table.title)}`,
    "",
    row(["from \\ to", ...table.columns.map((column) => `\`${column}\``)]),
    row(["---", ...table.columns.map(() => "---")]),
    ...table.rows.map((label, r) => row([`\`${label}\``, ...(table.cells[r] as string[])])),
  ];
}

export const markdownLines: LineFormatter = {
  *probes(report) {
    yield `\`${ALLOWED_MARK}\` allowed, \`${DENIED_MARK}\` denied`;
    for (const table of probeGrids(report)) {
      yield "";
      yield* markdownGridLines(table);
    }
  },
  connections: (report) => markdownGridLines(connectionGrid(report)),
  verify: (report) => verifyLines(report).map((line) => `- ${line}`),
};
