// verify-live's verdict and its two renderings (pure): each probe's observation against the
// analyzer's expectation, as a from x to matrix with the differences spelled out (text), or as
// data (json). A probe matches when the connection was made and the analyzer allows it, or it
// timed out and the analyzer denies it; a refused connection or any other error matches neither.
import type { NotProbed, Probe, Verdict } from "./plan";
import type { Outcome } from "./probeScript";
import type { ProbeResult, RunReport } from "./runner";

export interface Row {
  readonly probe: Probe;
  readonly observed: Outcome;
  /** What the observation says of the policies; undefined when it says nothing (refused, error). */
  readonly observedVerdict: Verdict | undefined;
  readonly match: boolean;
}

export interface Verification {
  readonly rows: readonly Row[];
  readonly notProbed: readonly NotProbed[];
  readonly leftovers: readonly string[];
  /** Probes where the analyzer's verdict on the render is not what the plan intended: the render itself is off. */
  readonly renderDisagrees: readonly Probe[];
  /** Every probe matched and the render agrees with the plan. */
  readonly ok: boolean;
}

export interface RunContext {
  readonly stack: string;
  readonly cluster: string;
  readonly runId: string;
}

function verdictOf(observed: Outcome): Verdict | undefined {
  if (observed.kind === "connected") return "allowed";
  return observed.kind === "blocked" ? "denied" : undefined;
}

export function verify(report: RunReport, notProbed: readonly NotProbed[]): Verification {
  const rows = report.results.map(({ probe, observed }: ProbeResult) => {
    const observedVerdict = verdictOf(observed);
    return { probe, observed, observedVerdict, match: observedVerdict === probe.expected };
  });
  const renderDisagrees = rows.map((r) => r.probe).filter((p) => p.expected !== p.intended);
  return { rows, notProbed, leftovers: report.leftovers, renderDisagrees, ok: rows.every((r) => r.match) && renderDisagrees.length === 0 };
}

const MARK: Readonly<Record<Verdict | "unknown", string>> = { allowed: "+", denied: "-", unknown: "?" };

/** One cell entry: `9090/TCP +-!` (expected allowed, observed blocked, a difference). */
function entry(row: Row): string {
  const marks = `${MARK[row.probe.expected]}${MARK[row.observedVerdict ?? "unknown"]}`;
  return `${row.probe.port}/${row.probe.protocol} ${marks}${row.match ? "" : "!"}`;
}

function uniqueInOrder(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Sources down, destinations across (the sources' own columns first, in their order, then the other
 * pods, then addresses outside the cluster); a cell lists the probes of that pair.
 */
export function matrix(rows: readonly Row[]): string {
  const sources = uniqueInOrder(rows.map((r) => r.probe.from.id));
  const rank = (id: string) => {
    const asSource = sources.indexOf(id);
    if (asSource >= 0) return asSource;
    return rows.some((r) => r.probe.to.id === id && r.probe.to.kind === "external") ? Number.MAX_SAFE_INTEGER : sources.length;
  };
  const targets = uniqueInOrder(rows.map((r) => r.probe.to.id)).map((id, order) => ({ id, order }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.order - b.order).map((t) => t.id);
  const cell = (from: string, to: string) => rows.filter((r) => r.probe.from.id === from && r.probe.to.id === to).map(entry).join(", ");
  const table = [["from \\ to", ...targets], ...sources.map((from) => [from, ...targets.map((to) => cell(from, to))])];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  return table.map((line) => line.map((text, column) => text.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

const LEGEND = "each probe: port/protocol, then expected (analyzer) and observed: + connects, - blocked, ? neither (refused or error); ! = differs";

function describe(row: Row): string {
  const { probe, observed } = row;
  const seen = observed.kind === "connected" ? "connected" : `${observed.kind}: ${observed.detail}`;
  return `  ${probe.id} (${probe.kind}): expected ${probe.expected}, observed ${seen}`;
}

export function formatText(verification: Verification, context: RunContext): string {
  const { rows } = verification;
  const differing = rows.filter((r) => !r.match);
  const lines = [
    `verify-live: stack ${context.stack}, ${context.cluster}, run ${context.runId}`,
    "",
    matrix(rows),
    "",
    LEGEND,
  ];
  if (differing.length > 0) lines.push("", `differences (${differing.length}):`, ...differing.map(describe));
  if (verification.renderDisagrees.length > 0) {
    lines.push("", "the render itself does not do what the plan intends (run `npm run render` and `netpol verify`):",
      ...verification.renderDisagrees.map((p) => `  ${p.id}: intended ${p.intended}, the analyzer says ${p.expected}`));
  }
  if (verification.notProbed.length > 0) lines.push("", "not probed:", ...verification.notProbed.map((n) => `  ${n.flow}: ${n.reason}`));
  if (verification.leftovers.length > 0) lines.push("", "left behind:", ...verification.leftovers.map((l) => `  ${l}`));
  const summary = verification.ok
    ? `OK: all ${rows.length} probes as the analyzer expects`
    : `FAILED: ${differing.length} of ${rows.length} probes differ from the analyzer${verification.renderDisagrees.length > 0 ? "; the render differs from the plan" : ""}`;
  return [...lines, "", summary, ""].join("\n");
}

export function formatJson(verification: Verification, context: RunContext): string {
  const probes = verification.rows.map(({ probe, observed, observedVerdict, match }) => ({
    from: probe.from.id,
    to: probe.to.id,
    port: probe.port,
    protocol: probe.protocol,
    kind: probe.kind,
    intended: probe.intended,
    expected: probe.expected,
    observed: observed.kind,
    observedVerdict: observedVerdict ?? null,
    detail: observed.kind === "connected" ? "" : observed.detail,
    match,
  }));
  const summary = { probes: probes.length, matched: probes.filter((p) => p.match).length, differing: probes.filter((p) => !p.match).length };
  const document = {
    ...context, ok: verification.ok, summary, probes, notProbed: verification.notProbed,
    renderDisagrees: verification.renderDisagrees.map((p) => p.id), leftovers: verification.leftovers,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
