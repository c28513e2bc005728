// Addresses outside the cluster, for verify-live's internet probe: `--internet <IPv4>:<port>`, and
// the analyzer's external atom that holds an address (pure).
import * as ipaddr from "ipaddr.js";
import type { Analysis } from "../../netpol";

export interface InternetTarget {
  readonly address: string;
  readonly port: number;
  readonly protocol: "TCP";
}

/** A user mistake in `--internet`, said in one line. */
export class InternetTargetError extends Error {}

/** `1.1.1.1:443`: a public IPv4 address (a probe from inside the cluster) and a TCP port. */
export function parseInternetTarget(text: string): InternetTarget {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !ipaddr.IPv4.isValidFourPartDecimal(match[1]!) || port < 1 || port > 65535) {
    throw new InternetTargetError(`--internet takes <IPv4 address>:<port>, e.g. 1.1.1.1:443 (got "${text}")`);
  }
  const range = ipaddr.IPv4.parse(match[1]!).range();
  if (range !== "unicast") throw new InternetTargetError(`--internet needs a public address, not a ${range} one (got "${text}")`);
  return { address: match[1]!, port, protocol: "TCP" };
}

/** The index of the analyzer's external endpoint (atom) holding `address`. */
export function externalIndex(model: Analysis["model"], address: string): number {
  const value = BigInt(`0x${Buffer.from(ipaddr.IPv4.parse(address).toByteArray()).toString("hex")}`);
  const within = (cidr: { family: string; first: bigint; last: bigint }) => cidr.family === "ipv4" && cidr.first <= value && value <= cidr.last;
  const atom = model.externals.findIndex((external) => within(external.block) && !external.holes.some(within));
  if (atom < 0) throw new Error(`internal: no external atom holds ${address}`);
  return model.pods.length + atom;
}
