/** `netpol report`: a pull-request comment about one set of manifests. */
export { buildReport } from "./build";
export type { ReportOptions } from "./build";
export type { AllowedPair, NetworkReport, PolicyKindCount, ReportSummary } from "./types";
export { reportMarkdownLines, reportSummaryLine } from "./markdown";
export { groupEndpoints, COLLAPSE_ABOVE } from "./groups";
export type { Group, Grouping } from "./groups";
export { groupFlows, flowLabel } from "./flows";
export type { GroupFlow } from "./flows";
export { mermaidLines, externalLabel, MAX_EDGES } from "./mermaid";
export { reportMatrix } from "./matrix";
