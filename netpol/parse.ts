import { Composer, parseAllDocuments, Parser } from "yaml";
import { ProblemCollector } from "./errors";
import { readJson } from "./stream/json";

/**
 * Options for every document the yaml package reads: no Node warning on stderr (it warns when it
 * stringifies a key that is a collection); the reader reports what it reads on its own.
 */
// Stryker disable next-line StringLiteral: yaml warns only at the levels "warn" and "debug": any other text is as quiet
export const YAML_OPTIONS = { logLevel: "error" } as const;

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
 * column of any error. Duplicate keys (JSON.parse keeps the last, the YAML parser rejects the
 * document) leave the text to the YAML parser too (netpol/stream/json.ts).
 *
 * YAML is read one document at a time, each dropped once converted: 150,000 documents (22 MB)
 * take about half the time and a tenth of the memory of parsing them all first.
 */
export function parseManifestText(text: string, source: string): unknown[] {
  const json = readJson(text);
  // Stryker disable next-line ConditionalExpression: the YAML reader reads a JSON text alike (JSON.parse is only faster)
  if (json !== undefined) return flattened(source, (add) => add(json.value, "document 1"));
  return streamYaml(text, source) ?? flattened(source, (add, problems) => readAllYaml(text, source, add, problems));
}

type Add = (value: unknown, where: string) => void;

/** The objects `read` adds (lists flattened), or NetpolInputError with every problem. */
function flattened(source: string, read: (add: Add, problems: ProblemCollector) => void): unknown[] {
  const problems = new ProblemCollector();
  const objects: unknown[] = [];
  read((value, where) => flattenInto(value, where, source, objects, problems), problems);
  problems.throwIfAny();
  return objects;
}

/** Document by document, each dropped once converted; undefined at the first malformed document. */
// Stryker disable next-line BlockStatement: readAllYaml reads the same objects (slower, holding every document)
function streamYaml(text: string, source: string): unknown[] | undefined {
  const problems = new ProblemCollector();
  const objects: unknown[] = [];
  let index = 0;
  for (const document of new Composer(YAML_OPTIONS).compose(new Parser().parse(text))) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: readAllYaml reads the same objects (slower, holding every document)
    if (document.errors.length > 0) return undefined; // readAllYaml names it, with every other problem
    flattenInto(document.toJS({ maxAliasCount: 1000 }) as unknown, `document ${++index}`, source, objects, problems);
  }
  problems.throwIfAny();
  return objects;
}

/** All documents at once: slower, but its errors carry line and column (the streaming parser's do not). */
function readAllYaml(text: string, source: string, add: Add, problems: ProblemCollector): void {
  parseAllDocuments(text, YAML_OPTIONS).forEach((document, index) => {
    const where = `document ${index + 1}`;
    if (document.errors.length > 0) {
      // The first error is the cause; later ones are usually its echoes.
      problems.add(source, where, `malformed YAML/JSON: ${oneLine(document.errors[0].message)}`);
      return;
    }
    add(document.toJS({ maxAliasCount: 1000 }) as unknown, where);
  });
}

/** Appends one by one: a list of 150,000 items must not become 150,000 call arguments. */
function flattenInto(value: unknown, where: string, source: string, out: unknown[], problems: ProblemCollector): void {
  if (value === null) return; // an empty document or item (JSON and YAML have no undefined)
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
  // Stryker disable next-line MethodExpression,Regex: the yaml package's first lines have no surrounding spaces and one colon, at the end
  return message.split("\n")[0].trim().replace(/:$/, "");
}
