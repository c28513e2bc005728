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
 * Kubernetes NetworkPolicies, and Calico's tiers (with the admin policies) through the shared
 * netpol/calico functions, but not the per-address-pair decision tiers need for pods with several
 * IPs (a Deny of a pod's IPv4 address leaves its IPv6 traffic to the rest of the walk: see
 * viewPairs in netpol/reference.ts); such a model is refused here, and engineFor then hands it to
 * the reference engine with a note.
 */
export function fastEngineLimit(model: NetpolModel): string | undefined {
  if (model.calico === undefined) return undefined;
  const pod = model.pods.find((p) => p.ips.length > 1);
  if (pod === undefined) return undefined;
  return `Calico or admin network policy tiers with pods of several IPs (${pod.id} has ${pod.ips.map((ip) => ip.text).join(", ")}) are decided per address pair, which the fast engine does not do`;
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
  return { engine: referenceEngine, note: `${limit}; answered with the reference engine (it decides them; pair by pair: slower on large inputs)` };
}
