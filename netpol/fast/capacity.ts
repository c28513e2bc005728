/**
 * Memory the fast engine will need, estimated before it allocates anything large, so that a
 * cluster too big for this process stops with a message saying how much it needs and what to
 * do, instead of V8 dying with a native out-of-memory dump.
 */
import { getHeapStatistics } from "v8";
import { NetpolModel } from "../model";

const MB = 1024 * 1024;

/**
 * Bytes per item, measured on the synthetic benchmark (docs/netpol-bench.md) with a margin:
 * classes, rule arrays per class, interned rows and per-probe row ids grow with endpoints;
 * compiled rules and their peer sets with the rules.
 */
export const ENGINE_BYTES_PER_ENDPOINT = 600;
export const ENGINE_BYTES_PER_RULE = 400;

/** Thrown when the work would not fit: the CLI prints the message (it names the need and the remedy). */
export class NetpolCapacityError extends Error {
  constructor(
    readonly what: string,
    readonly neededBytes: number,
    readonly availableBytes: number,
  ) {
    super(
      `${what} needs about ${Math.ceil(neededBytes / MB).toLocaleString("en-US")} MB of JavaScript heap, ` +
      `but only ${Math.floor(availableBytes / MB).toLocaleString("en-US")} MB are left in this process ` +
      `(limit ${Math.floor(getHeapStatistics().heap_size_limit / MB).toLocaleString("en-US")} MB). ` +
      `Run it with a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=${suggestedHeapMB(neededBytes)}, ` +
      `on a machine with that much free memory, or analyse fewer objects at a time.`,
    );
    this.name = "NetpolCapacityError";
  }
}

/** Heap limit to suggest: what is in use now plus the need, with a quarter more for the collector, in whole GB. */
export function suggestedHeapMB(neededBytes: number): number {
  const total = getHeapStatistics().used_heap_size + neededBytes * 1.25;
  return Math.ceil(total / (1024 * MB)) * 1024;
}

/** Bytes the heap can still grow by. */
export function heapAvailable(): number {
  const stats = getHeapStatistics();
  return stats.heap_size_limit - stats.used_heap_size;
}

export function engineBytes(model: NetpolModel): number {
  let rules = 0;
  for (const policy of model.policies) rules += (policy.ingress?.length ?? 0) + (policy.egress?.length ?? 0) + 1;
  return model.endpoints.length * ENGINE_BYTES_PER_ENDPOINT + rules * ENGINE_BYTES_PER_RULE;
}

/** Throws NetpolCapacityError when the engine's estimated need exceeds what the heap has left. */
export function checkCapacity(model: NetpolModel, available: number = heapAvailable()): void {
  const needed = engineBytes(model);
  if (needed > available) throw new NetpolCapacityError(`the fast engine on ${model.endpoints.length.toLocaleString("en-US")} endpoints and ${model.policies.length.toLocaleString("en-US")} policies`, needed, available);
}
