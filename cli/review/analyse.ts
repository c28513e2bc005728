/**
 * The review of one stack, from its two sides' rendered files (pure): the flow diff of base and
 * head, the head's report with its intent verdict, and the verdict the comment leads with.
 */
import { EngineName, NetpolInputError, parseIntent, parseManifestText } from "../../netpol";
import { addedChanges, diffFails, diffObjects, FailOn, removedChanges } from "../../netpol/diff";
import { buildReport } from "../../netpol/report";
import { ANALYSIS_DIR } from "../../manifests/output";
import { INTRUDER_NAMESPACE, LOOK_ALIKE_PREFIX, STRANGER_POD } from "../../manifests/analysisContext";
import { EXIT_BAD_INPUT, EXIT_DIFFERENT, EXIT_OK } from "../usage";
import { RenderedFile, StackInput, StackReview, StackSide, Verdict } from "./types";

/** The intent `netpol verify` checks a whole render against (render writes it; see docs/render.md). */
export const INTENT_FILE = `${ANALYSIS_DIR}/intent-with-context.yaml`;
/** The analysis context's decoys: analysed (a weakening that lets them in shows in the diff), not drawn. */
export const HIDDEN_DECOYS: readonly string[] = [INTRUDER_NAMESPACE, `*/${STRANGER_POD}`, `*/${LOOK_ALIKE_PREFIX}*`];

export interface ReviewOptions {
  readonly engine: EngineName;
  readonly failOn: FailOn;
}

function isIntentFile(file: RenderedFile): boolean {
  return file.path.startsWith(`${ANALYSIS_DIR}/intent`);
}

/** The Kubernetes objects of a render (the applied files and the analysis context), sources named `<side>/<stack>/<path>`. */
export function renderedObjects(side: StackSide, label: string): unknown[] {
  if (side.kind !== "rendered") return [];
  const objects: unknown[] = [];
  const problems: NetpolInputError["problems"][number][] = [];
  for (const file of side.files.filter((f) => !isIntentFile(f))) {
    try {
      for (const object of parseManifestText(file.content, `${label}/${file.path}`)) objects.push(object);
    } catch (error) {
      if (!(error instanceof NetpolInputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new NetpolInputError(problems);
  return objects;
}

function headIntent(side: StackSide, stack: string): { intent: ReturnType<typeof parseIntent>; source: string } | undefined {
  const file = side.kind === "rendered" ? side.files.find((f) => f.path === INTENT_FILE) : undefined;
  if (file === undefined) return undefined;
  const source = `${stack}/${INTENT_FILE}`;
  return { intent: parseIntent(file.content, source), source };
}

function invalidReview(stack: string, errors: readonly string[]): StackReview {
  return { stack, verdict: { kind: "config-invalid", errors }, notes: [], exitCode: EXIT_BAD_INPUT };
}

export function reviewStack(input: StackInput, options: ReviewOptions): StackReview {
  const { stack, base, head } = input;
  if (head.kind === "invalid") return invalidReview(stack, head.errors);
  const notes = base.kind === "invalid" ? [`The base config of ${stack} is invalid (${base.errors.length} problems), so the head is compared with nothing.`] : [];
  const diff = diffObjects(renderedObjects(base, `base/${stack}`), renderedObjects(head, `head/${stack}`), { engine: options.engine });
  const failing = diffFails(diff, options.failOn) ? EXIT_DIFFERENT : EXIT_OK;
  if (head.kind === "absent") {
    return { stack, verdict: { kind: "removed", removed: removedChanges(diff).length }, diff, notes, exitCode: failing };
  }
  const intent = headIntent(head, stack);
  const report = buildReport(renderedObjects(head, `head/${stack}`), { engine: options.engine, hide: HIDDEN_DECOYS, ...(intent === undefined ? {} : { intent }) });
  const added = addedChanges(diff).length;
  const verified = report.intent?.report;
  const verdict: Verdict =
    verified !== undefined && !verified.ok
      ? { kind: "intent-mismatch", extra: verified.extraCount, missing: verified.missingCount, added }
      : added > 0
        ? { kind: "added", added, newStack: base.kind !== "rendered" }
        : { kind: "no-new-connections", removed: removedChanges(diff).length };
  const exitCode = verdict.kind === "intent-mismatch" ? EXIT_DIFFERENT : failing;
  return { stack, verdict, diff, report, notes, exitCode };
}
