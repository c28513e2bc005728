/**
 * A fast reader for the block YAML that manifests are written in (kubectl, Helm, kustomize):
 * block mappings and sequences (also a sequence at its key's indentation, and "- key: value"),
 * one-line plain and quoted scalars, comments, `[]` and `{}`. Plain scalars resolve exactly as
 * the `yaml` package's core schema resolves them (its own tag tests are used). Anything else
 * (flow collections, block scalars, anchors, tags, multi-line scalars, escapes, tabs, duplicate
 * keys, errors) makes it give up on the document, which the `yaml` package then reads: the
 * result is always what `yaml` would give, only faster where it can be.
 */
import { isScalar, Schema } from "yaml";

/** Thrown when the document is outside the subset; not an Error, so no stack is captured. */
export const UNSUPPORTED: unique symbol = Symbol("unsupported YAML");

interface ScalarTag {
  readonly test: RegExp;
  readonly resolve: (text: string, onError: (message: string) => void, options: { intAsBigInt: boolean }) => unknown;
}

const CORE_TAGS: readonly ScalarTag[] = (new Schema({ schema: "core" }).tags as unknown as ({ default?: unknown } & Partial<ScalarTag>)[])
  .filter((tag): tag is ScalarTag & { default: true } => tag.default === true && tag.test instanceof RegExp && typeof tag.resolve === "function");
const RESOLVE_OPTIONS = { intAsBigInt: false };
const fail = (): never => {
  throw UNSUPPORTED;
};

/**
 * Whether a core-schema tag could match: each begins with one of "~nNtTfF0123456789+-." or is
 * empty. Most keys and values begin with another letter and are plain strings at once.
 */
function mayBeTagged(text: string): boolean {
  // Stryker disable next-line ConditionalExpression: fast path: the core-schema tag tests give back any text no tag matches
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: fast path: no tag matches a text that begins with no digit and none of ~nNtTfF+-.
  if (first >= 48 && first <= 57) return true; // digit
  switch (first) {
    case 126: case 110: case 78: case 116: case 84: case 102: case 70: case 43: case 45: case 46: // ~ n N t T f F + - .
      return true;
    // Stryker disable next-line ConditionalExpression: fast path: falling through returns undefined, as falsy as false
    default:
      // Stryker disable next-line BooleanLiteral: fast path: the core-schema tag tests give back any text no tag matches
      return false;
  }
}

/** A plain scalar's value under the core schema: null, boolean, number, or the text itself. */
export function resolvePlain(text: string): unknown {
  // Stryker disable next-line ConditionalExpression: fast path: the core-schema tag tests give back any text no tag matches
  if (!mayBeTagged(text)) return text;
  for (const tag of CORE_TAGS) {
    if (tag.test.test(text)) {
      const resolved = tag.resolve(text, fail, RESOLVE_OPTIONS);
      return isScalar(resolved) ? resolved.value : resolved;
    }
  }
  return text;
}

/** Keys must come out as the text written: a key the schema would read as null, a number or a boolean goes to `yaml`. */
function plainKey(text: string): string {
  // Stryker disable next-line ConditionalExpression: fast path: no tag matches a key mayBeTagged refuses, so no key is refused
  if (mayBeTagged(text)) for (const tag of CORE_TAGS) if (tag.test.test(text)) fail();
  return text;
}

/**
 * Keys already read, by length: manifests repeat a few keys (`name`, `labels`, `matchLabels`, ...)
 * hundreds of thousands of times, and handing back the same string spares a copy per key and the
 * engine's lookup of a new string used as a property name. At most a few per length, so label keys
 * that vary cost one comparison each.
 */
const KNOWN_KEYS = new Map<number, string[]>();
const KNOWN_PER_LENGTH = 8;

function knownKey(text: string, from: number, end: number): string {
  // Stryker disable next-line ArithmeticOperator: another bucket only holds keys the length check below turns away
  const length = end - from;
  // Stryker disable next-line ArrayDeclaration,LogicalOperator: a stray remembered text has another length or differs, and no list (a TypeError) sends the document to yaml: the same objects
  const known = KNOWN_KEYS.get(length) ?? [];
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator,MethodExpression: a key not found here is sliced again, the same text (a wrong key handed back fails the stream examples)
  for (const key of known) if (key.length === length && text.startsWith(key, from)) return key;
  const key = plainKey(text.slice(from, end));
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration: how many keys are remembered changes only how many comparisons a key costs
  if (known.length < KNOWN_PER_LENGTH) KNOWN_KEYS.set(length, [...known, key]);
  return key;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const QUOTE = 34;
const APOSTROPHE = 39;
/**
 * Per ASCII code: CANNOT_START if a plain scalar cannot begin with it (or it begins something the
 * fast reader leaves to `yaml`); INDICATOR for "-", "?" and ":", which begin one only when no space follows.
 */
const START = new Uint8Array(128);
const CANNOT_START = 1;
const INDICATOR = 2;
for (const character of "[]{},#&*!|>'\"%@`\\") START[character.charCodeAt(0)] = CANNOT_START;
for (const character of "-?:") START[character.charCodeAt(0)] = INDICATOR;
/** Tabs, control characters, C1 controls and a byte order mark inside the text: left to `yaml`. */
export const UNUSUAL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff]/;

function plainStart(text: string, from: number, to: number): void {
  const start = START[text.charCodeAt(from)]; // undefined past ASCII: any other character may begin one
  if (start === CANNOT_START) fail();
  if (start === INDICATOR && (from + 1 === to || text.charCodeAt(from + 1) === SPACE)) fail();
}

/** One document's content lines (blank and comment-only lines left out). */
class Lines {
  readonly indent: number[] = [];
  /** Where the content starts (after the indentation, or after "- " for a compact entry). */
  readonly from: number[] = [];
  /** End of the line, trailing spaces and comment not removed. */
  readonly to: number[] = [];

  /** `text[start, end)` holds no tab (checked by the caller); a carriage return only before a line feed. */
  constructor(readonly text: string, start: number, end: number, carriageReturns: boolean) {
    // `carriageReturns`: text[start, end) holds one, so the first found from `start` is before `end`.
    let carriageReturn = carriageReturns ? text.indexOf("\r", start) : -1;
    let position = start;
    // Stryker disable next-line EqualityOperator: a last pass at end reads an empty line, which holds no content
    while (position < end) {
      let lineEnd = text.indexOf("\n", position);
      // Stryker disable next-line EqualityOperator: lineEnd === end is set to itself
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      let contentEnd = lineEnd;
      if (carriageReturn >= 0 && carriageReturn < lineEnd) {
        if (carriageReturn !== lineEnd - 1) fail();
        contentEnd--; // CRLF
        carriageReturn = text.indexOf("\r", lineEnd); // past `end` it is never before a line's end
      }
      let first = position;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: the character at contentEnd is a line end (or past the range), never a space
      while (first < contentEnd && text.charCodeAt(first) === SPACE) first++;
      if (first < contentEnd && text.charCodeAt(first) !== HASH) {
        this.indent.push(first - position);
        this.from.push(first);
        this.to.push(contentEnd);
      }
      position = lineEnd + 1;
    }
  }
}

/** Only spaces, then the line's end or a comment, may follow a quoted scalar or an empty collection. */
function endOfValue(text: string, from: number, to: number): void {
  let end = from;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: the character at to is a line end, never a space
  while (end < to && text.charCodeAt(end) === SPACE) end++;
  if (end < to && (text.charCodeAt(end) !== HASH || end === from)) fail(); // "#" right after the value starts no comment
}

/** A number JSON cannot hold: ±Infinity, NaN (YAML's .inf, .nan, 1e999) or -0. */
export function isJsonlessNumber(value: number): boolean {
  return !Number.isFinite(value) || Object.is(value, -0);
}

class Reader {
  private position = 0;
  /** Whether some scalar read is a number JSON cannot hold (isJsonlessNumber). */
  jsonless = false;
  /** Set by keyAt: where the value of the key it found begins (no object per key: 1.5 million keys at 150,000 pods). */
  private afterKey = 0;

  constructor(private readonly lines: Lines, private readonly text: string) {}

  document(): unknown {
    if (this.lines.indent.length === 0) return null;
    // Stryker disable next-line UnaryOperator: parent only feeds node()'s continuation-line check, redundant (see there)
    const value = this.node(-1);
    if (this.position < this.lines.indent.length) fail();
    return value;
  }

  private isEntry(line: number): boolean {
    const from = this.lines.from[line] as number;
    return this.text.charCodeAt(from) === DASH && (from + 1 === this.lines.to[line] || this.text.charCodeAt(from + 1) === SPACE);
  }

  /** A block node whose first line is indented more than `parent` (every caller has checked that). */
  private node(parent: number): unknown {
    const line = this.position;
    if (this.isEntry(line)) return this.sequence(this.lines.indent[line] as number);
    if (this.keyAt(line) !== undefined) return this.mapping(this.lines.indent[line] as number);
    const value = this.scalar(this.lines.from[line] as number, this.lines.to[line] as number);
    this.position++;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: past the last line indent is undefined, never > parent; a deeper line left unread is refused by document()
    if (this.position < this.lines.indent.length && (this.lines.indent[this.position] as number) > parent) fail(); // a continuation line
    return value;
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    const { lines, text } = this;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: past the last line indent is undefined, never equal to an indentation
    while (this.position < lines.indent.length && lines.indent[this.position] === indent && this.isEntry(this.position)) {
      const line = this.position;
      let content = (lines.from[line] as number) + 1;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: the character at to is a line end in every range the reader passes
      while (content < (lines.to[line] as number) && text.charCodeAt(content) === SPACE) content++;
      if (content === lines.to[line] || text.charCodeAt(content) === HASH) { // a "#" here follows a space: isEntry
        this.position++;
        // Stryker disable next-line EqualityOperator,ConditionalExpression: past the last line indent is undefined, never > an indentation
        items.push(this.position < lines.indent.length && (lines.indent[this.position] as number) > indent ? this.node(indent) : null);
      } else {
        // "- key: value" or "- - x": the rest of the line is a node at its own column.
        lines.indent[line] = indent + content - (lines.from[line] as number);
        lines.from[line] = content;
        items.push(this.node(indent));
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const { lines, text } = this;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: past the last line indent is undefined, never equal to an indentation
    while (this.position < lines.indent.length && lines.indent[this.position] === indent) {
      const line = this.position;
      const key = this.keyAt(line) ?? fail();
      const after = this.afterKey;
      if (key === "__proto__" || Object.prototype.hasOwnProperty.call(result, key)) fail(); // duplicates are errors for `yaml`
      let value = after;
      const to = lines.to[line] as number;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: the character at to is a line end in every range the reader passes
      while (value < to && text.charCodeAt(value) === SPACE) value++;
      this.position++;
      if (value === to || text.charCodeAt(value) === HASH) { // a "#" here follows a space: keyAt
        // Stryker disable next-line EqualityOperator,ConditionalExpression: past the last line indent is undefined, which compares like -1 here
        const next = this.position < lines.indent.length ? (lines.indent[this.position] as number) : -1;
        result[key] = next > indent ? this.node(indent) : next === indent && this.isEntry(this.position) ? this.sequence(indent) : null;
      } else {
        result[key] = this.scalar(value, to);
        // Stryker disable next-line EqualityOperator,ConditionalExpression: past the last line indent is undefined, never > indent; a deeper line left unread is refused by document()
        if (this.position < lines.indent.length && (lines.indent[this.position] as number) > indent) fail();
      }
    }
    return result;
  }

  /** The key of a mapping entry on this line (then `afterKey` is the index after its ':'), or undefined when the line is no entry. */
  private keyAt(line: number): string | undefined {
    const { text } = this;
    const from = this.lines.from[line] as number;
    const to = this.lines.to[line] as number;
    const first = text.charCodeAt(from);
    if (first === QUOTE || first === APOSTROPHE) {
      const { value, end } = this.quoted(from, to);
      let colon = end;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: the character at to is a line end in every range the reader passes
      while (colon < to && text.charCodeAt(colon) === SPACE) colon++;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: only a range cut right before a ':' tells, and endOfValue refuses that quoted key first
      if (colon < to && text.charCodeAt(colon) === COLON && (colon + 1 === to || text.charCodeAt(colon + 1) === SPACE)) {
        this.afterKey = colon + 1;
        return value;
      }
      return undefined;
    }
    plainStart(text, from, to);
    for (let index = from; index < to; index++) {
      const code = text.charCodeAt(index);
      if (code === COLON && (index + 1 === to || text.charCodeAt(index + 1) === SPACE)) {
        let end = index;
        while (text.charCodeAt(end - 1) === SPACE) end--;
        this.afterKey = index + 1;
        return knownKey(text, from, end);
      }
      if (code === HASH && text.charCodeAt(index - 1) === SPACE) return undefined;
    }
    return undefined;
  }

  /** A one-line scalar from `from` (not a space) to the line's end or a comment. */
  private scalar(from: number, to: number): unknown {
    const { text } = this;
    const first = text.charCodeAt(from);
    if (first === QUOTE || first === APOSTROPHE) {
      const { value, end } = this.quoted(from, to);
      endOfValue(text, end, to);
      return value;
    }
    if (first === 91 || first === 123) { // "[]" and "{}" only
      if (text.charCodeAt(from + 1) !== first + 2) fail();
      endOfValue(text, from + 2, to);
      return first === 91 ? [] : {};
    }
    plainStart(text, from, to);
    let end = to;
    for (let index = from; index < to; index++) {
      const code = text.charCodeAt(index);
      if (code === HASH && text.charCodeAt(index - 1) === SPACE) {
        end = index;
        break;
      }
      if (code === COLON && (index + 1 === to || text.charCodeAt(index + 1) === SPACE)) fail(); // "a: b: c" is an error
    }
    while (text.charCodeAt(end - 1) === SPACE) end--;
    const value = resolvePlain(text.slice(from, end));
    if (typeof value === "number" && isJsonlessNumber(value)) this.jsonless = true;
    return value;
  }

  /** A quoted scalar that closes on this line and holds no escape; `end` is after its closing quote. */
  private quoted(from: number, to: number): { value: string; end: number } {
    const { text } = this;
    const quote = text.charCodeAt(from);
    if (quote === QUOTE) {
      const close = text.indexOf('"', from + 1);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: close is never 0 (searched after the opening quote); with none the value ends before the line and is refused anyway
      if (close < 0 || close >= to) fail();
      const value = text.slice(from + 1, close);
      if (value.includes("\\")) fail();
      return { value, end: close + 1 };
    }
    let value = "";
    let index = from + 1;
    for (;;) {
      const close = text.indexOf("'", index);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: close is never 0 (searched after the opening quote); with none the value ends before the line and is refused anyway
      if (close < 0 || close >= to) fail();
      value += text.slice(index, close);
      if (text.charCodeAt(close + 1) !== APOSTROPHE || close + 1 >= to) return { value, end: close + 1 };
      value += "'";
      index = close + 2;
    }
  }
}

/**
 * The document text[start, end) as a plain value; throws UNSUPPORTED when it needs the `yaml`
 * package. `plain`: the caller already knows the text holds no UNUSUAL character. `numbers.jsonless`
 * is set when some number read is one JSON cannot hold (isJsonlessNumber).
 */
export function readBlockDocument(text: string, start: number, end: number, plain = false, numbers?: { jsonless: boolean }): unknown {
  if (!plain && UNUSUAL.test(text.slice(start, end))) fail();
  // Stryker disable next-line MethodExpression,StringLiteral: a carriage return found past the range is never before a line's end; without one indexOf gives -1 as the flag would
  const lines = new Lines(text, start, end, text.slice(start, end).includes("\r"));
  const reader = new Reader(lines, text);
  const value = reader.document();
  if (numbers !== undefined) numbers.jsonless = reader.jsonless;
  return value;
}
