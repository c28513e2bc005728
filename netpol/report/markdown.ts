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

/** "4 NetworkPolicies, 2 Calico in tier security, 1 AdminNetworkPolicy": only when there is more than NetworkPolicies. */
function policyKindsText(kinds: NetworkReport["summary"]["policyKinds"]): string {
  if (kinds.every(({ kind }) => kind === "NetworkPolicy")) return "";
  const parts = kinds.map(({ kind, tier, count: n }) => {
    if (kind === "Calico") return `${n.toLocaleString("en-US")} Calico in tier ${tier}`;
    return count(n, kind, `${kind.slice(0, -1)}ies`); // NetworkPolicies, AdminNetworkPolicies, ...
  });
  return ` (${parts.join(", ")})`;
}

/**
 * "18 pods/workloads, 3 external ranges, 12 policies, 14 allowed connections; isolated for ingress: 15 of 18, for egress: 15 of 18",
 * with Calico or admin policies "12 policies (8 NetworkPolicies, 2 Calico in tier security, 1 AdminNetworkPolicy, 1 BaselineAdminNetworkPolicy)".
 */
export function reportSummaryLine(report: NetworkReport): string {
  const { summary } = report;
  const totals = [
    count(summary.endpoints, "pod/workload", "pods/workloads"),
    count(summary.externals, "external range", "external ranges"),
    count(summary.policies, "policy", "policies") + policyKindsText(summary.policyKinds),
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
