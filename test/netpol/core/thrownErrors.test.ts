/** The errors the analyzer throws, as a caller catches them: name, class and message. */
import { strict as assert } from "assert";
import { buildModel, engineNamed, EngineUnsupportedError, NetpolInputError } from "../../../netpol";

type Raw = Record<string, unknown>;

const dualPod = (name: string, ips: readonly string[]): Raw => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "a" }, spec: { containers: [{ name: "c" }] }, status: { podIPs: ips.map((ip) => ({ ip })) } });
const ALLOW_ALL = { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "g" }, spec: { selector: "all()", types: ["Ingress"], ingress: [{ action: "Allow" }] } };

describe("netpol errors as thrown", () => {
  it("input problems: one message line per problem", () => {
    const error = new NetpolInputError([{ source: "a.yaml", object: "document 1", reason: "bad" }, { source: "b.yaml", object: "document 2", reason: "worse" }]);
    assert.equal(error.message, "a.yaml: document 1: bad\nb.yaml: document 2: worse");
    assert.equal(error.name, "NetpolInputError");
  });

  it("the fast engine asked by name refuses what it would answer wrongly, saying which engine to use", () => {
    const model = buildModel([dualPod("p", ["10.0.0.1", "fd00::1"]), ALLOW_ALL]);
    assert.throws(() => engineNamed("fast").prepare(model), (error: unknown) => {
      assert.ok(error instanceof EngineUnsupportedError);
      assert.equal(error.name, "EngineUnsupportedError");
      assert.equal(error.message, "Calico or admin network policy tiers with pods of several IPs (a/p has 10.0.0.1, fd00::1) are decided per address pair, which the fast engine does not do: use the reference engine (--engine reference)");
      return true;
    });
    assert.equal(engineNamed("fast").prepare(buildModel([dualPod("p", ["10.0.0.1"]), ALLOW_ALL])).allows(0, 0, { port: 80, protocol: "TCP" }), true);
    assert.equal(engineNamed("fast").prepare(buildModel([dualPod("p", ["10.0.0.1", "fd00::1"])])).allows(0, 0, { port: 80, protocol: "TCP" }), true, "without tiers, pods of several IPs are the fast engine's");
  });
});
