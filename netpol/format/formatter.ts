import { ConnectionReport, ProbeReport } from "../reach";
import { VerifyReport } from "../verify";
import { Grid, grid, pairKey } from "./grid";

export type FormatName = "json" | "table" | "md";
export const FORMAT_NAMES: readonly FormatName[] = ["json", "table", "md"];

/** One per output format; each returns the whole text to print (no trailing newline). */
export interface Formatter {
  probes(report: ProbeReport): string;
  connections(report: ConnectionReport): string;
  verify(report: VerifyReport): string;
}

export const ALLOWED_MARK = ".";
export const DENIED_MARK = "X";
export const NONE_MARK = "-";

/** One grid per probe, cells "." allowed, "X" denied (the upstream e2e truth-table convention). */
export function probeGrids(report: ProbeReport): Grid[] {
  return report.probes.map((probe, probeIndex) => {
    const allowed = new Map<string, boolean>();
    report.results.forEach((result, i) => {
      if (i % report.probes.length === probeIndex) allowed.set(pairKey(result.from, result.to), result.allowed);
    });
    const mark = (from: string, to: string): string => (allowed.get(pairKey(from, to)) ? ALLOWED_MARK : DENIED_MARK);
    return grid(`${probe.port}/${probe.protocol}`, report.endpoints, report.endpoints, mark);
  });
}

/** Rows: every endpoint that sends; columns: every endpoint that receives; "-" for nothing allowed. */
export function connectionGrid(report: ConnectionReport): Grid {
  const sets = new Map(report.pairs.map((pair) => [pairKey(pair.from, pair.to), pair.connections.format()]));
  const cell = (from: string, to: string): string => {
    const text = sets.get(pairKey(from, to));
    return text === undefined ? "" : text === "none" ? NONE_MARK : text;
  };
  return grid("allowed connections", report.endpoints, report.endpoints, cell);
}

export function verifyLines(report: VerifyReport): string[] {
  if (report.ok) return ["OK: actual reachability equals the intent"];
  return [
    ...report.extra.map(({ from, to, connections, because }) => `extra:   ${from} => ${to} : ${connections.format()}${because === undefined ? "" : `  (${because})`}`),
    ...report.missing.map(({ from, to, connections }) => `missing: ${from} => ${to} : ${connections.format()}`),
    `FAILED: ${report.extra.length} extra (over-permissive), ${report.missing.length} missing`,
  ];
}
