/**
 * Public API of the NetworkPolicy analyzer (pure, standalone: no Pulumi, no app topology).
 * The contract with the other analyzer modules: keep these exports stable.
 */
import { buildModel } from "./build";
import { EngineName, PortProbe } from "./engine";
import { engineNamed } from "./engines";
import { Protocol } from "./model";

export type { Protocol } from "./model";
export type { PortProbe, EngineName, Engine, PreparedEngine } from "./engine";
export { NetpolInputError } from "./errors";
export type { InputProblem } from "./errors";
export { parseManifestText } from "./parse";
export { buildModel } from "./build";
export { ConnectionSet } from "./connections";
export { engineNamed, EngineUnavailableError } from "./engines";

/** Exactly the `reach --format json` output. */
export interface ReachJson {
  /** Sorted "ns/name". */
  endpoints: string[];
  /** One per ordered endpoint pair (self-pairs included) per probe, ordered by from, to, then probe order. */
  results: { from: string; to: string; port: number; protocol: Protocol; allowed: boolean }[];
}

/** Kubernetes objects (parsed plain objects; `kind: List` is flattened here too) -> verdicts per probe. */
export function reachJson(objects: readonly unknown[], probes: readonly PortProbe[], engine: EngineName = "reference"): ReachJson {
  const model = buildModel(objects);
  const prepared = engineNamed(engine).prepare(model);
  const results: ReachJson["results"] = [];
  model.pods.forEach((from, fromIndex) => {
    model.pods.forEach((to, toIndex) => {
      for (const probe of probes) {
        const allowed = prepared.allows(fromIndex, toIndex, probe);
        results.push({ from: from.id, to: to.id, port: probe.port, protocol: probe.protocol, allowed });
      }
    });
  });
  return { endpoints: model.pods.map((pod) => pod.id), results };
}
