/** The action of `netpol report`: Markdown for a pull-request comment; with --intent, exit 1 when the intent does not match. */
import { EngineName, parseIntent } from "../../netpol";
import { buildReport, reportMarkdownLines, reportSummaryLine } from "../../netpol/report";
import { EXIT_DIFFERENT, EXIT_OK } from "../usage";
import { Io, loadObjects, printDiagnostics, requireEndpoints } from "./commands";
import { readIntentText } from "./input";

export interface ReportOptions {
  readonly engine: EngineName;
  readonly intent?: string;
  readonly hide?: readonly string[];
}

export function report(paths: readonly string[], options: ReportOptions, io: Io): number {
  const intent = options.intent === undefined ? undefined : { intent: parseIntent(readIntentText(options.intent), options.intent), source: options.intent };
  const { objects, summary } = loadObjects(paths, io);
  io.progress.phase(`netpol: analysing ${objects.length.toLocaleString("en-US")} objects for the report`);
  const result = buildReport(objects, { engine: options.engine, hide: options.hide ?? [], ...(intent === undefined ? {} : { intent }) });
  printDiagnostics(io.progress, { warnings: [], notes: result.model.notes });
  requireEndpoints(summary);
  io.out.lines(reportMarkdownLines(result));
  const mismatch = result.intent !== undefined && !result.intent.report.ok;
  io.progress.print(`netpol: ${reportSummaryLine(result)}${result.intent === undefined ? "" : mismatch ? "; the intent does not match (exit 1)" : "; the intent matches"}`);
  return mismatch ? EXIT_DIFFERENT : EXIT_OK;
}
