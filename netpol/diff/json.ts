/** `netpol diff --format json`: one JSON object (schema in docs/netpol.md). Connection sets as text, like `reach --format json`. */
import { addedChanges, FlowChange, FlowDiff, isIdentical, removedChanges } from "./types";

function changeJson(change: FlowChange): Record<string, unknown> {
  return {
    from: change.from,
    to: change.to,
    fromPresence: change.fromPresence,
    toPresence: change.toPresence,
    before: change.before.format(),
    after: change.after.format(),
    added: change.added.format(),
    removed: change.removed.format(),
    ...(change.allowedBy === undefined ? {} : { allowedBy: change.allowedBy }),
  };
}

export function diffJson(diff: FlowDiff): Record<string, unknown> {
  return {
    identical: isIdentical(diff),
    summary: {
      added: addedChanges(diff).length,
      removed: removedChanges(diff).length,
      endpointsAdded: diff.endpointsAdded.length,
      endpointsRemoved: diff.endpointsRemoved.length,
    },
    base: diff.base,
    head: diff.head,
    externals: diff.externals,
    endpoints: { added: diff.endpointsAdded, removed: diff.endpointsRemoved },
    changes: diff.changes.map(changeJson),
  };
}

/** One object; each change on a line of its own, so a large diff stays readable with grep. */
export function* diffJsonLines(diff: FlowDiff): Generator<string> {
  const { changes, ...rest } = diffJson(diff) as { changes: unknown[] } & Record<string, unknown>;
  const head = JSON.stringify(rest);
  yield `${head.slice(0, -1)},"changes":[`;
  for (let i = 0; i < changes.length; i++) yield `${JSON.stringify(changes[i])}${i < changes.length - 1 ? "," : ""}`;
  yield "]}";
}
