/**
 * One JSON value (`kubectl get -o json`, a `List`) read with JSON.parse, many times faster than
 * a YAML parser. JSON is YAML, and the two readings agree but for duplicate keys: JSON.parse
 * keeps the last, the `yaml` package rejects the document. So keys are counted in the text and
 * in the result: when they differ, the text is left to the YAML reader, which names the error.
 */

/** Object keys written in a JSON text: the ':' outside strings. */
function keysWritten(text: string): number {
  let keys = 0;
  let inString = false;
  // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, counted as nothing
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92) index++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) {
      inString = true;
    } else if (code === 58) {
      keys++;
    }
  }
  return keys;
}

/** Own keys of every object in a parsed JSON value. */
function keysParsed(value: unknown): number {
  let keys = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    // Stryker disable next-line ConditionalExpression,LogicalOperator: redundant with the checks before each push; a primitive adds no keys (strings are never pushed)
    if (typeof next !== "object" || next === null) continue;
    if (Array.isArray(next)) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: redundant with the check after pop; a primitive adds no keys
      for (const item of next) if (typeof item === "object" && item !== null) pending.push(item);
      continue;
    }
    for (const key in next) {
      keys++;
      const field = (next as Record<string, unknown>)[key];
      // Stryker disable next-line ConditionalExpression,LogicalOperator: redundant with the check after pop; a primitive adds no keys
      if (typeof field === "object" && field !== null) pending.push(field);
    }
  }
  return keys;
}

/** The value when `text` is one JSON object or array without duplicate keys; undefined otherwise (the YAML reader takes it). */
export function readJson(text: string): { readonly value: unknown } | undefined {
  let first = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: text[length] is undefined, which /\s/ does not match
  while (first < text.length && /\s/.test(text[first] as string)) first++;
  if (text[first] !== "{" && text[first] !== "[") return undefined;
  if (/\r(?!\n)/.test(text)) return undefined; // a lone carriage return is JSON whitespace but a YAML line break
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return keysParsed(value) === keysWritten(text) ? { value } : undefined;
}
