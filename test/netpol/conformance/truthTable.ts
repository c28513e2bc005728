/**
 * Truth tables in the style of the upstream netpol e2e suite (reachability.go,
 * truthtable.go): a from x to grid built from a default verdict plus the
 * exceptions a test states, compared cell by cell and printed as a grid
 * ("." allowed, "X" denied; in the comparison "." agrees, "X" differs).
 */
export type Protocol = "TCP" | "UDP" | "SCTP";

// One stated exception, applied in order over the default like upstream's
// ExpectPeer: `from` and `to` are "ns/pod", "ns/*" (a namespace), "*/pod" (a pod
// name in any namespace) or "*" (every pod).
export interface Exception {
  readonly from: string;
  readonly to: string;
  readonly allowed: boolean;
}

export interface TruthTableSpec {
  readonly defaultAllowed: boolean;
  readonly exceptions: readonly Exception[];
}

/** from -> to -> allowed */
export type Grid = ReadonlyMap<string, ReadonlyMap<string, boolean>>;

export interface CellDifference {
  readonly from: string;
  readonly to: string;
  readonly expected: boolean;
  readonly observed: boolean | undefined;
}

export const allow = (from: string, to: string): Exception => ({ from, to, allowed: true });
export const deny = (from: string, to: string): Exception => ({ from, to, allowed: false });

/** Every pair takes `defaultAllowed`, then each exception in order (later ones win). */
export function table(defaultAllowed: boolean, ...exceptions: Exception[]): TruthTableSpec {
  return { defaultAllowed, exceptions };
}

export function matchesPeer(pattern: string, pod: string): boolean {
  if (pattern === "*") return true;
  const [patternNs, patternPod] = pattern.split("/");
  const [ns, name] = pod.split("/");
  if (patternPod === undefined) throw new Error(`bad peer pattern "${pattern}" (expected *, ns/*, */pod or ns/pod)`);
  return (patternNs === "*" || patternNs === ns) && (patternPod === "*" || patternPod === name);
}

/**
 * How self pairs are expected: "allowed" for Pods, set last like upstream's AllowLoopback
 * (the Kubernetes docs: "a pod cannot block access to itself"); "by-policy" for workloads,
 * whose self pair is one replica reaching another, so the exceptions decide it.
 */
export type SelfPairs = "allowed" | "by-policy";

/** The expected grid; see README.md for how the runner checks self pairs. */
export function expectedGrid(pods: readonly string[], spec: TruthTableSpec, selfPairs: SelfPairs = "allowed"): Grid {
  for (const exception of spec.exceptions) {
    for (const pattern of [exception.from, exception.to]) {
      if (!pods.some((pod) => matchesPeer(pattern, pod))) throw new Error(`peer pattern "${pattern}" matches no pod`);
    }
  }
  const grid = new Map<string, Map<string, boolean>>();
  for (const from of pods) {
    const row = new Map<string, boolean>();
    for (const to of pods) {
      const last = [...spec.exceptions].reverse().find((e) => matchesPeer(e.from, from) && matchesPeer(e.to, to));
      const byPolicy = last?.allowed ?? spec.defaultAllowed;
      row.set(to, from === to && selfPairs === "allowed" ? true : byPolicy);
    }
    grid.set(from, row);
  }
  return grid;
}

export interface CompareOptions {
  /** Whether self pairs count; upstream ignores them (ignoreLoopback). */
  readonly includeSelf: boolean;
}

/** Cells where observed differs from expected (a missing observation counts as a difference). */
export function compareGrids(
  pods: readonly string[],
  expected: Grid,
  observed: Grid,
  options: CompareOptions,
): CellDifference[] {
  const differences: CellDifference[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (from === to && !options.includeSelf) continue;
      const want = expected.get(from)?.get(to);
      if (want === undefined) throw new Error(`expected grid lacks ${from} -> ${to}`);
      const got = observed.get(from)?.get(to);
      if (got !== want) differences.push({ from, to, expected: want, observed: got });
    }
  }
  return differences;
}

function renderRows(pods: readonly string[], cell: (from: string, to: string) => string): string {
  const width = Math.max(...pods.map((p) => p.length)) + 1;
  const header = ["-".padEnd(width), ...pods.map((p) => p.padEnd(width))].join("").trimEnd();
  const rows = pods.map((from) => [from.padEnd(width), ...pods.map((to) => cell(from, to).padEnd(width))].join("").trimEnd());
  return [header, ...rows].join("\n");
}

/** Upstream-style grid: rows are sources, columns destinations; "." allowed, "X" denied, "?" unobserved. */
export function renderGrid(pods: readonly string[], grid: Grid): string {
  return renderRows(pods, (from, to) => {
    const value = grid.get(from)?.get(to);
    return value === undefined ? "?" : value ? "." : "X";
  });
}

/** "." where the cell agrees, "X" where it differs. */
export function renderComparison(pods: readonly string[], differences: readonly CellDifference[]): string {
  const differing = new Set(differences.map((d) => `${d.from}>${d.to}`));
  return renderRows(pods, (from, to) => (differing.has(`${from}>${to}`) ? "X" : "."));
}

const verdict = (value: boolean | undefined): string => (value === undefined ? "missing" : value ? "allowed" : "denied");

/** The full failure report: expected, observed, comparison, and each differing cell. */
export function describeMismatch(
  pods: readonly string[],
  expected: Grid,
  observed: Grid,
  differences: readonly CellDifference[],
): string {
  const cells = differences.map((d) => `  ${d.from} -> ${d.to}: expected ${verdict(d.expected)}, observed ${verdict(d.observed)}`);
  return [
    `${differences.length} cell(s) differ`,
    "expected:",
    renderGrid(pods, expected),
    "observed:",
    renderGrid(pods, observed),
    "comparison:",
    renderComparison(pods, differences),
    "differing cells:",
    ...cells,
  ].join("\n");
}
