/** `netpol diff --format md`: the diff as Markdown tables, for a pull-request comment. */
import { describeDecision } from "../calico/evaluate";
import { diffSummary, identicalLine, presenceMark } from "./describe";
import { addedChanges, FlowChange, FlowDiff, isIdentical, Provenance, removedChanges, SideProvenance } from "./types";

export interface DiffMarkdownOptions {
  /** At most this many rows per table; the rest are counted (default: all). */
  readonly maxRows?: number;
  /** Said after the count of rows left out, e.g. how to see them all. */
  readonly moreHint?: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

function side(direction: string, provenance: SideProvenance): string {
  switch (provenance.kind) {
    case "allowed":
      return `${direction}: ${provenance.by.map(code).join(", ")}`;
    case "not-isolated":
      return `${direction}: not isolated`;
    case "not-policed":
      return `${direction}: external`;
    case "tiered": {
      const decision = provenance.decision;
      if (decision.kind !== "rule") return `${direction}: ${cell(describeDecision(decision))}`;
      const name = decision.ruleName === undefined ? "" : ` ${code(decision.ruleName)}`;
      return `${direction}: ${code(decision.policy)} rule ${decision.rule}${name} (tier ${cell(decision.tier)})`;
    }
  }
}

function endpoint(id: string, presence: FlowChange["fromPresence"]): string {
  return `${code(id)}${presenceMark(presence)}`;
}

function beforeAfter(change: FlowChange): string {
  return `${change.before.format()} → ${change.after.format()}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], options: DiffMarkdownOptions): string[] {
  const shown = rows.slice(0, options.maxRows ?? rows.length);
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  const more = rows.length - shown.length;
  const hint = options.moreHint === undefined ? "" : `: ${options.moreHint}`;
  return [line(header), line(header.map(() => "---")), ...shown.map(line), ...(more > 0 ? ["", `…and ${more.toLocaleString("en-US")} more${hint}`] : [])];
}

function addedRows(changes: readonly FlowChange[]): string[][] {
  return changes.map((change) => [
    endpoint(change.from, change.fromPresence),
    endpoint(change.to, change.toPresence),
    `**${cell(change.added.format())}**`,
    cell(beforeAfter(change)),
    // Every added change has its provenance (./compare).
    `${side("egress", (change.allowedBy as Provenance).egress)}; ${side("ingress", (change.allowedBy as Provenance).ingress)}`,
  ]);
}

function removedRows(changes: readonly FlowChange[]): string[][] {
  return changes.map((change) => [
    endpoint(change.from, change.fromPresence),
    endpoint(change.to, change.toPresence),
    `**${cell(change.removed.format())}**`,
    cell(beforeAfter(change)),
  ]);
}

export function* diffMarkdownLines(diff: FlowDiff, options: DiffMarkdownOptions = {}): Generator<string> {
  if (isIdentical(diff)) {
    // Stryker disable next-line Regex: the identical line starts with "no difference" and holds it once
    yield `${identicalLine(diff).replace(/^no difference/, "**No difference**")}.`;
    return;
  }
  yield `**${diffSummary(diff)}.**`;
  const endpoints = [
    ...diff.endpointsAdded.map((e) => `- added: ${code(e.id)} (${e.kind})`),
    ...diff.endpointsRemoved.map((e) => `- removed: ${code(e.id)} (${e.kind})`),
  ];
  if (endpoints.length > 0) yield* ["", "Endpoints:", "", ...endpoints];
  const added = addedChanges(diff);
  if (added.length > 0) {
    yield* ["", "Connections added or widened (allowed by the head's policies):", ""];
    yield* table(["from", "to", "added", "before → after", "allowed by"], addedRows(added), options);
  }
  const removed = removedChanges(diff);
  if (removed.length > 0) {
    yield* ["", "Connections removed or narrowed:", ""];
    yield* table(["from", "to", "removed", "before → after"], removedRows(removed), options);
  }
}
