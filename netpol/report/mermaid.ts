/**
 * The allowed connections as a mermaid `flowchart`: pods (or namespaces, collapsed) grouped in a
 * subgraph per namespace, the internet and each external range as a node of its own, one edge
 * per allowed group pair labelled with its ports. Node ids are generated (n0, x0, g0), labels
 * quoted, so no endpoint name can break the syntax.
 */
import { ExternalEndpoint } from "../model";
import { flowLabel, GroupFlow } from "./flows";
import { Group, Grouping } from "./groups";
import { NetworkReport } from "./types";

/** More edges than this and the picture is left out (GitHub draws up to 500, but nobody reads them). */
export const MAX_EDGES = 150;

function quoted(text: string): string {
  return `"${text.replace(/#/g, "#35;").replace(/"/g, "#quot;")}"`;
}

/** "internet (0.0.0.0/0 except 10.0.0.0/8)" for the atoms of the whole address space, else the range. */
export function externalLabel(external: ExternalEndpoint): string {
  if (external.block.prefix !== 0) return external.id;
  const family = external.block.family === "ipv6" ? "internet, IPv6" : "internet";
  return `${family} (${external.id.replace(/,/g, ", ")})`;
}

function nodeLine(report: NetworkReport, group: Group, id: string): string {
  if (group.kind === "external") {
    const external = report.model.endpoints[group.members[0] as number] as ExternalEndpoint;
    return `${id}((${quoted(externalLabel(external))}))`;
  }
  if (group.kind === "namespace") return `${id}[${quoted(`${group.id} (${group.members.length} ${group.members.length === 1 ? "endpoint" : "endpoints"})`)}]`;
  return `${id}[${quoted(group.id.slice((group.namespace as string).length + 1))}]`;
}

/** The flowchart's lines; undefined when there are more than MAX_EDGES edges. */
export function mermaidLines(report: NetworkReport, grouping: Grouping, flows: readonly GroupFlow[]): string[] | undefined {
  if (flows.length > MAX_EDGES) return undefined;
  const ids = grouping.groups.map((group, g) => `${group.kind === "external" ? "x" : "n"}${g}`);
  const lines = ["flowchart LR"];
  const namespaces = [...new Set(grouping.groups.flatMap((group) => (group.kind === "pod" ? [group.namespace as string] : [])))];
  namespaces.forEach((namespace, n) => {
    lines.push(`  subgraph g${n}[${quoted(namespace)}]`);
    grouping.groups.forEach((group, g) => {
      // Stryker disable next-line ConditionalExpression: external groups have no namespace, and namespace groups never come with pod groups
      if (group.kind === "pod" && group.namespace === namespace) lines.push(`    ${nodeLine(report, group, ids[g] as string)}`);
    });
    lines.push("  end");
  });
  grouping.groups.forEach((group, g) => {
    if (group.kind !== "pod") lines.push(`  ${nodeLine(report, group, ids[g] as string)}`);
  });
  for (const flow of flows) lines.push(`  ${ids[flow.from]} -->|${quoted(flowLabel(flow))}| ${ids[flow.to]}`);
  return lines;
}
