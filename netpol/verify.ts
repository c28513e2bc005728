/** verify: actual reachability must equal the intent, pair by pair, exactly. */
import { cidrContainsCidr } from "./addresses";
import { ConnectionSet } from "./connections";
import { EngineName } from "./engine";
import { NetpolInputError } from "./errors";
import { Intent, intentCidrs, IntentPeer } from "./intent";
import { Direction, Endpoint, NetpolModel } from "./model";
import { Analysis, governedPairs, isGoverned, prepare } from "./reach";
import { describeSide, explainConnections, isolating, sideConnections } from "./reference";
import { allowedClassPairs, boundaryProbes, classLevelEngine, isPodLoopback } from "./classLevel";
import { engineNamed } from "./engines";
import { PreparedFastEngine } from "./fast";
import { isTieredObject } from "./calico/ingest";
import { isRecord } from "./parse";

export interface FlowDifference {
  readonly from: string;
  readonly to: string;
  readonly connections: ConnectionSet;
  /** For extra flows: the policies (or their absence) that let them through. */
  readonly because?: string;
  /** Set when one side alone (each-side check) differs from the intent; absent for end-to-end differences. */
  readonly side?: Direction;
  /** Set when the Kubernetes NetworkPolicies alone (the intent's kubernetesLayer) differ; absent for the whole input. */
  readonly layer?: "kubernetes";
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Allowed but not in the intent (over-permissive). */
  readonly extra: readonly FlowDifference[];
  /** In the intent but not allowed. */
  readonly missing: readonly FlowDifference[];
  /** How the manifests were read where a reader should know (API defaults applied): the model's notes. */
  readonly notes: readonly string[];
  /** Fields read but outside the model (ICMP, host endpoints, ...): the model's warnings. */
  readonly warnings: readonly string[];
}

/**
 * Does an intent flow end cover this endpoint? A CIDR covers the external atoms inside it and
 * outside its excepts. Exact, because the intent's CIDRs and excepts also split the atoms: an
 * atom lies wholly inside or wholly outside each of them.
 */
function covers(peer: IntentPeer, endpoint: Endpoint): boolean {
  // An endpoint peer is "namespace/name", never a CIDR (parseIntent reads those as CIDRs), so never an external atom's id.
  if (peer.kind === "endpoint") return endpoint.id === peer.id;
  return (
    endpoint.kind === "external" &&
    cidrContainsCidr(peer.cidr, endpoint.block) &&
    !peer.except.some((except) => cidrContainsCidr(except, endpoint.block))
  );
}

function checkIntentEndpoints(intent: Intent, model: NetpolModel, source: string): void {
  const known = new Set(model.pods.map((pod) => pod.id));
  const problems = intent.flows.flatMap((flow, i) =>
    [flow.from, flow.to].flatMap((peer) =>
      peer.kind === "endpoint" && !known.has(peer.id)
        ? [{ source, object: `flows[${i}]`, reason: `${peer.id} is not an endpoint of the manifests` }]
        : [],
    ),
  );
  if (problems.length > 0) throw new NetpolInputError(problems);
}

function provenance(model: NetpolModel, source: Endpoint, destination: Endpoint): string {
  const verdict = explainConnections(model, source, destination);
  return `${describeSide("egress", verdict.egress)}; ${describeSide("ingress", verdict.ingress)}`;
}

export interface VerifyOptions {
  readonly engine?: EngineName;
  /**
   * Also require each isolated side on its own (the source's egress policies, the destination's
   * ingress policies) to allow exactly the intent: defense in depth, so that weakening one side
   * is caught even while the other side still blocks. Defaults to the intent file's `eachSide`.
   */
  readonly eachSide?: boolean;
}

export function verifyIntent(objects: readonly unknown[], intent: Intent, intentSource: string, options: VerifyOptions | EngineName = {}): VerifyReport {
  const { engine = "reference", eachSide = intent.eachSide } = typeof options === "string" ? { engine: options } : options;
  // Intent CIDRs split the external atoms too, so every atom is inside or outside each of them.
  const { model, prepared, engineNote } = prepare(objects, engine, { externalBlocks: intentCidrs(intent) });
  checkIntentEndpoints(intent, model, intentSource);
  const fast = classLevelEngine(prepared);
  // Each side alone under Calico's tiers is the reference engine's alone (pair by pair).
  const { extra, missing } =
    // Stryker disable next-line ConditionalExpression,LogicalOperator: pair by pair finds the same differences (slower); only class level must not take each side alone under tiers
    fast !== undefined && !(eachSide && model.calico !== undefined)
      ? classLevelDifferences({ model, prepared }, fast, intent, eachSide)
      : pairDifferences(model, prepared, intent, eachSide);
  const notes = engineNote === undefined ? model.notes : [...model.notes, engineNote];
  // Stryker disable next-line ConditionalExpression,StringLiteral: an engine name has no eachSide: undefined either way
  const layer = kubernetesLayerReport(objects, intent, intentSource, { engine, eachSide: typeof options === "string" ? undefined : options.eachSide });
  // One by one: hundreds of thousands of differences spread into push() would overflow the call stack.
  for (const difference of layer?.extra ?? []) extra.push(difference);
  for (const difference of layer?.missing ?? []) missing.push(difference);
  return { ok: extra.length === 0 && missing.length === 0, extra, missing, notes, warnings: model.warnings ?? [] };
}

/**
 * With a `kubernetesLayer` intent and Calico or admin policy objects in the input: the Kubernetes
 * NetworkPolicies alone (those objects left out) against that intent, each difference tagged with its layer.
 * Without such objects the whole input is the Kubernetes layer, already compared.
 */
function kubernetesLayerReport(objects: readonly unknown[], intent: Intent, source: string, options: VerifyOptions): VerifyReport | undefined {
  if (intent.kubernetesLayer === undefined) return undefined;
  // The vpc-cni engine enforces NetworkPolicies only: Calico's objects and admin policies are left out.
  const kubernetesOnly = objects.filter((o) => !(isRecord(o) && isTieredObject(o["apiVersion"], String(o["kind"]))));
  if (kubernetesOnly.length === objects.length) return undefined;
  const report = verifyIntent(kubernetesOnly, intent.kubernetesLayer, source, { engine: options.engine, eachSide: options.eachSide ?? intent.kubernetesLayer.eachSide });
  const tag = (d: FlowDifference): FlowDifference => ({ ...d, layer: "kubernetes" });
  return { ...report, extra: report.extra.map(tag), missing: report.missing.map(tag) };
}

function sideProvenance(model: NetpolModel, side: Direction, source: Endpoint, destination: Endpoint): string {
  const verdict = explainConnections(model, source, destination);
  return `the ${side} side alone: ${describeSide(side, verdict[side])}`;
}

/** Every governed pair, one by one (the reference engine's way, and the oracle of the class-level way). */
function pairDifferences(model: NetpolModel, prepared: Analysis["prepared"], intent: Intent, eachSide: boolean): { extra: FlowDifference[]; missing: FlowDifference[] } {
  const extra: FlowDifference[] = [];
  const missing: FlowDifference[] = [];
  const compare = (from: Endpoint, to: Endpoint, expected: ConnectionSet, actual: ConnectionSet, side?: Direction): void => {
    const over = actual.subtract(expected);
    const under = expected.subtract(actual);
    const where = side === undefined ? {} : { side };
    if (!over.isEmpty()) {
      const because = side === undefined ? provenance(model, from, to) : sideProvenance(model, side, from, to);
      extra.push({ from: from.id, to: to.id, connections: over, because, ...where });
    }
    if (!under.isEmpty()) missing.push({ from: from.id, to: to.id, connections: under, ...where });
  };
  // A Pod to itself is always allowed and no intent lists it, so it is not compared.
  for (const { from, to } of governedPairs(model, false)) {
    const source = model.endpoints[from];
    const destination = model.endpoints[to];
    const expected = ConnectionSet.unionAll(
      intent.flows.filter((flow) => covers(flow.from, source) && covers(flow.to, destination)).map((flow) => flow.ports),
    );
    compare(source, destination, expected, prepared.connections(from, to));
    if (!eachSide) continue;
    for (const side of ["egress", "ingress"] as const) {
      const alone = sideConnections(model, side, source, destination);
      if (alone !== undefined) compare(source, destination, expected, alone, side);
    }
  }
  return { extra, missing };
}

/**
 * A difference, with the pair it stands for in the pair-by-pair order (by source, destination,
 * then end to end, egress, ingress: the order they are placed in, which the stable sort keeps).
 */
interface Placed {
  readonly from: number;
  readonly to: number;
  readonly difference: FlowDifference;
}

function inPairOrder(placed: Placed[]): FlowDifference[] {
  return placed.sort((a, b) => a.from - b.from || a.to - b.to).map((p) => p.difference);
}

/**
 * The same differences as pairDifferences, from the fast engine's allowed class pairs: only the
 * pairs the intent lists and the pairs some boundary probe allows can differ (every other pair has
 * no connection and none expected), so the work follows the answer and the intent, not pods².
 * Each side alone (eachSide) is the answer of the same model with only that side's policies: a
 * subject that side isolates is then allowed exactly what its side allows.
 */
function classLevelDifferences(analysis: Analysis, fast: PreparedFastEngine, intent: Intent, eachSide: boolean): { extra: FlowDifference[]; missing: FlowDifference[] } {
  const { model } = analysis;
  const expected = expectedConnections(model, intent);
  const expectedOf = (from: number, to: number): ConnectionSet | undefined => expected[from]?.get(to);
  const extra: Placed[] = [];
  const missing: Placed[] = [];
  const compare = (from: number, to: number, actual: ConnectionSet, side?: Direction): void => {
    const wanted = expectedOf(from, to) ?? ConnectionSet.NONE;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equal sets leave nothing over or under: this only skips that work
    if (actual === wanted || actual.equals(wanted)) return;
    const source = model.endpoints[from] as Endpoint;
    const destination = model.endpoints[to] as Endpoint;
    const over = actual.subtract(wanted);
    const under = wanted.subtract(actual);
    const where = side === undefined ? {} : { side };
    if (!over.isEmpty()) {
      const because = side === undefined ? provenance(model, source, destination) : sideProvenance(model, side, source, destination);
      extra.push({ from, to, difference: { from: source.id, to: destination.id, connections: over, because, ...where } });
    }
    if (!under.isEmpty()) missing.push({ from, to, difference: { from: source.id, to: destination.id, connections: under, ...where } });
  };
  const eachPair = (engine: PreparedFastEngine, subjectIsolated: (from: number, to: number) => boolean, visit: (from: number, to: number) => void): void => {
    expected.forEach((row, from) => {
      for (const to of row.keys()) if (subjectIsolated(from, to)) visit(from, to);
    });
    const connected = allowedClassPairs(engine, boundaryProbes(model), new Float64Array(engine.grouping.classes.length).fill(1));
    const members = (classIndex: number): readonly number[] => (engine.grouping.classes[classIndex] as { members: readonly number[] }).members;
    for (const [source, destinations] of connected) {
      for (const from of members(source)) {
        for (const destination of destinations) {
          for (const to of members(destination)) {
            if (expectedOf(from, to) !== undefined || !isGoverned(model, from, to) || isPodLoopback(model, from, to) || !subjectIsolated(from, to)) continue;
            visit(from, to);
          }
        }
      }
    }
  };
  eachPair(fast, () => true, (from, to) => compare(from, to, analysis.prepared.connections(from, to)));
  if (eachSide) {
    for (const side of ["egress", "ingress"] as const) {
      const isolated = (from: number, to: number): boolean => isolating(model, model.endpoints[side === "egress" ? from : to] as Endpoint, side).length > 0;
      // Only this side's policies: the other side isolates nothing, so end to end is this side alone.
      const sideModel: NetpolModel = { ...model, policies: model.policies.map((policy) => (side === "egress" ? { ...policy, ingress: null } : { ...policy, egress: null })) };
      const sideEngine = classLevelEngine(engineNamed("fast").prepare(sideModel)) as PreparedFastEngine;
      eachPair(sideEngine, isolated, (from, to) => compare(from, to, sideEngine.connections(from, to), side));
    }
  }
  return { extra: inPairOrder(extra), missing: inPairOrder(missing) };
}

/**
 * Per source endpoint: destination -> the union of the intent's flows covering the pair (a sparse
 * array: sources no flow names have no entry); a Pod's self-pair is never compared.
 */
function expectedConnections(model: NetpolModel, intent: Intent): Map<number, ConnectionSet>[] {
  const indexOf = new Map(model.pods.map((pod, index) => [pod.id, index]));
  const cidrCovers = new Map<IntentPeer, number[]>();
  const covered = (peer: IntentPeer, each: (index: number) => void): void => {
    if (peer.kind === "endpoint") {
      const index = indexOf.get(peer.id);
      // Stryker disable next-line ConditionalExpression: checkIntentEndpoints has rejected every id the model does not have
      if (index !== undefined) each(index);
      return;
    }
    let indices = cidrCovers.get(peer);
    // Stryker disable next-line ConditionalExpression: recomputing the atoms a CIDR covers gives the same list
    if (indices === undefined) cidrCovers.set(peer, (indices = model.externals.flatMap((external, i) => (covers(peer, external) ? [model.pods.length + i] : []))));
    indices.forEach(each);
  };
  const expected: Map<number, ConnectionSet>[] = [];
  for (const flow of intent.flows) {
    covered(flow.from, (from) =>
      covered(flow.to, (to) => {
        if (!isGoverned(model, from, to) || isPodLoopback(model, from, to)) return;
        const row = expected[from] ?? (expected[from] = new Map());
        const previous = row.get(to);
        row.set(to, previous === undefined ? flow.ports : previous.union(flow.ports));
      }),
    );
  }
  return expected;
}
