import { FormatName, Formatter } from "./formatter";
import { jsonFormatter } from "./json";
import { markdownFormatter } from "./markdown";
import { tableFormatter } from "./table";

export type { FormatName, Formatter } from "./formatter";
export { FORMAT_NAMES } from "./formatter";

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = { json: jsonFormatter, table: tableFormatter, md: markdownFormatter };
