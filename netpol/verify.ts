/** verify: actual reachability must equal the intent, pair by pair, exactly. */
import { ConnectionSet } from "./connections";
import { EngineName } from "./engine";
import { InputProblem, NetpolInputError } from "./errors";
import { Intent, IntentPeer } from "./intent";
import { IntentTable, intentOfTable, tableCidrs, tableOfIntent } from "./intentTable";
import { coversAtom, ExpectedConnections } from "./expectedConnections";
import { podFlows, PodFlows, resolvePeers, UNKNOWN_PEER } from "./podFlows";
import { Direction, Endpoint, NetpolModel } from "./model";
import { Analysis, governedPairs, isGoverned, prepareModel } from "./reach";
import { buildModel, withExternalBlocks } from "./ingest";
import { describeSide, explainConnections, isolating, sideConnections } from "./reference";
import { allowedClassPairs, boundaryProbes, classLevelEngine, isPodLoopback } from "./classLevel";
import { engineNamed } from "./engines";
import { PreparedFastEngine } from "./fast";
import { isTieredObject } from "./calico/ingest";
import { isRecord } from "./parse";
import { FirstDifferences, Placed } from "./firstDifferences";

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
  /** Allowed but not in the intent (over-permissive): the first `limit` in pair order. */
  readonly extra: readonly FlowDifference[];
  /** In the intent but not allowed: the first `limit` in pair order. */
  readonly missing: readonly FlowDifference[];
  /** How many differences of each kind there are in all (more than listed when the limit cut the lists). */
  readonly extraCount: number;
  readonly missingCount: number;
  /** How the manifests were read where a reader should know (API defaults applied): the model's notes. */
  readonly notes: readonly string[];
  /** Fields read but outside the model (ICMP, host endpoints, ...): the model's warnings. */
  readonly warnings: readonly string[];
}

/** Does an intent flow end cover this endpoint? Its Pod, or (a CIDR) the external atoms it covers. */
function covers(peer: IntentPeer, endpoint: Endpoint): boolean {
  // An endpoint peer is "namespace/name", never a CIDR (parseIntent reads those as CIDRs), so never an external atom's id.
  if (peer.kind === "endpoint") return endpoint.id === peer.id;
  return endpoint.kind === "external" && coversAtom(peer, endpoint);
}

/** Each endpoint the intent names must be in the manifests: each peer checked once, the problems named by flow. */
function checkIntentEndpoints(intent: IntentTable, peers: Int32Array, source: string): void {
  if (!peers.includes(UNKNOWN_PEER)) return;
  const problems: InputProblem[] = [];
  const check = (flow: number, peerIndex: number): void => {
    const peer = intent.peers[peerIndex] as IntentPeer;
    // Stryker disable next-line ConditionalExpression: an unknown peer is an endpoint peer
    if (peers[peerIndex] === UNKNOWN_PEER && peer.kind === "endpoint") problems.push({ source, object: `flows[${flow}]`, reason: `${peer.id} is not an endpoint of the manifests` });
  };
  // Stryker disable next-line EqualityOperator: a step past the end reads no peer
  for (let i = 0; i < intent.flows.length; i += 3) {
    check(i / 3, intent.flows[i] as number);
    check(i / 3, intent.flows[i + 1] as number);
  }
  throw new NetpolInputError(problems);
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
  /** List at most this many differences of each kind, the first in pair order; the counts stay whole. Default: all. */
  readonly limit?: number;
}

/**
 * The intent's peers resolved against the model's Pods, and its flows between Pods
 * (netpol/podFlows.ts), when computed elsewhere (the command line's intent thread) for the
 * intent and the Pods of the model verifyPrepared is given.
 */
export interface ResolvedIntent {
  readonly peers: Int32Array;
  readonly flows: PodFlows;
}

/**
 * What verify reads: the whole input's model, and the input without Calico's and the admin
 * policies' objects (the Kubernetes layer), when it had any. From a list of objects
 * (objectsToVerify), or built object by object as the input is read (the CLI).
 */
export interface VerifyInput {
  /** The model of the whole input (the intent's CIDRs are added to it later: withExternalBlocks). */
  model(): NetpolModel;
  /** The input without tiered objects, or undefined when it had none (the whole input is that layer). */
  kubernetesLayer(): VerifyInput | undefined;
}

/** In the Kubernetes layer: anything but Calico's and the admin policies' objects (the vpc-cni engine enforces NetworkPolicies only). */
export function isKubernetesLayerObject(object: unknown): boolean {
  return !(isRecord(object) && isTieredObject(object["apiVersion"], String(object["kind"])));
}

export function objectsToVerify(objects: readonly unknown[]): VerifyInput {
  return {
    model: () => buildModel(objects),
    kubernetesLayer: () => {
      const kubernetesOnly = objects.filter(isKubernetesLayerObject);
      return kubernetesOnly.length === objects.length ? undefined : objectsToVerify(kubernetesOnly);
    },
  };
}

/**
 * What verify does before it needs the intent: the model (without the intent's CIDRs), its engine,
 * and with the fast engine the class pairs some boundary probe allows. The command line does it
 * while the intent is parsed on another thread.
 */
export interface VerifyPreparation {
  readonly input: VerifyInput;
  readonly engine: EngineName;
  readonly analysis: Analysis;
  /**
   * With a class-level engine and no Calico objects (verify then always compares class pairs): the
   * class pairs some boundary probe allows.
   */
  readonly connected?: Map<number, Int32Array>;
}

/** `onModel`: told the model as soon as it is built, before the engine is prepared (the command line then resolves the intent against its Pods elsewhere). */
export function prepareVerification(input: VerifyInput, engine: EngineName = "reference", onModel?: (model: NetpolModel) => void): VerifyPreparation {
  const model = input.model();
  onModel?.(model);
  const analysis = prepareModel(model, engine);
  const fast = classLevelEngine(analysis.prepared);
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ObjectLiteral: computed here or when first compared, the same class pairs
  return { input, engine, analysis, ...(fast !== undefined && analysis.model.calico === undefined ? { connected: connectedClassPairs(analysis.model, fast) } : {}) };
}

export function verifyIntent(objects: readonly unknown[] | VerifyInput, intent: Intent, intentSource: string, options: VerifyOptions | EngineName = {}): VerifyReport {
  const input = Array.isArray(objects) ? objectsToVerify(objects) : (objects as VerifyInput);
  const { engine, ...rest } = typeof options === "string" ? { engine: options } : options;
  return verifyPrepared(prepareVerification(input, engine), tableOfIntent(intent), intentSource, rest);
}

/**
 * verifyIntent, on what prepareVerification prepared, with the intent as a table
 * (netpol/intentTable.ts): its distinct peers are looked up once, its flows read as indexes.
 */
export function verifyPrepared(preparation: VerifyPreparation, intent: IntentTable, intentSource: string, options: Omit<VerifyOptions, "engine"> & { readonly resolved?: ResolvedIntent } = {}): VerifyReport {
  const { input, engine } = preparation;
  const { eachSide = intent.eachSide, limit = Infinity } = options;
  // Intent CIDRs split the external atoms too, so every atom is inside or outside each of them;
  // when they split none further, the model and what was prepared for it stand.
  const model = withExternalBlocks(preparation.analysis.model, tableCidrs(intent));
  // Stryker disable next-line ConditionalExpression: prepared again, the same engine on the same model
  const analysis = model === preparation.analysis.model ? preparation.analysis : prepareModel(model, engine);
  const { prepared, engineNote } = analysis;
  // The intent CIDRs' atoms are the model's externals: withExternalBlocks leaves the Pods as they were.
  const peers = options.resolved?.peers ?? resolvePeers(intent, model.pods.map((pod) => pod.id));
  checkIntentEndpoints(intent, peers, intentSource);
  const fast = classLevelEngine(prepared);
  const extra = new FirstDifferences<Found>(limit);
  const missing = new FirstDifferences<Found>(limit);
  const found = { extra, missing };
  // Each side alone under Calico's tiers is the reference engine's alone (pair by pair).
  // Stryker disable next-line ConditionalExpression,LogicalOperator: pair by pair finds the same differences (slower); only class level must not take each side alone under tiers
  if (fast !== undefined && !(eachSide && model.calico !== undefined)) {
    // Stryker disable next-line ConditionalExpression: computed again, the same class pairs (and taken from a model the intent split, wrong ones: verifyEngines.test.ts)
    const connected = (analysis === preparation.analysis ? preparation.connected : undefined) ?? connectedClassPairs(model, fast);
    const expected = new ExpectedConnections(model, intent, peers, options.resolved?.flows ?? podFlows(intent, peers, model.pods.length));
    classLevelDifferences({ model, prepared }, fast, connected, expected, eachSide, found);
  } else pairDifferences(model, prepared, intentOfTable(intent), eachSide, found);
  const notes = engineNote === undefined ? model.notes : [...model.notes, engineNote];
  const layer = kubernetesLayerReport(input, intent, intentSource, engine, { eachSide: options.eachSide, limit });
  // The whole input's differences first, then the Kubernetes layer's, cut to the limit together.
  const listed = (kind: "extra" | "missing"): FlowDifference[] => [...found[kind].first().map((f) => described(model, f)), ...(layer?.[kind] ?? [])].slice(0, limit);
  const extraCount = extra.count + (layer?.extraCount ?? 0);
  const missingCount = missing.count + (layer?.missingCount ?? 0);
  return { ok: extraCount === 0 && missingCount === 0, extra: listed("extra"), missing: listed("missing"), extraCount, missingCount, notes, warnings: model.warnings ?? [] };
}

/** A difference found: its pair, the connections over or under the intent, and for extra flows whether to explain them. */
interface Found extends Placed {
  readonly connections: ConnectionSet;
  readonly side: Direction | undefined;
  readonly explain: boolean;
}

/** Where the intent and the policies differ; the extra ones are explained only once kept (the explanation is the costly part). */
interface Differences {
  readonly extra: FirstDifferences<Found>;
  readonly missing: FirstDifferences<Found>;
}

/** Both sets of a pair compared: what the policies allow beyond the intent, and what of the intent they do not allow. */
function compared(found: Differences, from: number, to: number, expected: ConnectionSet, actual: ConnectionSet, side?: Direction): void {
  // Most pairs a verification visits agree with the intent: spare them the two subtractions.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equal sets leave nothing over and nothing under, so nothing is added either way
  if (actual === expected || actual.equals(expected)) return;
  const over = actual.subtract(expected);
  const under = expected.subtract(actual);
  if (!over.isEmpty()) found.extra.add({ from, to, side, connections: over, explain: true });
  if (!under.isEmpty()) found.missing.add({ from, to, side, connections: under, explain: false });
}

function described(model: NetpolModel, found: Found): FlowDifference {
  const source = model.endpoints[found.from] as Endpoint;
  const destination = model.endpoints[found.to] as Endpoint;
  const where = found.side === undefined ? {} : { side: found.side };
  if (!found.explain) return { from: source.id, to: destination.id, connections: found.connections, ...where };
  const because = found.side === undefined ? provenance(model, source, destination) : sideProvenance(model, found.side, source, destination);
  return { from: source.id, to: destination.id, connections: found.connections, because, ...where };
}

/**
 * With a `kubernetesLayer` intent and Calico or admin policy objects in the input: the Kubernetes
 * NetworkPolicies alone (those objects left out) against that intent, each difference tagged with its layer.
 * Without such objects the whole input is the Kubernetes layer, already compared.
 */
function kubernetesLayerReport(input: VerifyInput, intent: IntentTable, source: string, engine: EngineName, options: Omit<VerifyOptions, "engine">): VerifyReport | undefined {
  if (intent.kubernetesLayer === undefined) return undefined;
  // The vpc-cni engine enforces NetworkPolicies only: Calico's objects and admin policies are left out.
  const kubernetesOnly = input.kubernetesLayer();
  if (kubernetesOnly === undefined) return undefined;
  const report = verifyPrepared(prepareVerification(kubernetesOnly, engine), intent.kubernetesLayer, source, { eachSide: options.eachSide ?? intent.kubernetesLayer.eachSide, limit: options.limit });
  const tag = (d: FlowDifference): FlowDifference => ({ ...d, layer: "kubernetes" });
  return { ...report, extra: report.extra.map(tag), missing: report.missing.map(tag) };
}

function sideProvenance(model: NetpolModel, side: Direction, source: Endpoint, destination: Endpoint): string {
  const verdict = explainConnections(model, source, destination);
  return `the ${side} side alone: ${describeSide(side, verdict[side])}`;
}

/** Every governed pair, one by one (the reference engine's way, and the oracle of the class-level way). */
function pairDifferences(model: NetpolModel, prepared: Analysis["prepared"], intent: Intent, eachSide: boolean, found: Differences): void {
  // A Pod to itself is always allowed and no intent lists it, so it is not compared.
  for (const { from, to } of governedPairs(model, false)) {
    const source = model.endpoints[from];
    const destination = model.endpoints[to];
    const expected = ConnectionSet.unionAll(
      intent.flows.filter((flow) => covers(flow.from, source) && covers(flow.to, destination)).map((flow) => flow.ports),
    );
    compared(found, from, to, expected, prepared.connections(from, to));
    if (!eachSide) continue;
    for (const side of ["egress", "ingress"] as const) {
      const alone = sideConnections(model, side, source, destination);
      if (alone !== undefined) compared(found, from, to, expected, alone, side);
    }
  }
}

/**
 * The same differences as pairDifferences, from the fast engine's allowed class pairs: only the
 * pairs the intent lists and the pairs some boundary probe allows can differ (every other pair has
 * no connection and none expected), so the work follows the answer and the intent, not pods².
 * Each side alone (eachSide) is the answer of the same model with only that side's policies: a
 * subject that side isolates is then allowed exactly what its side allows.
 */
function classLevelDifferences(analysis: Analysis, fast: PreparedFastEngine, connected: Map<number, Int32Array>, expected: ExpectedConnections, eachSide: boolean, found: Differences): void {
  const { model } = analysis;
  const eachPair = (engine: PreparedFastEngine, connected: Map<number, Int32Array>, subjectIsolated: (from: number, to: number) => boolean, visit: (from: number, to: number, expected: ConnectionSet) => void): void => {
    expected.forEach((from, to, set) => {
      if (subjectIsolated(from, to)) visit(from, to, set);
    });
    const members = (classIndex: number): readonly number[] => (engine.grouping.classes[classIndex] as { members: readonly number[] }).members;
    for (const [source, destinations] of connected) {
      for (const from of members(source)) {
        for (const destination of destinations) {
          for (const to of members(destination)) {
            if (expected.get(from, to) !== undefined || !isGoverned(model, from, to) || isPodLoopback(model, from, to) || !subjectIsolated(from, to)) continue;
            visit(from, to, ConnectionSet.NONE);
          }
        }
      }
    }
  };
  eachPair(fast, connected, () => true, (from, to, set) => compared(found, from, to, set, analysis.prepared.connections(from, to)));
  if (!eachSide) return;
  for (const side of ["egress", "ingress"] as const) {
    // Whether this side isolates each endpoint, asked once per endpoint rather than once per pair.
    const isolatedBySide = model.endpoints.map((endpoint) => isolating(model, endpoint, side).length > 0);
    const isolated = (from: number, to: number): boolean => isolatedBySide[side === "egress" ? from : to] === true;
    // Only this side's policies: the other side isolates nothing, so end to end is this side alone.
    const sideModel: NetpolModel = { ...model, policies: model.policies.map((policy) => (side === "egress" ? { ...policy, ingress: null } : { ...policy, egress: null })) };
    const sideEngine = classLevelEngine(engineNamed("fast").prepare(sideModel)) as PreparedFastEngine;
    eachPair(sideEngine, connectedClassPairs(model, sideEngine), isolated, (from, to, set) => compared(found, from, to, set, sideEngine.connections(from, to), side));
  }
}

/** The class pairs some boundary probe allows: every other pair has no connection at all. */
function connectedClassPairs(model: NetpolModel, engine: PreparedFastEngine): Map<number, Int32Array> {
  return allowedClassPairs(engine, boundaryProbes(model), new Float64Array(engine.grouping.classes.length).fill(1));
}
