import { parseAllDocuments } from "yaml";
import { ProblemCollector } from "./errors";

/** Where each parsed object came from, so later errors can name the file. */
const sources = new WeakMap<object, string>();

export function sourceOf(object: unknown): string {
  return isRecord(object) ? (sources.get(object) ?? "<input>") : "<input>";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Multi-document YAML or JSON (JSON is YAML) -> plain objects. Empty documents are skipped;
 * top-level arrays and `kind: List` (or any `*List` with `items`) are flattened.
 * Throws NetpolInputError naming the source and document on malformed input.
 *
 * A text that is one JSON value (`kubectl get -o json`) is read with JSON.parse, about 100
 * times faster than the YAML parser on large dumps; where JSON.parse fails (YAML flow style
 * like `{kind: Pod}`, or malformed input), the YAML parser reads it and names the line and
 * column of any error. One difference: JSON.parse keeps the last of duplicate keys, where
 * the YAML parser rejects them.
 */
export function parseManifestText(text: string, source: string): unknown[] {
  const problems = new ProblemCollector();
  const objects: unknown[] = [];
  const json = parseJson(text);
  if (json.ok) {
    flattenInto(json.value, "document 1", source, objects, problems);
    problems.throwIfAny();
    return objects;
  }
  parseAllDocuments(text).forEach((document, index) => {
    const where = `document ${index + 1}`;
    if (document.errors.length > 0) {
      // The first error is the cause; later ones are usually its echoes.
      problems.add(source, where, `malformed YAML/JSON: ${oneLine(document.errors[0].message)}`);
      return;
    }
    flattenInto(document.toJS({ maxAliasCount: 1000 }) as unknown, where, source, objects, problems);
  });
  problems.throwIfAny();
  return objects;
}

/** JSON.parse when the text looks like one JSON object or array; never throws. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Appends one by one: a list of 150,000 items must not become 150,000 call arguments. */
function flattenInto(value: unknown, where: string, source: string, out: unknown[], problems: ProblemCollector): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flattenInto(item, `${where} item ${i + 1}`, source, out, problems));
    return;
  }
  if (!isRecord(value)) {
    problems.add(source, where, `expected a Kubernetes object (a mapping), got ${typeof value}`);
    return;
  }
  const kind = value["kind"];
  if (typeof kind === "string" && kind.endsWith("List") && "items" in value) {
    const items = value["items"];
    if (!Array.isArray(items)) {
      problems.add(source, where, `${kind} has "items" that is not a list`);
      return;
    }
    items.forEach((item, i) => flattenInto(item, `${where} ${kind} item ${i + 1}`, source, out, problems));
    return;
  }
  sources.set(value, source);
  out.push(value);
}

function oneLine(message: string): string {
  return message.split("\n")[0].trim().replace(/:$/, "");
}
