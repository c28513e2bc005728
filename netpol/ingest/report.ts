import { isRecord } from "../parse";

/** Reports a problem at a field path (like "spec.ingress[0].ports[1].port") of the current object. */
export type Report = (path: string, reason: string) => void;

/** Records how a field was read when that is worth knowing but not an error (e.g. an API default). */
export type Note = (path: string, text: string) => void;

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  // Stryker disable next-line ConditionalExpression: JSON.stringify(null) is "null" too
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a mapping";
  // JSON would write an infinite number (YAML's .inf) or NaN (.nan) as null.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/** A list field: absent/null -> undefined; not a list -> reported, undefined. */
export function optionalList(value: unknown, path: string, report: Report): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  report(path, `expected a list, got ${describe(value)}`);
  return undefined;
}

/** A mapping field: absent/null -> undefined; not a mapping -> reported, undefined. */
export function optionalRecord(value: unknown, path: string, report: Report): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return value;
  report(path, `expected a mapping, got ${describe(value)}`);
  return undefined;
}

/**
 * A list item that must be a mapping (a rule, a peer, a port of a CRD-validated policy): null or
 * anything but a mapping is reported (the API server rejects such an object), undefined.
 */
export function itemRecord(value: unknown, path: string, report: Report): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  report(path, `expected a mapping, got ${describe(value)}`);
  return undefined;
}

/** Labels as a frozen record with sorted keys; non-string values are reported. */
export function labelsOf(value: unknown, path: string, report: Report): Readonly<Record<string, string>> {
  const raw = optionalRecord(value, path, report) ?? {};
  const labels: Record<string, string> = {};
  for (const key of Object.keys(raw).sort()) {
    const labelValue = raw[key];
    if (typeof labelValue === "string") labels[key] = labelValue;
    else report(`${path}.${key}`, `label value must be a string, got ${describe(labelValue)} (quote it in YAML)`);
  }
  return Object.freeze(labels);
}
