/**
 * Class level (fast) against pair by pair (reference) on one cluster: the assertions the
 * class-level differential tests share (classLevel.test.ts on random small clusters, and
 * classLevelMedium.test.ts on synthetic medium ones, in the deep suite).
 */
import { strict as assert } from "assert";
import { parseCidr } from "../../../netpol/addresses";
import { ConnectionSet } from "../../../netpol/connections";
import { connectionCounts, probeCounts } from "../../../netpol/counts";
import { PortProbe } from "../../../netpol/engine";
import { Intent, IntentFlow, IntentPeer } from "../../../netpol/intent";
import { Cidr } from "../../../netpol/model";
import { Analysis, connectionResults, prepare, probeResults, ReachScope, reachScope } from "../../../netpol/reach";
import { verifyIntent } from "../../../netpol/verify";

/** A subset of `indices` (every one when `keep` is empty). */
function subset(indices: readonly number[], keep: readonly boolean[]): number[] {
  return keep.length === 0 ? [...indices] : indices.filter((_, i) => keep[i % keep.length]);
}

function scopeOf(analysis: Analysis, mode: "probes" | "connections", keepFrom: readonly boolean[], keepTo: readonly boolean[]): ReachScope {
  const all = reachScope(analysis.model, mode);
  return { ...all, sources: subset(all.sources, keepFrom), destinations: subset(all.destinations, keepTo), allowedOnly: true };
}

/** Class level (fast) and pair by pair (reference) agree on every allowed-only listing and count. */
export function assertReachAgrees(objects: readonly unknown[], probes: readonly PortProbe[], keepFrom: readonly boolean[], keepTo: readonly boolean[]): void {
  const fast = prepare(objects, "fast");
  const reference = prepare(objects, "reference");
  for (const mode of ["probes", "connections"] as const) {
    const fastScope = scopeOf(fast, mode, keepFrom, keepTo);
    const referenceScope = scopeOf(reference, mode, keepFrom, keepTo);
    if (mode === "probes") {
      assert.deepEqual([...probeResults(fast, probes, fastScope).results], [...probeResults(reference, probes, referenceScope).results], "reach --port --allowed-only");
      assert.deepEqual(probeCounts(fast, probes, fastScope), probeCounts(reference, probes, referenceScope), "reach --port --format counts");
    } else {
      assert.deepEqual([...connectionResults(fast, fastScope).pairs], [...connectionResults(reference, referenceScope).pairs], "reach --allowed-only");
      assert.deepEqual(connectionCounts(fast, fastScope), connectionCounts(reference, referenceScope), "reach --format counts");
    }
  }
}

const CIDRS = ["0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "192.168.0.0/16", "::/0"].map((text) => parseCidr(text) as Cidr);
const PORT_SETS = [ConnectionSet.ALL, ConnectionSet.of("TCP", 80), ConnectionSet.of("TCP", 80, 8080), ConnectionSet.of("UDP", 53), ConnectionSet.allOf("SCTP"), ConnectionSet.of("TCP", 8080)];

/**
 * An intent near the truth: the reference's connected pairs, some kept as they are, some with
 * other ports, some left out, plus random flows (CIDRs included) that may not exist.
 */
export function intentNearTruth(objects: readonly unknown[], choices: readonly number[], eachSide: boolean): Intent {
  const reference = prepare(objects, "reference");
  const ids = reference.model.endpoints.map((endpoint) => endpoint.id);
  const flows: IntentFlow[] = [];
  const peer = (index: number): IntentPeer => {
    const endpoint = reference.model.endpoints[index];
    if (endpoint?.kind === "pod") return { kind: "endpoint", id: endpoint.id };
    return { kind: "cidr", cidr: CIDRS[index % CIDRS.length] as Cidr, except: [] };
  };
  let choice = 0;
  const next = (): number => choices.length === 0 ? 0 : (choices[choice++ % choices.length] as number);
  for (const pair of connectionResults(reference, { ...reachScope(reference.model, "connections"), allowedOnly: true }).pairs) {
    const pick = next() % 4;
    const from = ids.indexOf(pair.from);
    const to = ids.indexOf(pair.to);
    if (pair.from === pair.to) continue;
    if (pick === 0) continue; // left out: extra
    flows.push({ from: peer(from), to: peer(to), ports: pick === 1 ? (PORT_SETS[next() % PORT_SETS.length] as ConnectionSet) : pair.connections });
  }
  for (let i = 0; i < 3; i++) {
    const from = next() % ids.length;
    const to = next() % ids.length;
    flows.push({ from: peer(from), to: peer(to), ports: PORT_SETS[next() % PORT_SETS.length] as ConnectionSet });
  }
  return { flows, eachSide };
}

/**
 * Both engines give the same report; with a limit, both list the first `limit` of each kind in pair
 * order and count them all. Medium clusters pass no limit: pair by pair with each side alone, the
 * reference's verify there takes seconds, and small clusters already cut at every position.
 */
export function assertVerifyAgrees(objects: readonly unknown[], intent: Intent, limit?: number): void {
  for (const eachSide of [false, true]) {
    const fast = verifyIntent(objects, intent, "intent.yaml", { engine: "fast", eachSide });
    const reference = verifyIntent(objects, intent, "intent.yaml", { engine: "reference", eachSide });
    assert.deepEqual(fast, reference, `verify, eachSide ${eachSide}`);
    if (limit === undefined) continue;
    const cut = { ...reference, extra: reference.extra.slice(0, limit), missing: reference.missing.slice(0, limit) };
    for (const engine of ["fast", "reference"] as const) {
      assert.deepEqual(verifyIntent(objects, intent, "intent.yaml", { engine, eachSide, limit }), cut, `verify --max-differences ${limit}, ${engine}, eachSide ${eachSide}`);
    }
  }
}
