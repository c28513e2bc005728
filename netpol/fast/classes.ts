/**
 * Equivalence classes of endpoints: two pods behave the same under every policy when they share
 * namespace, pod labels, named container ports, and the external atoms their known IPs fall in
 * (an atom is matched by exactly the same ipBlocks, so its pods are too). Unnamed container
 * ports never change a verdict, so they are left out of the key. Each external atom is a class.
 */
import { ExternalEndpoint, NetpolModel, PodEndpoint } from "../model";

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

/** Index of the external atom holding `ip`: the containing atom with the longest prefix. */
function atomOf(externals: readonly ExternalEndpoint[], ip: PodEndpoint["ips"][number]): number {
  let best = -1;
  let bestPrefix = -1;
  for (let index = 0; index < externals.length; index++) {
    const block = (externals[index] as ExternalEndpoint).block;
    if (block.family === ip.family && block.first <= ip.value && ip.value <= block.last && block.prefix > bestPrefix) {
      best = index;
      bestPrefix = block.prefix;
    }
  }
  return best;
}

/** A pod's named container ports as text. Port names are IANA service names (lowercase letters, digits, '-'), so ' ' cannot occur in them. */
function namedPortsKey(pod: PodEndpoint): string {
  let namedPorts = "";
  for (const port of pod.ports) if (port.name !== undefined) namedPorts += `${port.name}/${port.protocol}/${port.port} `;
  return namedPorts;
}

/** The key of a pod's class within its namespace: labels, named ports, and the atoms of its IPs. */
export function classKey(pod: PodEndpoint, externals: readonly ExternalEndpoint[]): string {
  const atoms = pod.ips.length === 0 ? "" : [...new Set(pod.ips.map((ip) => atomOf(externals, ip)))].sort((a, b) => a - b).join(",");
  return `${JSON.stringify(pod.podLabels)}|${namedPortsKey(pod)}|${atoms}`;
}

function podGroups(model: NetpolModel): Map<string, number[]>[] {
  const byNamespace = new Map<string, Map<string, number[]>>();
  model.pods.forEach((pod, index) => {
    let groups = byNamespace.get(pod.namespace);
    if (groups === undefined) {
      groups = new Map<string, number[]>();
      byNamespace.set(pod.namespace, groups);
    }
    const key = classKey(pod, model.externals);
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
