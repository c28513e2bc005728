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
  /** Namespace -> [first, end) class range of its pods. */
  readonly namespaceRanges: ReadonlyMap<string, { readonly first: number; readonly end: number }>;
}

/** Index of the external atom holding `ip`: the containing atom with the longest prefix. */
function atomOf(externals: readonly ExternalEndpoint[], ip: PodEndpoint["ips"][number]): number {
  let best = -1;
  externals.forEach((atom, index) => {
    const block = atom.block;
    if (block.family !== ip.family || ip.value < block.first || ip.value > block.last) return;
    if (best < 0 || block.prefix > (externals[best] as ExternalEndpoint).block.prefix) best = index;
  });
  return best;
}

export function classKey(pod: PodEndpoint, externals: readonly ExternalEndpoint[]): string {
  const namedPorts = pod.ports.filter((port) => port.name !== undefined).map((port) => `${port.name}/${port.protocol}/${port.port}`);
  const atoms = [...new Set(pod.ips.map((ip) => atomOf(externals, ip)))].sort((a, b) => a - b);
  return JSON.stringify([pod.namespace, pod.podLabels, namedPorts, atoms]);
}

function podGroups(model: NetpolModel): Map<string, number[]>[] {
  const byNamespace = new Map<string, Map<string, number[]>>();
  model.pods.forEach((pod, index) => {
    const groups = byNamespace.get(pod.namespace) ?? new Map<string, number[]>();
    byNamespace.set(pod.namespace, groups);
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
  return { classes, classOf, podClassCount, namespaceRanges };
}
