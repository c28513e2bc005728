/**
 * How the matrix and the picture group endpoints: one per endpoint while there are few, one per
 * namespace (each external range still its own) beyond COLLAPSE_ABOVE, so a comment stays readable.
 */
import { Endpoint } from "../model";
import { NetworkReport } from "./types";

/** More shown endpoints than this and the matrix and picture show namespaces instead. */
export const COLLAPSE_ABOVE = 25;

export interface Group {
  /** An endpoint id, a namespace name, or an external atom id. */
  readonly id: string;
  readonly kind: "pod" | "namespace" | "external";
  /** For pods and namespaces: the namespace. */
  readonly namespace?: string;
  /** Shown endpoints in it (model indices). */
  readonly members: readonly number[];
}

export interface Grouping {
  readonly collapsed: boolean;
  readonly groups: readonly Group[];
  /** Model index -> index in `groups` (shown endpoints only). */
  readonly groupOf: ReadonlyMap<number, number>;
}

export function groupEndpoints(report: NetworkReport): Grouping {
  const { model, shown } = report;
  const indexOf = new Map(model.endpoints.map((endpoint, index) => [endpoint, index]));
  const collapsed = shown.length > COLLAPSE_ABOVE;
  const keyOf = (endpoint: Endpoint): string => (collapsed && endpoint.kind === "pod" ? `ns:${endpoint.namespace}` : `id:${endpoint.id}`);
  const byKey = new Map<string, { group: Group; members: number[] }>();
  for (const endpoint of shown) {
    const key = keyOf(endpoint);
    let entry = byKey.get(key);
    if (entry === undefined) {
      const members: number[] = [];
      const group: Group =
        endpoint.kind === "external"
          ? { id: endpoint.id, kind: "external", members }
          : collapsed
            ? { id: endpoint.namespace, kind: "namespace", namespace: endpoint.namespace, members }
            : { id: endpoint.id, kind: "pod", namespace: endpoint.namespace, members };
      entry = { group, members };
      byKey.set(key, entry);
    }
    entry.members.push(indexOf.get(endpoint) as number);
  }
  const groups = [...byKey.values()].map((entry) => entry.group);
  const groupOf = new Map<number, number>();
  groups.forEach((group, g) => group.members.forEach((member) => groupOf.set(member, g)));
  return { collapsed, groups, groupOf };
}
