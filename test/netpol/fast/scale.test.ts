/**
 * What issue 13 added around the engine: a clear stop (with the estimate and the remedy) when a
 * cluster cannot fit in the heap, the warm-up cluster's shape, and bench --scaling's sizes and ratios.
 */
import { strict as assert } from "assert";
import { BenchOptions, warmUpShape } from "../../../cli/bench";
import { benchMemory, checkBenchMemory } from "../../../cli/benchMemory";
import { formatScaling, parseSizes, runScaling, sizeOptions } from "../../../cli/benchScaling";
import { buildModel } from "../../../netpol";
import { checkCapacity, NetpolCapacityError } from "../../../netpol/fast";
import { syntheticCluster } from "../../../netpol/generate/synthetic";

const OPTIONS: BenchOptions = {
  pods: 150_000, namespaces: 30_000, policies: 100_000, seed: 1, engine: "fast",
  ports: [{ port: 80, protocol: "TCP" }], json: true, warmup: false, repeat: 1,
};

describe("netpol fast engine: capacity", () => {
  it("stops before allocating when the heap cannot hold the engine, saying how much it needs and what to do", () => {
    const model = buildModel(syntheticCluster({ pods: 200, namespaces: 20, policies: 50, seed: 3 }));
    assert.doesNotThrow(() => checkCapacity(model));
    assert.throws(() => checkCapacity(model, 1024), (error: unknown) => {
      assert.ok(error instanceof NetpolCapacityError);
      assert.ok(error.neededBytes > 1024 && error.availableBytes === 1024);
      assert.match(error.message, /the fast engine on 2\d\d endpoints and 50 policies needs about \d+ MB of JavaScript heap, but only 0 MB are left/);
      assert.match(error.message, /NODE_OPTIONS=--max-old-space-size=\d+/);
      return true;
    });
  });

  it("bench estimates its peak before generating anything, and refuses a cluster the heap limit cannot hold", () => {
    const million = { pods: 1_000_000, namespaces: 100_000, policies: 500_000, seed: 1 };
    const estimate = benchMemory(million);
    assert.ok(estimate.peakBytes > estimate.modelBytes && estimate.peakBytes < 8 * 1024 ** 3, `${estimate.peakBytes}`);
    assert.ok(benchMemory({ ...million, pods: 2_000_000 }).peakBytes > estimate.peakBytes, "grows with pods");
    assert.throws(() => checkBenchMemory(million, 2 * 1024 ** 3), /a benchmark of 1,000,000 pods, 100,000 namespaces and 500,000 policies needs about [\d,]+ MB/);
    assert.doesNotThrow(() => checkBenchMemory({ pods: 1000, namespaces: 100, policies: 100, seed: 1 }));
  });
});

describe("cli/bench: warm-up and --scaling", () => {
  it("warms up on the same shape from the next seed, scaled down to 10,000 pods", () => {
    assert.deepEqual(warmUpShape(OPTIONS), { pods: 10_000, namespaces: 2_000, policies: 6_667, seed: 2 });
    assert.deepEqual(warmUpShape({ ...OPTIONS, pods: 500, namespaces: 100, policies: 250 }), { pods: 500, namespaces: 100, policies: 250, seed: 2 });
  });

  it("parses sizes and keeps namespaces and policies in their ratio to pods", () => {
    assert.deepEqual(parseSizes("40000, 10000,20000,10000"), [10_000, 20_000, 40_000]);
    assert.throws(() => parseSizes("10k"), /comma-separated list of pod counts/);
    assert.throws(() => parseSizes("0"), /comma-separated list of pod counts/);
    assert.deepEqual(sizeOptions(OPTIONS, 15_000), { pods: 15_000, namespaces: 3_000, policies: 10_000 });
  });

  it("runs each size in its own process and gives the ratios between sizes, also per doubling", function () {
    this.timeout(120_000);
    const report = runScaling({ ...OPTIONS, pods: 300, namespaces: 60, policies: 100 }, [150, 300, 600]);
    assert.equal(report.stopped, undefined);
    assert.deepEqual(report.runs.map((run) => [run["pods"], run["namespaces"], run["policies"]]), [[150, 30, 50], [300, 60, 100], [600, 120, 200]]);
    assert.deepEqual(report.steps.map((step) => [step.fromPods, step.toPods, step.pods]), [[150, 300, 2], [300, 600, 2]]);
    for (const step of report.steps) assert.equal(step.perDoubling.seconds, step.seconds, "a doubling is its own per-doubling ratio");
    const table = formatScaling(report);
    assert.match(table, /\| 150 \| 30 \| 50 \|/);
    assert.match(table, /\| 300 → 600 \| 2 \|/);
  });
});
