/** The review's data: each stack's two sides as rendered files, and what the review found. */
import { FlowDiff } from "../../netpol/diff";
import { NetworkReport } from "../../netpol/report";

/** One rendered file, as `render` writes it (path relative to the stack's output folder, `/`-separated). */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/** A stack at one side (base or head). */
export type StackSide =
  | { readonly kind: "rendered"; readonly files: readonly RenderedFile[] }
  /** No Pulumi.<stack>.yaml on that side. */
  | { readonly kind: "absent" }
  /** The stack file is there but its config is invalid: one line per problem. */
  | { readonly kind: "invalid"; readonly errors: readonly string[] };

export interface StackInput {
  readonly stack: string;
  readonly base: StackSide;
  readonly head: StackSide;
}

export type Verdict =
  | { readonly kind: "config-invalid"; readonly errors: readonly string[] }
  | { readonly kind: "removed"; readonly removed: number }
  | { readonly kind: "intent-mismatch"; readonly extra: number; readonly missing: number; readonly added: number }
  | { readonly kind: "added"; readonly added: number; readonly newStack: boolean }
  | { readonly kind: "no-new-connections"; readonly removed: number };

export interface StackReview {
  readonly stack: string;
  readonly verdict: Verdict;
  /** Absent when the head config is invalid. */
  readonly diff?: FlowDiff;
  /** The head's report; absent when the head is invalid or the stack was removed. */
  readonly report?: NetworkReport;
  /** Said under the verdict, e.g. that the base config was invalid so everything compares with nothing. */
  readonly notes: readonly string[];
  /** 0, 1 or 2, as `netpol diff` (2: the head config is invalid). */
  readonly exitCode: number;
}
