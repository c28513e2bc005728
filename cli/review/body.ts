/**
 * The pull-request comment (pure): a hidden marker a workflow finds its own comment by, then per
 * stack the verdict line, the flow diff, and the head's report in a collapsible block. Kept under
 * GitHub's comment limit by dropping detail step by step (reports, then long tables), never the
 * verdicts.
 */
import { diffMarkdownLines } from "../../netpol/diff";
import { reportMarkdownLines } from "../../netpol/report";
import { StackReview, Verdict } from "./types";

export const REVIEW_MARKER = "<!-- zero-trust-eks:network-review -->";
/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

export interface BodyContext {
  /** How the base was chosen, e.g. "`origin/main` (merge base `1a2b3c4`)". */
  readonly base: string;
  /** The command that reproduces the review locally. */
  readonly command: string;
}

interface Detail {
  readonly reports: boolean;
  readonly maxRows?: number;
}

const DETAIL_LEVELS: readonly Detail[] = [{ reports: true }, { reports: false }, { reports: false, maxRows: 20 }];

function plural(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

/** The verdict line's text, e.g. "⚠️ 1 connection added: needs a security review". */
export function verdictText(verdict: Verdict): string {
  switch (verdict.kind) {
    case "config-invalid":
      return `❌ config invalid (${plural(verdict.errors.length, "problem", "problems")})`;
    case "removed":
      return `stack removed (${plural(verdict.removed, "connection", "connections")} no longer allowed)`;
    case "intent-mismatch": {
      const added = verdict.added > 0 ? `; ${plural(verdict.added, "connection", "connections")} added` : "";
      return `❌ intent mismatch (${verdict.extra} extra, ${verdict.missing} missing)${added}`;
    }
    case "added":
      return `⚠️ ${verdict.newStack ? "new stack: " : ""}${plural(verdict.added, "connection", "connections")} added: needs a security review`;
    case "no-new-connections":
      return `✅ no new connections${verdict.removed > 0 ? ` (${plural(verdict.removed, "connection", "connections")} removed or narrowed)` : ""}`;
  }
}

function stackLines(review: StackReview, detail: Detail, command: string): string[] {
  const lines = [`### \`${review.stack}\`: ${verdictText(review.verdict)}`, ""];
  if (review.verdict.kind === "config-invalid") return [...lines, ...review.verdict.errors.map((error) => `- ${error}`), ""];
  for (const note of review.notes) lines.push(note, "");
  if (review.diff !== undefined) {
    const hint = `run \`${command}\` locally, or \`netpol diff\` on two renders`;
    lines.push(...diffMarkdownLines(review.diff, { ...(detail.maxRows === undefined ? {} : { maxRows: detail.maxRows }), moreHint: hint }), "");
  }
  if (review.report !== undefined) {
    const body = detail.reports ? reportMarkdownLines(review.report) : ["The report is left out to keep this comment under GitHub's size limit: run the command below to see it."];
    lines.push("<details>", `<summary>Head report of <code>${review.stack}</code></summary>`, "", ...body, "", "</details>", "");
  }
  return lines;
}

function render(reviews: readonly StackReview[], context: BodyContext, detail: Detail): string {
  const lines = [
    REVIEW_MARKER,
    "## Network review",
    "",
    `Reachability of every stack at the base ${context.base} and at the head, computed offline from the rendered manifests.`,
    "",
    ...reviews.flatMap((review) => stackLines(review, detail, context.command)),
    `<sub>Reproduce: \`${context.command}\`. How to read this: docs/netpol.md, "Reviewing a network change".</sub>`,
  ];
  return `${lines.join("\n")}\n`;
}

/** The comment body, as detailed as fits in `limit` characters. */
export function reviewBody(reviews: readonly StackReview[], context: BodyContext, limit = COMMENT_LIMIT): string {
  for (const detail of DETAIL_LEVELS) {
    const body = render(reviews, context, detail);
    if (body.length <= limit) return body;
  }
  const cut = "\n\n…cut to fit GitHub's comment limit: run the command above for the whole review.\n";
  return render(reviews, context, DETAIL_LEVELS[DETAIL_LEVELS.length - 1] as Detail).slice(0, limit - cut.length) + cut;
}
