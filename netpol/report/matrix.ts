/** The from × to matrix of the report: endpoints, or namespaces when collapsed (./groups). */
import { Grid } from "../format/grid";
import { isLoopback } from "../match";
import { Endpoint } from "../model";
import { flowLabel, GroupFlow } from "./flows";
import { Group, Grouping } from "./groups";
import { NetworkReport } from "./types";

export const DENIED_CELL = "-";

/** External to external is not governed; neither is a Pod shown alone paired with itself (always allowed). */
function governed(report: NetworkReport, source: Group, destination: Group): boolean {
  if (source.kind === "external" && destination.kind === "external") return false;
  if (source !== destination || source.members.length !== 1) return true;
  const only = report.model.endpoints[source.members[0] as number] as Endpoint;
  return !isLoopback(only, only);
}

/** Every shown group as a row and a column; "-" where nothing is allowed, blank where nothing is governed. */
export function reportMatrix(report: NetworkReport, grouping: Grouping, flows: readonly GroupFlow[]): Grid {
  const cells = grouping.groups.map((source) => grouping.groups.map((destination) => (governed(report, source, destination) ? DENIED_CELL : "")));
  for (const flow of flows) (cells[flow.from] as string[])[flow.to] = flowLabel(flow);
  const labels = grouping.groups.map((group) => group.id);
  return { title: grouping.collapsed ? "allowed connections between namespaces" : "allowed connections", rows: labels, columns: labels, cells };
}
