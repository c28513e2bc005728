// Frozen copy of netpol/fast/ before issue 13 (test oracle only).
/**
 * Selectors and peers evaluated once per class (not per pod), cached by their text, as
 * bitsets over classes. Distinct selectors are few in real clusters, so this stays small.
 */
import { Cidr, ExternalEndpoint, Labels, NetpolModel, PeerMatcher, PodEndpoint, Requirement, Selector } from "../../../../netpol/model";
import { and, Bitset, emptyBitset, fullBitset, orInto, set, setRange } from "./bitset";
import { ClassGrouping } from "./classes";

function requirementHolds(requirement: Requirement, labels: Labels): boolean {
  const value = Object.prototype.hasOwnProperty.call(labels, requirement.key) ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case "In":
      return value !== undefined && requirement.values.includes(value);
    case "NotIn":
      return value === undefined || !requirement.values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
  }
}

export function selectorHolds(selector: Selector, labels: Labels): boolean {
  return selector.requirements.every((requirement) => requirementHolds(requirement, labels));
}

const selectorKeys = new WeakMap<Selector, string>();
function selectorKey(selector: Selector): string {
  let key = selectorKeys.get(selector);
  if (key === undefined) {
    key = JSON.stringify(selector.requirements);
    selectorKeys.set(selector, key);
  }
  return key;
}
const cidrKey = (cidr: Cidr): string => cidr.text;

function inBlock(block: Cidr, family: string, value: bigint): boolean {
  return block.family === family && block.first <= value && value <= block.last;
}

function blockInside(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Memoised class sets of one model's selectors and peers. */
export class ClassSets {
  private readonly cache = new Map<string, Bitset>();
  readonly size: number;
  readonly all: Bitset;

  constructor(private readonly model: NetpolModel, private readonly grouping: ClassGrouping) {
    this.size = grouping.classes.length;
    this.all = fullBitset(this.size);
  }

  private memo(key: string, compute: () => Bitset): Bitset {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const computed = compute();
    this.cache.set(key, computed);
    return computed;
  }

  /** Pod classes whose pod labels match, in any namespace. */
  podSelector(selector: Selector): Bitset {
    return this.memo(`pods ${selectorKey(selector)}`, () => {
      const bits = emptyBitset(this.size);
      const matches = this.grouping.labelSets.map((labels) => selectorHolds(selector, labels));
      for (let index = 0; index < this.grouping.podClassCount; index++) {
        if (matches[this.grouping.labelSetOf[index] as number]) set(bits, index);
      }
      return bits;
    });
  }

  /** Pod classes of the namespaces whose labels match. */
  namespaceSelector(selector: Selector): Bitset {
    return this.memo(`namespaces ${selectorKey(selector)}`, () => {
      const bits = emptyBitset(this.size);
      for (const [namespace, range] of this.grouping.namespaceRanges) {
        if (selectorHolds(selector, this.model.namespaces[namespace] ?? {})) setRange(bits, range.first, range.end);
      }
      return bits;
    });
  }

  namespace(name: string): Bitset {
    return this.memo(`namespace ${name}`, () => {
      const bits = emptyBitset(this.size);
      const range = this.grouping.namespaceRanges.get(name);
      if (range !== undefined) setRange(bits, range.first, range.end);
      return bits;
    });
  }

  peer(peer: PeerMatcher): Bitset {
    if (peer.kind === "ip-block") return this.ipBlock(peer.cidr, peer.except);
    const namespaces = peer.namespaces.kind === "policy-namespace" ? this.namespace(peer.namespaces.namespace) : this.namespaceSelector(peer.namespaces.selector);
    const key = `peer ${peer.namespaces.kind === "policy-namespace" ? peer.namespaces.namespace : selectorKey(peer.namespaces.selector)} ${selectorKey(peer.pods)}`;
    return this.memo(key, () => and(namespaces, this.podSelector(peer.pods)));
  }

  /** Pod classes with a known IP in cidr and outside every except; atoms inside cidr and outside every except. */
  ipBlock(cidr: Cidr, except: readonly Cidr[]): Bitset {
    return this.memo(`ip ${cidrKey(cidr)} ${except.map(cidrKey).join(",")}`, () => {
      const bits = emptyBitset(this.size);
      this.grouping.classes.forEach((endpointClass, index) => {
        const endpoint = endpointClass.representative;
        if (endpoint.kind === "pod" ? this.podInBlock(endpoint, cidr, except) : this.atomInBlock(endpoint, cidr, except)) set(bits, index);
      });
      return bits;
    });
  }

  private podInBlock(pod: PodEndpoint, cidr: Cidr, except: readonly Cidr[]): boolean {
    return pod.ips.some((ip) => inBlock(cidr, ip.family, ip.value) && !except.some((hole) => inBlock(hole, ip.family, ip.value)));
  }

  private atomInBlock(atom: ExternalEndpoint, cidr: Cidr, except: readonly Cidr[]): boolean {
    return blockInside(cidr, atom.block) && !except.some((hole) => blockInside(hole, atom.block));
  }

  /** null peers: every class, pods and external atoms alike. */
  rulePeers(peers: readonly PeerMatcher[] | null): Bitset {
    if (peers === null) return this.all;
    if (peers.length === 1) return this.peer(peers[0] as PeerMatcher); // shared: callers never mutate
    const bits = emptyBitset(this.size);
    for (const peer of peers) orInto(bits, this.peer(peer));
    return bits;
  }
}
