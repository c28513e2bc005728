import { ConnectionSet } from "./connections";
import { NetpolModel, Protocol } from "./model";

export type EngineName = "reference" | "fast";

/** One port on one protocol, e.g. 80/TCP. */
export interface PortProbe {
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * An engine prepares a model once and then answers questions about ordered endpoint pairs.
 * Endpoints are given as indices into `model.endpoints` (pods first, then external atoms).
 * Traffic between two external atoms is not governed by NetworkPolicy; callers never ask.
 */
export interface Engine {
  readonly name: EngineName;
  prepare(model: NetpolModel): PreparedEngine;
}

export interface PreparedEngine {
  /** Is a connection to `probe` allowed from endpoint `from` to endpoint `to`? */
  allows(from: number, to: number, probe: PortProbe): boolean;
  /** Every (protocol, port) allowed from endpoint `from` to endpoint `to`. */
  connections(from: number, to: number): ConnectionSet;
}
