/** The "mocha-hot-swap" Stryker test runner: the mocha runner, run in place for runtime-activated mutants. */
import { strict as assert } from "assert";
import * as path from "path";
import { pathToFileURL } from "url";

interface RunOptions {
  readonly activeMutant: { readonly id: string };
  readonly mutantActivation: "runtime" | "static";
  readonly reloadEnvironment: boolean;
}
interface Runner {
  capabilities(): Promise<{ reloadEnvironment: boolean }>;
  init(): Promise<void>;
  dryRun(options: unknown): unknown;
  mutantRun(options: RunOptions): unknown;
  dispose(): Promise<void>;
}
interface Plugin {
  readonly kind: string;
  readonly name: string;
  readonly factory: ((injector: unknown) => Runner) & { inject: readonly string[] };
}

const PLUGIN = pathToFileURL(path.resolve(__dirname, "../../scripts/stryker-mocha-hot-swap.mjs")).href;
/** A real dynamic import (TypeScript would turn `import()` into `require()` under commonjs). */
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<{ strykerPlugins: Plugin[] }>;

/** The plugin's runner around a fake mocha runner that records what it was asked. */
async function wrapped(): Promise<{ runner: Runner; calls: string[]; runs: RunOptions[] }> {
  const { strykerPlugins } = await importEsm(PLUGIN);
  const [plugin] = strykerPlugins;
  assert.ok(plugin);
  const calls: string[] = [];
  const runs: RunOptions[] = [];
  const inner = {
    init: async () => void calls.push("init"),
    dryRun: (options: unknown) => (calls.push("dryRun"), options),
    mutantRun: (options: RunOptions) => (runs.push(options), "result"),
    dispose: async () => void calls.push("dispose"),
  };
  // The factory hands the injector to the mocha runner's own factory, which builds the runner through it.
  const injector = { provideClass: () => injector, provideValue: () => injector, injectClass: () => inner };
  return { runner: plugin.factory(injector), calls, runs };
}

describe("scripts/stryker-mocha-hot-swap.mjs", () => {
  it("declares a test-runner plugin named mocha-hot-swap, built from Stryker's injector", async () => {
    const { strykerPlugins } = await importEsm(PLUGIN);
    assert.deepEqual(strykerPlugins.map((p) => [p.kind, p.name]), [["TestRunner", "mocha-hot-swap"]]);
    assert.deepEqual(strykerPlugins[0]?.factory.inject, ["$injector"]);
  });

  it("claims it can reload, and runs a runtime-activated mutant in place (no reload asked of mocha)", async () => {
    const { runner, calls, runs } = await wrapped();
    assert.deepEqual(await runner.capabilities(), { reloadEnvironment: true });
    await runner.init();
    const dryRunOptions = { coverageAnalysis: "perTest" };
    assert.equal(runner.dryRun(dryRunOptions), dryRunOptions, "the dry run is mocha's own");
    assert.equal(runner.mutantRun({ activeMutant: { id: "7" }, mutantActivation: "runtime", reloadEnvironment: true }), "result");
    assert.deepEqual(runs, [{ activeMutant: { id: "7" }, mutantActivation: "runtime", reloadEnvironment: false }]);
    await runner.dispose();
    assert.deepEqual(calls, ["init", "dryRun", "dispose"]);
  });

  it("refuses a mutant that needs static activation, naming it", async () => {
    const { runner, runs } = await wrapped();
    assert.throws(() => runner.mutantRun({ activeMutant: { id: "42" }, mutantActivation: "static", reloadEnvironment: true }), /mutant 42 needs static activation/);
    assert.deepEqual(runs, []);
  });
});
