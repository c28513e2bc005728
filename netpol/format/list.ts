/** One line per pair, `from => to : what` (np-guard's txt style): for grep, head and large answers. */
import { LineFormatter, verifyLines } from "./formatter";

export const listLines: LineFormatter = {
  *probes(report) {
    for (const { from, to, probe, allowed } of report.results) yield `${from} => ${to} : ${probe.port}/${probe.protocol} ${allowed ? "allowed" : "denied"}`;
  },
  *connections(report) {
    for (const { from, to, connections } of report.pairs) yield `${from} => ${to} : ${connections.format()}`;
  },
  verify: (report) => verifyLines(report),
};
