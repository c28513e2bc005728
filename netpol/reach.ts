/** Reachability results (kept apart from rendering: see netpol/format/). */
import { buildModel, BuildOptions } from "./ingest";
import { ConnectionSet } from "./connections";
import { EngineName, PortProbe, PreparedEngine } from "./engine";
import { engineNamed } from "./engines";
import { isLoopback } from "./match";
import { NetpolModel } from "./model";

/** Verdicts per ordered pod pair (self-pairs included) per probe. */
export interface ProbeReport {
  readonly kind: "probes";
  readonly endpoints: readonly string[];
  readonly probes: readonly PortProbe[];
  /** Ordered by from, to, then probe order. */
  readonly results: readonly { readonly from: string; readonly to: string; readonly probe: PortProbe; readonly allowed: boolean }[];
}

/** Allowed connection set per ordered pair of endpoints, external atoms included (never external to external). */
export interface ConnectionReport {
  readonly kind: "connections";
  readonly endpoints: readonly string[];
  readonly externals: readonly string[];
  /** Ordered by the position of from, then to, in endpoints (pods sorted, then external atoms). */
  readonly pairs: readonly { readonly from: string; readonly to: string; readonly connections: ConnectionSet }[];
}

export function prepare(objects: readonly unknown[], engine: EngineName, options: BuildOptions = {}): { model: NetpolModel; prepared: PreparedEngine } {
  const model = buildModel(objects, options);
  return { model, prepared: engineNamed(engine).prepare(model) };
}

export function probeReport(objects: readonly unknown[], probes: readonly PortProbe[], engine: EngineName = "reference"): ProbeReport {
  const { model, prepared } = prepare(objects, engine);
  const results: ProbeReport["results"][number][] = [];
  model.pods.forEach((from, fromIndex) => {
    model.pods.forEach((to, toIndex) => {
      for (const probe of probes) results.push({ from: from.id, to: to.id, probe, allowed: prepared.allows(fromIndex, toIndex, probe) });
    });
  });
  return { kind: "probes", endpoints: model.pods.map((pod) => pod.id), probes: [...probes], results };
}

/** Every ordered pair with at least one pod side, in endpoint order; `withLoopback: false` drops a Pod paired with itself. */
export function governedPairs(model: NetpolModel, withLoopback = true): { from: number; to: number }[] {
  const pairs: { from: number; to: number }[] = [];
  model.endpoints.forEach((from, fromIndex) => {
    model.endpoints.forEach((to, toIndex) => {
      if (!withLoopback && isLoopback(from, to)) return;
      if (from.kind === "pod" || to.kind === "pod") pairs.push({ from: fromIndex, to: toIndex });
    });
  });
  return pairs;
}

export function connectionReport(objects: readonly unknown[], engine: EngineName = "reference"): ConnectionReport {
  const { model, prepared } = prepare(objects, engine);
  const pairs = governedPairs(model).map(({ from, to }) => ({
    from: model.endpoints[from].id,
    to: model.endpoints[to].id,
    connections: prepared.connections(from, to),
  }));
  return {
    kind: "connections",
    endpoints: model.endpoints.map((endpoint) => endpoint.id),
    externals: model.externals.map((external) => external.id),
    pairs,
  };
}
