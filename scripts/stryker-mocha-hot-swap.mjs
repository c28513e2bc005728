// @ts-check
/**
 * A Stryker test-runner plugin, "mocha-hot-swap": Stryker's own mocha runner, declared able to
 * reload its environment so that Stryker stops restarting the worker process for "hybrid" mutants.
 *
 * Why: many of our test files compute at load time (stack files parsed and models built inside
 * `describe`), so most source lines also run while the test files load. Stryker calls such
 * mutants static as well as covered ("hybrid"); with `ignoreStatic` it runs them only with the
 * tests that cover them, activated at runtime, but asks for a fresh environment first. The mocha
 * runner cannot reload, so Stryker restarts the worker: a new Node process loading every test file
 * (the Pulumi SDKs included), seconds per mutant, for most of the mutants.
 *
 * That restart buys nothing here: after it the runner loads the test files with NO mutant active
 * (runtime activation) and then activates the mutant, which is exactly the state a running worker
 * is already in. So this runner runs such mutants in place. A mutant that needs static activation
 * (only possible without perTest coverage or without ignoreStatic) is refused loudly instead.
 * Nothing in node_modules is changed; the plugin is loaded through `appendPlugins`.
 */
import { commonTokens, declareFactoryPlugin, PluginKind, tokens } from "@stryker-mutator/api/plugin";
import { createMochaTestRunner } from "@stryker-mutator/mocha-runner";

/** @typedef {import("@stryker-mutator/api/test-runner").TestRunner} TestRunner */

/** @implements {TestRunner} */
class MochaHotSwapRunner {
  /** @param {TestRunner} inner */
  constructor(inner) {
    this.inner = inner;
  }

  async capabilities() {
    return { reloadEnvironment: true };
  }

  async init() {
    await this.inner.init?.();
  }

  /** @param {import("@stryker-mutator/api/test-runner").DryRunOptions} options */
  dryRun(options) {
    return this.inner.dryRun(options);
  }

  /** @param {import("@stryker-mutator/api/test-runner").MutantRunOptions} options */
  mutantRun(options) {
    if (options.mutantActivation !== "runtime") {
      throw new Error(
        `mocha-hot-swap: mutant ${options.activeMutant.id} needs static activation, which this runner cannot give; ` +
          'use testRunner "mocha" (or coverageAnalysis "perTest" with ignoreStatic)',
      );
    }
    return this.inner.mutantRun({ ...options, reloadEnvironment: false });
  }

  async dispose() {
    await this.inner.dispose?.();
  }
}

/** @param {import("@stryker-mutator/api/plugin").Injector<import("@stryker-mutator/api/plugin").PluginContext>} injector */
function createMochaHotSwapRunner(injector) {
  return new MochaHotSwapRunner(createMochaTestRunner(injector));
}
createMochaHotSwapRunner.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, "mocha-hot-swap", createMochaHotSwapRunner)];
