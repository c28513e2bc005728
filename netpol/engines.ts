import { Engine, EngineName } from "./engine";
import { fastEngine } from "./fast";
import { NetpolModel } from "./model";
import { referenceEngine } from "./reference";

/** The fast engine asked to answer for input whose semantics it does not evaluate yet. */
export class EngineUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineUnsupportedError";
  }
}

/**
 * Why the fast engine cannot answer for this model, or undefined when it can. It evaluates
 * everything the model holds today (Kubernetes NetworkPolicies, and Calico's tiers through the
 * shared netpol/calico functions); a semantics it does not evaluate yet is refused here, and
 * engineFor then hands the model to the reference engine with a note.
 */
export function fastEngineLimit(_model: NetpolModel): string | undefined {
  return undefined;
}

/** The fast engine, refusing input it would answer wrongly. */
const guardedFastEngine: Engine = {
  name: "fast",
  prepare(model) {
    const limit = fastEngineLimit(model);
    if (limit !== undefined) throw new EngineUnsupportedError(`${limit}: use the reference engine (--engine reference)`);
    return fastEngine.prepare(model);
  },
};

export function engineNamed(name: EngineName): Engine {
  switch (name) {
    case "reference":
      return referenceEngine;
    case "fast":
      return guardedFastEngine;
  }
}

/**
 * The engine that answers for `model` when `requested` was asked for: the fast engine hands input
 * it does not evaluate to the reference engine, with a note saying so (the answers are the same
 * where both apply, so choosing for the user is safe; only the speed differs).
 */
export function engineFor(requested: EngineName, model: NetpolModel): { readonly engine: Engine; readonly note?: string } {
  const limit = requested === "fast" ? fastEngineLimit(model) : undefined;
  if (limit === undefined) return { engine: engineNamed(requested) };
  return { engine: referenceEngine, note: `${limit}; answered with the reference engine (same semantics, pair by pair: slower on large inputs)` };
}
