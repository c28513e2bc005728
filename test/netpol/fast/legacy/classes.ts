// Frozen copy of netpol/fast/ before issue 13 (test oracle only).
/**
 * Equivalence classes of endpoints: two pods behave the same under every policy when they share
 * namespace, pod labels, named container ports, and the external atoms their known IPs fall in
 * (an atom is matched by exactly the same ipBlocks, so its pods are too). Unnamed container
 * ports never change a verdict, so they are left out of the key. Each external atom is a class.
 */
import { ExternalEndpoint, NetpolModel, PodEndpoint } from "../../../../netpol/model";

export interface EndpointClass {
  /** Indices into model.endpoints, ascending. */
  readonly members: readonly number[];
  /** The first member: any member answers for all of them. */
  readonly representative: PodEndpoint | ExternalEndpoint;
}

export interface ClassGrouping {
  /** Pod classes first (grouped by namespace), then one class per external atom. */
  readonly classes: readonly EndpointClass[];
  /** model.endpoints index -> class index. */
  readonly classOf: Int32Array;
  /** Classes [0, podClassCount) are pod classes. */
  readonly podClassCount: number;
  /** Distinct pod label sets, and for each pod class the index of its own: selectors are evaluated per label set. */
  readonly labelSets: readonly PodEndpoint["podLabels"][];
  readonly labelSetOf: Int32Array;
  /** For each pod class, the index of its set of named ports: ingress rows differ only by it. */
  readonly portSetOf: Int32Array;
  /** Namespace -> [first, end) class range of its pods. */
  readonly namespaceRanges: ReadonlyMap<string, { readonly first: number; readonly end: number }>;
}

interface AtomRange<T> { readonly first: T; readonly last: T; readonly prefix: number; readonly index: number }

/**
 * External atoms by family, for finding the atom of a pod IP: IPv4 bounds as plain numbers
 * (exact below 2^53, and much cheaper to compare than bigints), IPv6 bounds as bigints.
 */
class AtomFinder {
  private readonly ipv4: AtomRange<number>[] = [];
  private readonly ipv6: AtomRange<bigint>[] = [];

  constructor(externals: readonly ExternalEndpoint[]) {
    externals.forEach(({ block }, index) => {
      if (block.family === "ipv4") this.ipv4.push({ first: Number(block.first), last: Number(block.last), prefix: block.prefix, index });
      else this.ipv6.push({ first: block.first, last: block.last, prefix: block.prefix, index });
    });
  }

  /** Index of the external atom holding `ip`: the containing atom with the longest prefix (-1: none). */
  atomOf(ip: PodEndpoint["ips"][number]): number {
    return ip.family === "ipv4" ? AtomFinder.deepest(this.ipv4, Number(ip.value)) : AtomFinder.deepest(this.ipv6, ip.value);
  }

  private static deepest<T extends number | bigint>(ranges: readonly AtomRange<T>[], value: T): number {
    let best = -1;
    let bestPrefix = -1;
    for (const range of ranges) {
      if (range.first <= value && value <= range.last && range.prefix > bestPrefix) {
        best = range.index;
        bestPrefix = range.prefix;
      }
    }
    return best;
  }
}

/** A pod's named container ports as text. Port names are IANA service names (lowercase letters, digits, '-'), so ' ' cannot occur in them. */
function namedPortsKey(pod: PodEndpoint): string {
  let namedPorts = "";
  for (const port of pod.ports) if (port.name !== undefined) namedPorts += `${port.name}/${port.protocol}/${port.port} `;
  return namedPorts;
}

/** The key of a pod's class within its namespace: labels, named ports, and the atoms of its IPs. */
function classKey(pod: PodEndpoint, atoms: AtomFinder): string {
  const atomList = pod.ips.length === 0 ? "" : pod.ips.length === 1 ? `${atoms.atomOf(pod.ips[0] as PodEndpoint["ips"][number])}` : [...new Set(pod.ips.map((ip) => atoms.atomOf(ip)))].sort((a, b) => a - b).join(",");
  return `${JSON.stringify(pod.podLabels)}|${namedPortsKey(pod)}|${atomList}`;
}

function podGroups(model: NetpolModel): Map<string, number[]>[] {
  const byNamespace = new Map<string, Map<string, number[]>>();
  const atoms = new AtomFinder(model.externals);
  model.pods.forEach((pod, index) => {
    let groups = byNamespace.get(pod.namespace);
    if (groups === undefined) {
      groups = new Map<string, number[]>();
      byNamespace.set(pod.namespace, groups);
    }
    const key = classKey(pod, atoms);
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [index]);
    else members.push(index);
  });
  return [...byNamespace.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, groups]) => groups);
}

export function groupIntoClasses(model: NetpolModel): ClassGrouping {
  const classes: EndpointClass[] = [];
  const namespaceRanges = new Map<string, { first: number; end: number }>();
  for (const groups of podGroups(model)) {
    const first = classes.length;
    for (const members of groups.values()) classes.push({ members, representative: model.endpoints[members[0] as number] as PodEndpoint });
    namespaceRanges.set((classes[first]?.representative as PodEndpoint).namespace, { first, end: classes.length });
  }
  const podClassCount = classes.length;
  model.externals.forEach((atom, index) => classes.push({ members: [model.pods.length + index], representative: atom }));
  const classOf = new Int32Array(model.endpoints.length);
  classes.forEach((endpointClass, classIndex) => {
    for (const member of endpointClass.members) classOf[member] = classIndex;
  });
  const podClasses = classes.slice(0, podClassCount);
  const labels = distinct(podClasses, (pod) => pod.podLabels, (podLabels) => JSON.stringify(podLabels));
  const portSets = distinct(podClasses, namedPortsKey, (key) => key);
  return { classes, classOf, podClassCount, namespaceRanges, labelSets: labels.values, labelSetOf: labels.indexOf, portSetOf: portSets.indexOf };
}

/** The distinct values of `valueOf` over pod classes (compared by `keyOf`), and each class's index among them. */
function distinct<T>(podClasses: readonly EndpointClass[], valueOf: (pod: PodEndpoint) => T, keyOf: (value: T) => string): { values: T[]; indexOf: Int32Array } {
  const indexByKey = new Map<string, number>();
  const values: T[] = [];
  const indexOf = new Int32Array(podClasses.length);
  podClasses.forEach((endpointClass, classIndex) => {
    const value = valueOf(endpointClass.representative as PodEndpoint);
    const key = keyOf(value);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = values.push(value) - 1;
      indexByKey.set(key, index);
    }
    indexOf[classIndex] = index;
  });
  return { values, indexOf };
}
