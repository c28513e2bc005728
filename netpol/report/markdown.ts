/** `netpol report`: Markdown for a pull-request comment (summary, intent verdict, warnings, picture, matrix). */
import { markdownGridLines } from "../format/markdown";
import { verifyLines } from "../format/formatter";
import { groupFlows } from "./flows";
import { COLLAPSE_ABOVE, groupEndpoints } from "./groups";
import { reportMatrix } from "./matrix";
import { MAX_EDGES, mermaidLines } from "./mermaid";
import { NetworkReport } from "./types";

function count(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

/** "18 pods/workloads, 3 external ranges, 12 policies, 14 allowed connections; isolated for ingress: 15 of 18, for egress: 15 of 18". */
export function reportSummaryLine(report: NetworkReport): string {
  const { summary } = report;
  const totals = [
    count(summary.endpoints, "pod/workload", "pods/workloads"),
    count(summary.externals, "external range", "external ranges"),
    count(summary.policies, "policy", "policies"),
    count(summary.allowedPairs, "allowed connection", "allowed connections"),
  ].join(", ");
  const isolated = `isolated for ingress: ${summary.isolatedIngress} of ${summary.endpoints}, for egress: ${summary.isolatedEgress} of ${summary.endpoints}`;
  const hidden = summary.hidden > 0 ? ` (${count(summary.hidden, "endpoint", "endpoints")} analysed but not drawn)` : "";
  return `${totals}; ${isolated}${hidden}`;
}

function intentLines(report: NetworkReport): string[] {
  if (report.intent === undefined) return [];
  const { source, report: verified } = report.intent;
  if (verified.ok) return ["", `**Intent** (\`${source}\`): ✅ matches: the policies allow exactly the declared flows.`];
  return ["", `**Intent** (\`${source}\`): ❌ does not match:`, "", ...verifyLines(verified).map((line) => `- ${line}`)];
}

function warningLines(report: NetworkReport): string[] {
  if (report.warnings.length === 0) return [];
  return ["", "**Warnings:**", "", ...report.warnings.map((warning) => `- ${warning}`)];
}

export function reportMarkdownLines(report: NetworkReport): string[] {
  const grouping = groupEndpoints(report);
  const flows = groupFlows(report, grouping);
  const collapsed = grouping.collapsed ? ` (by namespace: more than ${COLLAPSE_ABOVE} endpoints)` : "";
  const mermaid = mermaidLines(report, grouping, flows);
  const picture =
    mermaid === undefined
      ? [`The picture is left out: ${flows.length} edges are more than ${MAX_EDGES}.`]
      : ["```mermaid", ...mermaid, "```"];
  return [
    `**${reportSummaryLine(report)}.**`,
    ...intentLines(report),
    ...warningLines(report),
    "",
    `**Allowed connections**${collapsed}:`,
    "",
    ...picture,
    "",
    ...markdownGridLines(reportMatrix(report, grouping, flows)).slice(2),
  ];
}
