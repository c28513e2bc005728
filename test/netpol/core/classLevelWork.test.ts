/**
 * With the fast engine, counts and `reach --allowed-only` are answered at class level: their work
 * follows the answer, so a cluster where everything is denied asks the engine about no pair at all
 * (but the Pods with themselves, always allowed). The answers themselves are counts.test.ts's and
 * classLevel.test.ts's.
 */
import { strict as assert } from "assert";
import { Analysis, connectionCounts, connectionResults, prepare, probeCounts, probeResults, reachScope } from "../../../netpol";
import { PreparedEngine } from "../../../netpol/engine";
import { pod, policy } from "./helpers";

const DENIED = [
  pod("x", "a"),
  pod("x", "b"),
  pod("y", "c"),
  policy("x", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
  policy("y", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
];
const TCP80 = [{ port: 80, protocol: "TCP" as const }];

/** The fast engine prepared on DENIED, with every pair-by-pair question counted (its class-level interface kept). */
function spied(): { analysis: Analysis; asked: () => string[] } {
  const { model, prepared } = prepare(DENIED, "fast");
  const asked: string[] = [];
  const spy = Object.create(prepared) as PreparedEngine;
  spy.allows = (from, to, probe) => (asked.push(`allows ${from} ${to}`), prepared.allows(from, to, probe));
  spy.connections = (from, to) => (asked.push(`connections ${from} ${to}`), prepared.connections(from, to));
  return { analysis: { model, prepared: spy }, asked: () => asked.splice(0) };
}

describe("netpol class level: work follows the answer", () => {
  it("counts ask about no pair", () => {
    const { analysis, asked } = spied();
    probeCounts(analysis, TCP80, reachScope(analysis.model, "probes"));
    connectionCounts(analysis, reachScope(analysis.model, "connections"));
    assert.deepEqual(asked(), []);
  });

  it("--allowed-only asks about the Pods with themselves only", () => {
    const { analysis, asked } = spied();
    assert.deepEqual([...probeResults(analysis, TCP80, reachScope(analysis.model, "probes", { allowedOnly: true })).results].map((r) => `${r.from} ${r.to}`), ["x/a x/a", "x/b x/b", "y/c y/c"]);
    assert.deepEqual(asked(), []);
    assert.deepEqual([...connectionResults(analysis, reachScope(analysis.model, "connections", { allowedOnly: true })).pairs].map((p) => `${p.from} ${p.to} ${p.connections.format()}`), ["x/a x/a all", "x/b x/b all", "y/c y/c all"]);
    assert.deepEqual(asked(), ["connections 0 0", "connections 1 1", "connections 2 2"]);
  });
});
