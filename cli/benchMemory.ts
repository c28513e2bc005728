/**
 * How much JavaScript heap a benchmark needs, estimated from its options before anything is
 * generated: a cluster too large for this process then stops at once with the estimate and
 * the remedy (NetpolCapacityError), never minutes later with V8's native out-of-memory dump.
 */
import { getHeapStatistics } from "v8";
import { ENGINE_BYTES_PER_ENDPOINT, ENGINE_BYTES_PER_RULE, NetpolCapacityError } from "../netpol/fast";
import { SyntheticOptions } from "../netpol/generate/synthetic";

/**
 * Live bytes per generated item, measured with `--expose-gc` on the synthetic cluster (10,000
 * to 150,000 pods; docs/netpol-bench.md) and rounded up: the raw objects, then the model.
 */
const OBJECT_BYTES = { pod: 1000, namespace: 300, policy: 700 } as const;
const MODEL_BYTES = { pod: 850, namespace: 250, policy: 1200 } as const;
/** Rules per synthetic policy, on average, for the engine's share. */
const RULES_PER_POLICY = 1.5;
/** Room for the collector: V8 needs free heap to copy and compact into. */
const HEADROOM = 1.3;

export interface BenchMemory {
  readonly objectsBytes: number;
  readonly modelBytes: number;
  readonly engineBytes: number;
  /** The peak: raw objects and model while building, then model and engine (the objects are dropped). */
  readonly peakBytes: number;
}

export function benchMemory(options: SyntheticOptions): BenchMemory {
  const weigh = (bytes: Readonly<Record<"pod" | "namespace" | "policy", number>>): number =>
    options.pods * bytes.pod + options.namespaces * bytes.namespace + options.policies * bytes.policy;
  const objectsBytes = weigh(OBJECT_BYTES);
  const modelBytes = weigh(MODEL_BYTES);
  const engineBytes = options.pods * ENGINE_BYTES_PER_ENDPOINT + options.policies * RULES_PER_POLICY * ENGINE_BYTES_PER_RULE;
  const peakBytes = HEADROOM * Math.max(objectsBytes + modelBytes, modelBytes + engineBytes);
  return { objectsBytes, modelBytes, engineBytes, peakBytes };
}

/** Throws NetpolCapacityError when the benchmark's estimated peak exceeds this process's heap limit. */
export function checkBenchMemory(options: SyntheticOptions, limit: number = getHeapStatistics().heap_size_limit): void {
  const { peakBytes } = benchMemory(options);
  const available = limit - getHeapStatistics().used_heap_size;
  if (peakBytes > available) {
    const size = `${options.pods.toLocaleString("en-US")} pods, ${options.namespaces.toLocaleString("en-US")} namespaces and ${options.policies.toLocaleString("en-US")} policies`;
    throw new NetpolCapacityError(`a benchmark of ${size}`, peakBytes, available);
  }
}
