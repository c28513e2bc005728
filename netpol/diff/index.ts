/** `netpol diff`: what a change opens and closes, pair by pair, and which policies open it. */
export { diffModels, diffObjects } from "./compare";
export type { DiffOptions } from "./compare";
export { comparableModels } from "./sides";
export { addedChanges, diffFails, FAIL_ON, isIdentical, removedChanges } from "./types";
export type { EndpointRef, FailOn, FlowChange, FlowDiff, Presence, Provenance, SideProvenance } from "./types";
export { diffSummary, identicalLine } from "./describe";
export { diffTextLines } from "./text";
export { diffMarkdownLines } from "./markdown";
export type { DiffMarkdownOptions } from "./markdown";
export { diffJson, diffJsonLines } from "./json";
