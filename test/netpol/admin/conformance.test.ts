// AdminNetworkPolicy and BaselineAdminNetworkPolicy against the network-policy-api conformance
// expectations (cases.ts names each case's upstream file and subtest), for every engine: the
// fast engine answers tiered models through the shared tier functions (or hands them to the
// reference engine), so both must agree with upstream.
import { strict as assert } from "assert";
import { probeReport } from "../../../netpol";
import { ADMIN_CASES } from "./cases";
import { conformanceCluster, endpointId } from "./cluster";

const ENGINES = ["reference", "fast"] as const;

function probeOf(text: string): { port: number; protocol: "TCP" | "UDP" | "SCTP" } {
  const [port, protocol] = text.split("/");
  return { port: Number(port), protocol: protocol as "TCP" | "UDP" | "SCTP" };
}

describe("admin network policies: network-policy-api conformance expectations", function () {
  this.timeout(20_000);
  for (const engine of ENGINES) {
    describe(`engine ${engine}`, () => {
      for (const c of ADMIN_CASES) {
        it(`${c.id}: ${c.mirrors} (${c.source})`, () => {
          const objects = [...conformanceCluster(), ...c.policies];
          const probes = [...new Set(c.pokes.map(([, , probe]) => probe))].map(probeOf);
          const results = probeReport(objects, probes, engine).results;
          const wrong = c.pokes.filter(([from, to, probe, expected]) => {
            const { port, protocol } = probeOf(probe);
            const result = results.find((r) => r.from === endpointId(from) && r.to === endpointId(to) && r.probe.port === port && r.probe.protocol === protocol);
            assert.ok(result !== undefined, `no result for ${from} -> ${to} ${probe}`);
            return result.allowed !== expected;
          });
          assert.deepEqual(wrong.map(([from, to, probe, expected]) => `${from} -> ${to} ${probe}: expected ${expected ? "allowed" : "denied"}`), []);
        });
      }
    });
  }
});
