/** cli/bench: the JSON it prints, both engines agreeing on it, and clear errors for bad options. */
import { strict as assert } from "assert";
import { CommanderError } from "commander";
import { benchmark, BenchOptions, program } from "../../../cli/bench";

const SMALL: BenchOptions = {
  pods: 60, namespaces: 12, policies: 30, seed: 9, engine: "fast",
  ports: [{ port: 8080, protocol: "TCP" }, { port: 53, protocol: "UDP" }], json: true, warmup: false, repeat: 1,
};

/** Parses bench arguments without running a benchmark or printing; returns commander's error message. */
function usageError(args: readonly string[]): string {
  const command = program().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  command.action(() => assert.fail("the arguments should have been rejected"));
  try {
    command.parse(["node", "bench", ...args]);
  } catch (error) {
    assert.ok(error instanceof CommanderError, String(error));
    return error.message;
  }
  return assert.fail("no error");
}

describe("cli/bench", () => {
  it("reports the cluster, its classes and one allowed count, the same for both engines", () => {
    const fast = benchmark(SMALL);
    const reference = benchmark({ ...SMALL, engine: "reference" });
    assert.deepEqual(Object.keys(fast), [...Object.keys(fast)].sort(), "keys are sorted");
    for (const key of ["pods", "namespaces", "policies", "classes", "allowed", "seconds", "rssMB"]) assert.ok(key in fast, key);
    assert.deepEqual([fast["pods"], fast["namespaces"], fast["policies"], fast["probes"]], [60, 12, 30, ["8080/TCP", "53/UDP"]]);
    assert.ok((fast["allowed"] as number) > 60, "more than the Pods' self-pairs are allowed");
    assert.equal(fast["allowed"], reference["allowed"]);
    assert.equal(fast["classes"], reference["classes"]);
  });

  it("--calico adds the stacks' Calico layer: both engines count it alike, and the global default deny closes more", () => {
    const fast = benchmark({ ...SMALL, calico: true });
    const reference = benchmark({ ...SMALL, calico: true, engine: "reference" });
    assert.equal(fast["calico"], true);
    assert.equal(fast["allowed"], reference["allowed"]);
    assert.ok((fast["allowed"] as number) < (benchmark(SMALL)["allowed"] as number), "the default deny closes what no NetworkPolicy isolated");
  });

  it("rejects bad numbers, ports and engines, saying what it expected", () => {
    assert.match(usageError(["--pods", "ten"]), /--pods <n>.*expected a whole number/);
    assert.match(usageError(["--ports", "80/ICMP"]), /expected a comma-separated list of <port>\/<protocol>/);
    assert.match(usageError(["--ports", "70000/TCP"]), /port 1-65535/);
    assert.match(usageError(["--engine", "turbo"]), /Allowed choices are fast, reference/);
    assert.match(usageError(["--repeat", "0"]), /at least 1/);
  });
});
