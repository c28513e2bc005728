import { Direction } from "../model";
import { ConnectionReport, ProbeReport } from "../reach";
import { VerifyReport } from "../verify";
import { Grid, grid, pairKey } from "./grid";

export type FormatName = "json" | "table" | "md" | "list";
export const FORMAT_NAMES: readonly FormatName[] = ["json", "table", "md", "list"];

/**
 * One per output format: the lines to print (without line ends). json and list yield as they
 * read the report's pairs, so a large answer streams; table and md need the whole matrix first.
 */
export interface LineFormatter {
  probes(report: ProbeReport): Iterable<string>;
  connections(report: ConnectionReport): Iterable<string>;
  verify(report: VerifyReport): Iterable<string>;
}

/** The same as whole texts (no trailing newline). */
export interface Formatter {
  probes(report: ProbeReport): string;
  connections(report: ConnectionReport): string;
  verify(report: VerifyReport): string;
}

export function joined(lines: LineFormatter): Formatter {
  const join = (iterable: Iterable<string>): string => Array.from(iterable).join("\n");
  return {
    probes: (report) => join(lines.probes(report)),
    connections: (report) => join(lines.connections(report)),
    verify: (report) => join(lines.verify(report)),
  };
}

export const ALLOWED_MARK = ".";
export const DENIED_MARK = "X";
export const NONE_MARK = "-";

/**
 * One grid per probe, cells "." allowed, "X" denied (the upstream e2e truth-table convention), empty when not reported.
 * A probe given twice gets the same grid twice, as the list and json formats repeat its results.
 */
export function probeGrids(report: ProbeReport): Grid[] {
  const probeKey = (probe: ProbeReport["probes"][number]): string => `${probe.port}/${probe.protocol}`;
  const verdicts = new Map<string, boolean>();
  for (const result of report.results) verdicts.set(`${probeKey(result.probe)} ${pairKey(result.from, result.to)}`, result.allowed);
  return report.probes.map((probe) => {
    const mark = (from: string, to: string): string => {
      const allowed = verdicts.get(`${probeKey(probe)} ${pairKey(from, to)}`);
      return allowed === undefined ? "" : allowed ? ALLOWED_MARK : DENIED_MARK;
    };
    return grid(probeKey(probe), report.sources, report.destinations, mark);
  });
}

/** Rows: every endpoint that sends; columns: every endpoint that receives; "-" for nothing allowed. */
export function connectionGrid(report: ConnectionReport): Grid {
  const sets = new Map<string, string>();
  for (const pair of report.pairs) sets.set(pairKey(pair.from, pair.to), pair.connections.format());
  const cell = (from: string, to: string): string => {
    const text = sets.get(pairKey(from, to));
    return text === undefined ? "" : text === "none" ? NONE_MARK : text;
  };
  return grid("allowed connections", report.sources, report.destinations, cell);
}

/** "" for an end-to-end difference, " (egress side)" for one side alone (eachSide), " (kubernetes layer alone, …)" for the Kubernetes layer. */
function sideOf(side: Direction | undefined, layer?: "kubernetes"): string {
  const parts = [...(layer === undefined ? [] : ["kubernetes layer alone"]), ...(side === undefined ? [] : [`${side} side`])];
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

export function verifyLines(report: VerifyReport): string[] {
  if (report.ok) return ["OK: actual reachability equals the intent"];
  return [
    ...report.extra.map(({ from, to, connections, because, side, layer }) => `extra${sideOf(side, layer)}:   ${from} => ${to} : ${connections.format()}${because === undefined ? "" : `  (${because})`}`),
    ...unlisted("extra", report.extraCount, report.extra.length),
    ...report.missing.map(({ from, to, connections, side, layer }) => `missing${sideOf(side, layer)}: ${from} => ${to} : ${connections.format()}`),
    ...unlisted("missing", report.missingCount, report.missing.length),
    `FAILED: ${report.extraCount} extra (over-permissive), ${report.missingCount} missing`,
  ];
}

/** The line saying how many differences the limit left out, if any. */
function unlisted(kind: "extra" | "missing", count: number, listed: number): string[] {
  return count > listed ? [`${kind}: ${(count - listed).toLocaleString("en-US")} more, not listed (the list holds the first ${listed.toLocaleString("en-US")} in pair order)`] : [];
}
