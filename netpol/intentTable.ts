/**
 * An intent as plain data, cheap to post from a thread that parsed it: each distinct peer and port
 * set once (parseIntent already shares them between the flows that name the same text), the flows
 * as indexes into those lists. A generated intent of 877,438 flows names about 150,000 peers and a
 * handful of port sets: its flows cross as one typed array instead of 877,438 objects.
 */
import { ConnectionSet, PortRange } from "./connections";
import { Intent, IntentFlow, IntentPeer, peerCidrs } from "./intent";
import { Cidr, Protocol, PROTOCOLS } from "./model";

export interface IntentTable {
  readonly peers: readonly IntentPeer[];
  /** Each port set as its ranges per protocol (a ConnectionSet's class does not survive a clone). */
  readonly ports: readonly (readonly (readonly PortRange[])[])[];
  /** Per flow: its from peer, its to peer and its port set, as indexes. */
  readonly flows: Int32Array;
  readonly eachSide: boolean;
  readonly kubernetesLayer?: IntentTable;
}

/** Index of each distinct item (by identity), in order of first appearance. */
class Indexer<T> {
  readonly items: T[] = [];
  private readonly indexes = new Map<T, number>();

  indexOf(item: T): number {
    let index = this.indexes.get(item);
    if (index === undefined) {
      index = this.items.length;
      this.indexes.set(item, index);
      this.items.push(item);
    }
    return index;
  }
}

export function tableOfIntent(intent: Intent): IntentTable {
  const peers = new Indexer<IntentPeer>();
  const ports = new Indexer<ConnectionSet>();
  const flows = new Int32Array(intent.flows.length * 3);
  intent.flows.forEach((flow, i) => {
    flows[3 * i] = peers.indexOf(flow.from);
    flows[3 * i + 1] = peers.indexOf(flow.to);
    flows[3 * i + 2] = ports.indexOf(flow.ports);
  });
  const table = {
    peers: peers.items,
    ports: ports.items.map(portRanges),
    flows,
    eachSide: intent.eachSide,
  };
  return intent.kubernetesLayer === undefined ? table : { ...table, kubernetesLayer: tableOfIntent(intent.kubernetesLayer) };
}

/** A port set as a table holds it: its ranges per protocol, in PROTOCOLS order. */
export function portRanges(set: ConnectionSet): (readonly PortRange[])[] {
  return PROTOCOLS.map((protocol) => set.rangesOf(protocol));
}

/** The port set a table's ranges are of. */
export function portSetOf(ranges: readonly (readonly PortRange[])[]): ConnectionSet {
  return ConnectionSet.unionAll(PROTOCOLS.flatMap((protocol: Protocol, p) => (ranges[p] as readonly PortRange[]).map((range) => ConnectionSet.of(protocol, range.first, range.last))));
}

/** The intent the table was made of (after a clone too): equal flows, sharing their peers and port sets again. */
export function intentOfTable(table: IntentTable): Intent {
  const ports = table.ports.map(portSetOf);
  const flows: IntentFlow[] = [];
  for (let i = 0; i < table.flows.length; i += 3) {
    flows.push({
      from: table.peers[table.flows[i] as number] as IntentPeer,
      to: table.peers[table.flows[i + 1] as number] as IntentPeer,
      ports: ports[table.flows[i + 2] as number] as ConnectionSet,
    });
  }
  const intent = { flows, eachSide: table.eachSide };
  return table.kubernetesLayer === undefined ? intent : { ...intent, kubernetesLayer: intentOfTable(table.kubernetesLayer) };
}

/** The CIDRs the intent writes (its CIDR peers' blocks and excepts): they split the external atoms. */
export function tableCidrs(table: IntentTable): Cidr[] {
  return table.peers.flatMap(peerCidrs);
}

/** The flows' typed arrays, to transfer rather than copy. */
export function intentTableBuffers(table: IntentTable): ArrayBuffer[] {
  return [table.flows.buffer as ArrayBuffer, ...(table.kubernetesLayer === undefined ? [] : intentTableBuffers(table.kubernetesLayer))];
}
