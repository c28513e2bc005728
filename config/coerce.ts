// Raw config values arrive two ways: native YAML values (a stack file read with the yaml library)
// or strings (Pulumi's allConfig(): every value a string, lists JSON-encoded). Both coerce to the
// same value, so the program and the offline CLI validate identically.
import { renderValue } from "./errors";
import type { PulumiConfigType } from "./keys";

export type Coerced = string | number | boolean | readonly unknown[];
export type CoerceResult =
  | { readonly ok: true; readonly value: Coerced }
  | { readonly ok: false; readonly expected: string };

export function coerce(type: PulumiConfigType, raw: unknown): CoerceResult {
  if (typeof raw === "object" && raw !== null && "secure" in raw) {
    return { ok: false, expected: "a plain value: this key is not a secret, so set it without --secret" };
  }
  switch (type) {
    case "string":
      return toString(raw);
    case "integer":
      return toInteger(raw);
    case "boolean":
      return toBoolean(raw);
    case "array":
      return toList(raw);
  }
}

/**
 * A raw value as the user wrote it, for a problem to quote. allConfig() and the stack files (read
 * with YAML's failsafe schema) hand numbers, booleans and lists over as text: such text is shown
 * bare and unchanged (`07`, `2.50`, `["a", "b"]`), never re-serialised from the coerced value (7,
 * 2.5, ["a","b"]). Any other text is quoted, as every string value is.
 */
export function writtenText(type: PulumiConfigType, raw: unknown): string {
  const bare = typeof raw === "string" && type !== "string" && !/[\r\n]/.test(raw) && coerce(type, raw).ok;
  return bare ? raw : renderValue(raw);
}

function toString(raw: unknown): CoerceResult {
  if (typeof raw === "string") return { ok: true, value: raw };
  // Never stringify a number: YAML reads an unquoted 1.30 as 1.3, which would silently change it.
  return { ok: false, expected: "a string (quote it in YAML)" };
}

function toInteger(raw: unknown): CoerceResult {
  // Stryker disable next-line ConditionalExpression: Number.isFinite does not coerce: false for every non-number anyway
  if (typeof raw === "number" && Number.isFinite(raw)) return { ok: true, value: raw };
  // Decimal strings pass through so the range check can say "a whole number" about them.
  if (typeof raw === "string" && /^-?\d+(\.\d+)?$/.test(raw)) return { ok: true, value: Number(raw) };
  return { ok: false, expected: "a whole number" };
}

function toBoolean(raw: unknown): CoerceResult {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  if (raw === "true" || raw === "false") return { ok: true, value: raw === "true" };
  return { ok: false, expected: "true or false" };
}

function toList(raw: unknown): CoerceResult {
  const expected = 'a list of strings (in allConfig form, a JSON array such as ["a","b"])';
  const list = typeof raw === "string" ? parseJsonList(raw) : raw;
  if (!Array.isArray(list)) return { ok: false, expected };
  return { ok: true, value: list };
}

function parseJsonList(text: string): unknown {
  try {
    return JSON.parse(text);
  }
  // Stryker disable next-line BlockStatement: an empty catch block returns undefined too
  catch {
    return undefined;
  }
}
