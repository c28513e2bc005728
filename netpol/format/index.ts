import { FormatName, Formatter, joined, LineFormatter } from "./formatter";
import { jsonLines } from "./json";
import { listLines } from "./list";
import { markdownLines } from "./markdown";
import { tableLines } from "./table";

export type { FormatName, Formatter, LineFormatter } from "./formatter";
export { FORMAT_NAMES } from "./formatter";
export { countLines } from "./counts";

/** Each format's lines, lazily where it can: what the CLI streams. */
export const LINE_FORMATTERS: Readonly<Record<FormatName, LineFormatter>> = { json: jsonLines, table: tableLines, md: markdownLines, list: listLines };

/** Each format as whole texts. */
export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  json: joined(jsonLines),
  table: joined(tableLines),
  md: joined(markdownLines),
  list: joined(listLines),
};
