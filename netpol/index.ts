/**
 * Public API of the NetworkPolicy analyzer (pure, standalone: no Pulumi, no app topology).
 * The contract with the other analyzer modules: keep these exports stable.
 */
import { EngineName, PortProbe } from "./engine";
import { probeJson } from "./format/json";
import { Protocol } from "./model";
import { probeReport } from "./reach";

export type { Protocol } from "./model";
export type { PortProbe, EngineName, Engine, PreparedEngine } from "./engine";
export { NetpolInputError } from "./errors";
export type { InputProblem } from "./errors";
export { parseManifestText } from "./parse";
export { readManifestFile, readManifestSegment, readManifestText, ManifestReader, NotStreamable, segmentCount, SEGMENT_BYTES } from "./stream";
export type { ManifestRead, ReadOptions } from "./stream";
export { NetpolCapacityError } from "./fast";
export { buildModel, endpointRecordOf, ModelBuilder } from "./ingest";
export type { EndpointRecord } from "./ingest/endpoints";
export { ConnectionSet } from "./connections";
export { engineNamed, engineFor, fastEngineLimit, EngineUnsupportedError } from "./engines";
export { probeReport, connectionReport, prepare, reachScope, probeResults, connectionResults } from "./reach";
export type { ProbeReport, ProbeResult, ConnectionReport, ConnectionPair, Analysis, ReachView, ReachScope } from "./reach";
export { probeCounts, connectionCounts } from "./counts";
export type { CountReport, ProbeCountRow, ConnectionCountRow } from "./counts";
export { InputTally, summarizeInput, summaryLine, summaryWarnings, isUnmodelledPolicy } from "./summary";
export type { InputSummary, KindCount, Diagnostics } from "./summary";
export { mayHaveKubernetesLayer, parseIntent } from "./intent";
export { scanIntentJson } from "./intentJson";
export { intentOfTable, intentTableBuffers, tableOfIntent } from "./intentTable";
export type { IntentTable } from "./intentTable";
export { podFlowBuffers, podFlows, resolvePeers } from "./podFlows";
export type { PodFlows } from "./podFlows";
export type { Intent, IntentFlow } from "./intent";
export { isKubernetesLayerObject, prepareVerification, verifyIntent, verifyPrepared } from "./verify";
export type { ResolvedIntent, VerifyInput, VerifyPreparation, VerifyReport } from "./verify";
export { explain, formatVerdict } from "./reference";
export { FORMATTERS, FORMAT_NAMES, LINE_FORMATTERS, countLines } from "./format";
export type { FormatName, Formatter, LineFormatter } from "./format";

/** Exactly the `reach --format json` output. */
export interface ReachJson {
  /** Sorted "ns/name". */
  endpoints: string[];
  /** One per ordered endpoint pair (self-pairs included) per probe, ordered by from, to, then probe order. */
  results: { from: string; to: string; port: number; protocol: Protocol; allowed: boolean }[];
}

/** Kubernetes objects (parsed plain objects; `kind: List` is flattened here too) -> verdicts per probe. */
export function reachJson(objects: readonly unknown[], probes: readonly PortProbe[], engine: EngineName = "reference"): ReachJson {
  return probeJson(probeReport(objects, probes, engine));
}
