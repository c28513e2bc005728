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
  /** For each external atom (index into model.externals), the pod classes (ascending) with a known IP in it. */
  readonly podClassesByAtom: readonly Int32Array[];
}

/**
 * External atoms of one family sorted by first address then prefix, each with the nearest atom
 * containing it: CIDR blocks nest or are disjoint, so the atoms containing an address are the
 * last atom starting at or before it and that atom's ancestors.
 */
class FamilyAtoms<T extends number | bigint> {
  private readonly firsts: T[] = [];
  private readonly lasts: T[] = [];
  private readonly indices: number[] = [];
  private readonly parents: number[] = [];

  constructor(atoms: readonly { first: T; last: T; prefix: number; index: number }[]) {
    const sorted = [...atoms].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.prefix - b.prefix));
    const open: number[] = [];
    sorted.forEach((atom, position) => {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: stale entries only lengthen the walk up; the first atom on it that holds the address is still the deepest
      while (open.length > 0 && (this.lasts[open[open.length - 1] as number] as T) < atom.last) open.pop();
      this.firsts.push(atom.first);
      this.lasts.push(atom.last);
      this.indices.push(atom.index);
      this.parents.push(open.length > 0 ? (open[open.length - 1] as number) : -1);
      open.push(position);
    });
  }

  /** Index of the deepest atom holding `value`, or -1. */
  deepest(value: T): number {
    let low = 0;
    // Stryker disable next-line ArithmeticOperator: reads past the end are undefined, and `undefined <= value` is false
    let high = this.firsts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.firsts[middle] as T) <= value) low = middle + 1;
      else high = middle - 1;
    }
    let position = high;
    // Stryker disable next-line ConditionalExpression: at -1, `lasts[-1] < value` is false too (undefined), which ends the walk
    while (position >= 0 && (this.lasts[position] as T) < value) position = this.parents[position] as number;
    return position < 0 ? -1 : (this.indices[position] as number);
  }
}

/**
 * External atoms by family, for finding the atom of a pod IP: IPv4 bounds as plain numbers
 * (exact below 2^53, and much cheaper to compare than bigints), IPv6 bounds as bigints.
 */
export class AtomFinder {
  private readonly ipv4: FamilyAtoms<number>;
  private readonly ipv6: FamilyAtoms<bigint>;

  constructor(externals: readonly ExternalEndpoint[]) {
    const ipv4: { first: number; last: number; prefix: number; index: number }[] = [];
    const ipv6: { first: bigint; last: bigint; prefix: number; index: number }[] = [];
    externals.forEach(({ block }, index) => {
      if (block.family === "ipv4") ipv4.push({ first: Number(block.first), last: Number(block.last), prefix: block.prefix, index });
      else ipv6.push({ first: block.first, last: block.last, prefix: block.prefix, index });
    });
    this.ipv4 = new FamilyAtoms(ipv4);
    this.ipv6 = new FamilyAtoms(ipv6);
  }

  /** Index of the external atom holding `ip`: the containing atom with the longest prefix (-1: none). */
  atomOf(ip: PodEndpoint["ips"][number]): number {
    return ip.family === "ipv4" ? this.ipv4.deepest(Number(ip.value)) : this.ipv6.deepest(ip.value);
  }
}

/** A pod's named container ports as text. Port names are IANA service names (lowercase letters, digits, '-'), so ' ' cannot occur in them. */
function namedPortsKey(pod: PodEndpoint): string {
  return namedPortsText(pod.ports);
}

function namedPortsText(ports: PodEndpoint["ports"]): string {
  // Stryker disable next-line StringLiteral: a common prefix keeps distinct texts distinct
  let namedPorts = "";
  for (const port of ports) if (port.name !== undefined) namedPorts += `${port.name}/${port.protocol}/${port.port} `;
  return namedPorts;
}

/**
 * Equal values numbered by their text, each object's text made once: the model builder shares
 * equal label maps and port lists between pods, so 150,000 pods take a handful of texts.
 */
class ValueIds<T extends object> {
  private readonly byObject = new Map<T, number>();
  private readonly byText = new Map<string, number>();
  constructor(private readonly textOf: (value: T) => string) {}

  idOf(value: T): number {
    let id = this.byObject.get(value);
    // Stryker disable next-line ConditionalExpression: the text's id is found again by text
    if (id === undefined) {
      const text = this.textOf(value);
      id = this.byText.get(text);
      if (id === undefined) this.byText.set(text, (id = this.byText.size));
      this.byObject.set(value, id);
    }
    return id;
  }
}

/**
 * The key of a pod's class within its namespace: labels, named ports, and the atoms of its IPs;
 * under Calico also its service account (serviceAccountSelector and serviceAccounts read its name
 * and, through it, the ServiceAccount's labels; projectcalico.org/serviceaccount is a pod label).
 * Namespace labels and Calico's other automatic labels follow from the namespace. Every CIDR Calico
 * writes (nets, notNets, network sets) splits the atoms, so the atoms cover Calico's IP matches too.
 */
function classKey(pod: PodEndpoint, atoms: AtomFinder, labels: ValueIds<PodEndpoint["podLabels"]>, ports: ValueIds<PodEndpoint["ports"]>, calico: boolean): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: the general path gives "" for no IP and the one atom's number for one IP too; the no-IP text need only differ from atom numbers (the separator is pinned by crafted.test.ts)
  const atomList = pod.ips.length === 0 ? "" : pod.ips.length === 1 ? `${atoms.atomOf(pod.ips[0] as PodEndpoint["ips"][number])}` : [...new Set(pod.ips.map((ip) => atoms.atomOf(ip)))].sort((a, b) => a - b).join(",");
  const key = `${labels.idOf(pod.podLabels)}|${ports.idOf(pod.ports)}|${atomList}`;
  return calico ? `${key}|${pod.serviceAccount ?? "default"}` : key;
}

function podGroups(model: NetpolModel): Map<string, number[]>[] {
  const byNamespace = new Map<string, Map<string, number[]>>();
  const atoms = new AtomFinder(model.externals);
  const labels = new ValueIds<PodEndpoint["podLabels"]>((podLabels) => JSON.stringify(podLabels));
  const ports = new ValueIds<PodEndpoint["ports"]>(namedPortsText);
  model.pods.forEach((pod, index) => {
    let groups = byNamespace.get(pod.namespace);
    if (groups === undefined) {
      groups = new Map<string, number[]>();
      byNamespace.set(pod.namespace, groups);
    }
    const key = classKey(pod, atoms, labels, ports, model.calico !== undefined);
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [index]);
    else members.push(index);
  });
  // Stryker disable next-line ConditionalExpression,EqualityOperator: namespace names are distinct, and V8's sort only asks whether the comparator is negative
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
  const podClassesByAtom = classesByAtom(podClasses, model.externals);
  return { classes, classOf, podClassCount, namespaceRanges, labelSets: labels.values, labelSetOf: labels.indexOf, portSetOf: portSets.indexOf, podClassesByAtom };
}

/** Pod classes per external atom: every pod of a class has its IPs in the same atoms. */
function classesByAtom(podClasses: readonly EndpointClass[], externals: readonly ExternalEndpoint[]): Int32Array[] {
  const finder = new AtomFinder(externals);
  const lists: number[][] = externals.map(() => []);
  podClasses.forEach((endpointClass, classIndex) => {
    const pod = endpointClass.representative as PodEndpoint;
    // Stryker disable next-line ConditionalExpression,OptionalChaining: `lists[-1]` is undefined, and `?.` skips it; a found atom is always in range
    for (const atom of new Set(pod.ips.map((ip) => finder.atomOf(ip)))) if (atom >= 0) lists[atom]?.push(classIndex);
  });
  return lists.map((list) => Int32Array.from(list));
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
