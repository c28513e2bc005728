import type { ReachJson } from "../index";
import { ProbeReport } from "../reach";
import { VerifyReport } from "../verify";
import { LineFormatter } from "./formatter";

/** Exactly the contract's ReachJson shape. */
export function probeJson(report: ProbeReport): ReachJson {
  return {
    endpoints: [...report.endpoints],
    results: Array.from(report.results, ({ from, to, probe, allowed }) => ({ from, to, port: probe.port, protocol: probe.protocol, allowed })),
  };
}

/**
 * One JSON object whose list opens on the first line and has one item per line, so it streams
 * and `head` shows whole items: `{"endpoints":[...],"results":[` / `{...},` / ... / `]}`.
 */
function* jsonList<T>(opening: string, items: Iterable<T>, item: (value: T) => unknown): Generator<string> {
  yield opening;
  let previous: string | undefined;
  for (const value of items) {
    if (previous !== undefined) yield `${previous},`;
    previous = JSON.stringify(item(value));
  }
  if (previous !== undefined) yield previous;
  yield "]}";
}

export const jsonLines: LineFormatter = {
  probes: (report) =>
    jsonList(`{"endpoints":${JSON.stringify(report.endpoints)},"results":[`, report.results, ({ from, to, probe, allowed }) => ({ from, to, port: probe.port, protocol: probe.protocol, allowed })),
  connections: (report) =>
    jsonList(
      `{"endpoints":${JSON.stringify(report.endpoints)},"externals":${JSON.stringify(report.externals)},"connections":[`,
      report.pairs,
      ({ from, to, connections }) => ({ from, to, allowed: connections.format() }),
    ),
  verify: (report: VerifyReport) => [
    JSON.stringify({
      ok: report.ok,
      extra: report.extra.map(({ from, to, connections, because, side, layer }) => ({ from, to, connections: connections.format(), because, side, layer })),
      missing: report.missing.map(({ from, to, connections, side, layer }) => ({ from, to, connections: connections.format(), side, layer })),
      // The lists hold the first differences only when a limit cut them; the counts are whole.
      extraCount: report.extraCount,
      missingCount: report.missingCount,
    }),
  ],
};
