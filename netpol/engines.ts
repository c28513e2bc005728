import { Engine, EngineName } from "./engine";
import { referenceEngine } from "./reference";

/** Thrown when an engine is asked for that this build does not have. */
export class EngineUnavailableError extends Error {
  constructor(name: string) {
    super(`the "${name}" engine is not available in this build (expected netpol/${name}/index.ts to export it)`);
    this.name = "EngineUnavailableError";
  }
}

function isEngine(value: unknown): value is Engine {
  return typeof value === "object" && value !== null && typeof (value as { prepare?: unknown }).prepare === "function";
}

/** The fast engine lives in netpol/fast/ (another module); load it lazily and find its Engine export. */
function loadFastEngine(): Engine {
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require("./fast") as Record<string, unknown>;
  } catch {
    throw new EngineUnavailableError("fast");
  }
  const engine = Object.values(exports).find((value) => isEngine(value) && value.name === "fast");
  if (!isEngine(engine)) throw new EngineUnavailableError("fast");
  return engine;
}

export function engineNamed(name: EngineName): Engine {
  switch (name) {
    case "reference":
      return referenceEngine;
    case "fast":
      return loadFastEngine();
  }
}
