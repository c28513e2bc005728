import type { ReachJson } from "../index";
import { ConnectionReport, ProbeReport } from "../reach";
import { VerifyReport } from "../verify";
import { Formatter } from "./formatter";

/** Exactly the contract's ReachJson shape. */
export function probeJson(report: ProbeReport): ReachJson {
  return {
    endpoints: [...report.endpoints],
    results: report.results.map(({ from, to, probe, allowed }) => ({ from, to, port: probe.port, protocol: probe.protocol, allowed })),
  };
}

export const jsonFormatter: Formatter = {
  probes: (report) => JSON.stringify(probeJson(report)),
  connections: (report: ConnectionReport) =>
    JSON.stringify({
      endpoints: report.endpoints,
      externals: report.externals,
      connections: report.pairs.map(({ from, to, connections }) => ({ from, to, allowed: connections.format() })),
    }),
  verify: (report: VerifyReport) =>
    JSON.stringify({
      ok: report.ok,
      extra: report.extra.map(({ from, to, connections, because }) => ({ from, to, connections: connections.format(), because })),
      missing: report.missing.map(({ from, to, connections }) => ({ from, to, connections: connections.format() })),
    }),
};
