/** `netpol diff --format text`: one line per endpoint that appears or disappears and per changed pair. */
import { changeKind, describeProvenance, diffSummary, identicalLine, presenceMark } from "./describe";
import { FlowChange, FlowDiff, isIdentical } from "./types";

function pair(change: FlowChange): string {
  return `${change.from}${presenceMark(change.fromPresence)} => ${change.to}${presenceMark(change.toPresence)}`;
}

export function changeLine(change: FlowChange): string {
  const why = change.allowedBy === undefined ? "" : `  (${describeProvenance(change.allowedBy)})`;
  switch (changeKind(change)) {
    case "added":
      return `added:   ${pair(change)} : ${change.after.format()}${why}`;
    case "removed":
      return `removed: ${pair(change)} : ${change.before.format()}`;
    case "changed": {
      const parts = [
        ...(change.added.isEmpty() ? [] : [`added ${change.added.format()}`]),
        ...(change.removed.isEmpty() ? [] : [`removed ${change.removed.format()}`]),
      ];
      return `changed: ${pair(change)} : ${change.before.format()} -> ${change.after.format()} (${parts.join("; ")})${why}`;
    }
  }
}

export function* diffTextLines(diff: FlowDiff): Generator<string> {
  if (isIdentical(diff)) {
    yield identicalLine(diff);
    return;
  }
  for (const endpoint of diff.endpointsAdded) yield `endpoint added:   ${endpoint.id} (${endpoint.kind})`;
  for (const endpoint of diff.endpointsRemoved) yield `endpoint removed: ${endpoint.id} (${endpoint.kind})`;
  for (const change of diff.changes) yield changeLine(change);
  yield diffSummary(diff);
}
