/**
 * The streamed reader itself: documents split at `---` lines and read one by one as soon as the
 * next `---` line arrives (see index.ts for what it promises and how).
 */
import { StringDecoder } from "string_decoder";
import { Document, parseAllDocuments } from "yaml";
import { ProblemCollector } from "../errors";
import { isRecord, YAML_OPTIONS } from "../parse";
import { readBlockDocument, UNUSUAL, UNSUPPORTED } from "./blockYaml";
import { readJson } from "./json";
import { pruneForModel, stubOf } from "./prune";
import { setSource } from "./sources";

export interface ReadOptions {
  /** Keep only what the model reads (default): objects of other kinds are counted in `skipped`, not returned. */
  readonly prune?: boolean;
  /**
   * With `prune`: keep each object of another kind as a stub of its apiVersion and kind (also
   * counted in `skipped`), so that every object keeps its position (the model names an unnamed
   * object by it: "Pod #7") and the input summary still counts and warns about every kind.
   */
  readonly stubs?: boolean;
  /**
   * Each object (or stub) handed over as soon as its document has been read, instead of kept in
   * `objects` (which end() then returns empty): the caller builds from it and drops it. When
   * end() throws, discard what was handed over (malformed input is read again whole, and handed
   * over again).
   */
  readonly onObject?: (object: Record<string, unknown>, sourced: boolean, json: boolean) => void;
  /**
   * false: leave each object without its source (streamedSource), and tell onObject instead
   * whether it would have one (`sourced`: stubs have none); onObject is also told whether JSON
   * holds the object exactly (`json`: its document was read by the block reader and holds no
   * number JSON cannot: ±Infinity, NaN, -0). For a caller that hands the source over beside the
   * object (the reading threads: a posted object loses it anyway, and setting it costs 0.1 s at
   * 150,000 pods).
   */
  readonly setSources?: boolean;
  /**
   * Read document by document or not at all: where the reader would read the rest of the input
   * whole (one JSON value, directives or `...` lines, malformed YAML read again for its
   * problems) or hold a document longer than `maxDocumentChars`, it throws NotStreamable. For a
   * reader whose memory must stay bounded (cli/netpol/readThread.ts); it keeps no copy of the text.
   */
  readonly streamOnly?: { readonly maxDocumentChars: number };
}

/** A streamOnly reader met input it reads only whole (see ReadOptions.streamOnly). */
export class NotStreamable extends Error {
  constructor(reason: string) {
    super(`not readable document by document: ${reason}`);
    this.name = "NotStreamable";
  }
}

export interface ManifestRead {
  /** The objects, `List`s and top-level arrays flattened, in input order. */
  readonly objects: readonly Record<string, unknown>[];
  /** Documents read (empty ones included). */
  readonly documents: number;
  /** Objects left out because the model does not read their kind: kind -> count. */
  readonly skipped: ReadonlyMap<string, number>;
}

/** A line `---` (alone, or before a space, a tab or the line's end) at `index`, which starts a line. */
function isMarker(text: string, index: number): boolean {
  return text.startsWith("---", index) && endsMarker(text.charCodeAt(index + 3));
}

/** What may follow `---` on a `---` line: nothing (NaN: the input ends), a space, a tab, a line end. Of text or of bytes alike. */
export function endsMarker(code: number): boolean {
  return Number.isNaN(code) || code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * What makes the `yaml` package read the rest of the stream itself: directives, `...` document
 * ends, a carriage return that is not part of a CRLF (YAML reads it as a line break), and a
 * byte order mark past the first character.
 */
const CAREFUL = /(^|\n)(%|\.\.\.([ \t\r\n]|$))|\r(?!\n)|\ufeff/;

/** A line before any document that begins none: empty, or a comment after spaces only. */
const LEADING = /^( *#[^\r]*)?\r?$/;

function oneLine(message: string): string {
  // Stryker disable next-line MethodExpression: the first line of the yaml package's messages has no surrounding spaces
  return (message.split("\n")[0] as string).trim().replace(/:$/, "");
}

export class ManifestReader {
  private problems = new ProblemCollector();
  private objects: Record<string, unknown>[] = [];
  private skipped = new Map<string, number>();
  /**
   * All the text, kept to read again when some document is malformed: the `yaml` package
   * sometimes charges an error to the document before (a stray "]" after a `---`), so only
   * reading the whole text as parseManifestText does names the same documents.
   */
  private readonly text: string[] = [];
  private malformed = false;
  private readonly prune: boolean;
  private readonly stubs: boolean;
  private readonly keep: (object: Record<string, unknown>, sourced: boolean, json: boolean) => void;
  private readonly setSources: boolean;
  /** Whether JSON holds every value of the document being read exactly (onObject's `json`). */
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: set for every document before its objects are handed over
  private readonly numbers = { jsonless: false };
  private readonly streamOnly: ReadOptions["streamOnly"];
  private writes = 0;
  // Stryker disable next-line StringLiteral: Node's StringDecoder defaults to UTF-8
  private readonly decoder = new StringDecoder("utf8");
  /** Text not read yet; it starts at a document's first line (or the stream's). */
  private pending = "";
  private documents = 0;
  /** Whether a document is open, beginning at pending[0] (by content or a `---`): leading comments and blank lines begin none. */
  private begun = false;
  /** JSON (first character `{` or `[`) or a directive / `...` seen: everything from here on is read at the end. */
  private whole: "json" | "yaml" | undefined;
  private sawText = false;

  constructor(private readonly source: string, options: ReadOptions = {}) {
    this.prune = options.prune ?? true;
    this.stubs = options.stubs ?? false;
    this.keep = options.onObject ?? ((object) => this.objects.push(object));
    this.setSources = options.setSources ?? true;
    this.streamOnly = options.streamOnly;
  }

  /** More input: a string, or bytes (UTF-8; a character split between chunks is joined). */
  write(chunk: string | Buffer): void {
    // Stryker disable next-line ConditionalExpression,StringLiteral: StringDecoder.write returns a string argument unchanged
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    if (this.streamOnly === undefined) this.text.push(text);
    this.pending += text;
    // Stryker disable next-line ConditionalExpression: a later BOM is at pending's start only after blank text; yaml ignores it at a document's start
    if (++this.writes === 1 && this.pending.startsWith("\ufeff")) this.pending = this.pending.slice(1); // as `yaml` ignores it
    // Stryker disable next-line ConditionalExpression: pending starts at the first line or a --- line, so its first non-space character never turns into { or [
    if (!this.sawText) {
      const first = this.pending.search(/\S/); // a byte order mark counts as space here
      if (first < 0) return;
      // Stryker disable next-line BooleanLiteral: pending starts at the first line or a --- line, so its first non-space character never turns into { or [
      this.sawText = true;
      if (this.pending[first] === "{" || this.pending[first] === "[") this.whole = "json";
    }
    if (this.whole === "json" && this.streamOnly !== undefined) throw new NotStreamable("one JSON value");
    if (this.whole === undefined) this.readComplete();
    if (this.streamOnly !== undefined && this.pending.length > this.streamOnly.maxDocumentChars) {
      throw new NotStreamable(`a document longer than ${this.streamOnly.maxDocumentChars} characters`);
    }
  }

  /** The objects read; throws NetpolInputError listing every problem. */
  end(): ManifestRead {
    const rest = this.decoder.end(); // a character cut short at the end: at most a few code units
    this.text.push(rest);
    this.pending += rest;
    if (this.whole === "json") {
      const json = readJson(this.pending);
      if (json !== undefined) {
        this.documents = 1;
        this.numbers.jsonless = true; // not looked at: JSON.parse gives -0 and Infinity too ("-0", "1e999")
        this.flatten(json.value, "document 1");
      } else {
        this.whole = "yaml";
      }
    }
    if (this.whole === undefined) this.readDocuments(this.pending.length, true);
    if (this.whole === "yaml") this.readWithYaml(this.pending);
    // Stryker disable next-line StringLiteral: nothing reads pending after end()
    this.pending = "";
    if (this.malformed) this.readAgainWithYaml();
    this.problems.throwIfAny();
    return { objects: this.objects, documents: this.documents, skipped: this.skipped };
  }

  /** Reads the documents that a later (complete) `---` line has closed. */
  private readComplete(): void {
    const text = this.pending;
    // Stryker disable next-line StringLiteral: only how far back the last complete --- line is looked for; what is left unread is read at end()
    let marker = text.lastIndexOf("\n---");
    // Stryker disable next-line StringLiteral,EqualityOperator: only how far back the last complete --- line is looked for; what is left unread is read at end()
    while (marker >= 0 && !(marker + 4 < text.length && isMarker(text, marker + 1))) marker = marker === 0 ? -1 : text.lastIndexOf("\n---", marker - 1);
    // Stryker disable next-line EqualityOperator: a --- line's \n is never at 0; what is left unread is read at end() anyway
    if (marker >= 0) this.readDocuments(marker + 2, false); // past the `---` line's start: the document before it is closed
  }

  /**
   * Reads pending[0, limit) document by document (`last`: the input ends at `limit`), keeping
   * the open document's text in `pending`. As the `yaml` package counts documents: a `---`
   * line begins one, and so does content outside any; leading comments and blank lines do not.
   */
  private readDocuments(limit: number, last: boolean): void {
    const text = this.pending;
    let start = this.begun ? 0 : this.skipLeading(text, limit);
    if (start < 0) return this.fallBack(0);
    if (start < limit) this.begun = true;
    // Checked once for the whole range (each document begins and ends at a line's start): most chunks need no document checked again.
    // Stryker disable next-line ConditionalExpression,MethodExpression: each document is then checked on its own (readDocument, readBlockDocument), with the same result
    const plain = !CAREFUL.test(text.slice(start, limit)) && !UNUSUAL.test(text.slice(start, limit));
    // Stryker disable next-line EqualityOperator: nextMarker returns -1 or a position after a line feed, never 0
    for (let marker = this.nextMarker(text, start + 1, limit); marker >= 0; marker = this.nextMarker(text, start + 1, limit)) {
      if (!this.readDocument(text, start, marker, plain)) return this.fallBack(start);
      start = marker;
    }
    if (last && this.begun && !this.readDocument(text, start, limit, plain)) return this.fallBack(start);
    this.pending = text.slice(start);
  }

  /**
   * Past the leading comments and empty lines: where the first document begins (or `limit`);
   * -1 when a leading line is anything else that holds no content (spaces, tabs, a lone
   * carriage return), where `yaml` has readings of its own.
   */
  private skipLeading(text: string, limit: number): number {
    let position = 0;
    // Stryker disable next-line EqualityOperator: a last pass at limit reads an empty line, a leading one
    while (position < limit) {
      let lineEnd = text.indexOf("\n", position);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the only line past limit is the --- line readComplete stops in, no leading line either way
      if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
      const line = text.slice(position, lineEnd);
      // Stryker disable next-line MethodExpression: a leading line ending in a lone CR ends the stream; "\r" and "# c\r" read as nothing either way
      if (line.endsWith("\r") && text.charCodeAt(lineEnd) !== 10) return -1; // a lone carriage return
      if (!LEADING.test(line)) return line.trim() === "" || /^[ \t]*#/.test(line) ? -1 : position;
      position = lineEnd + 1;
    }
    return limit;
  }

  /** The start of the next `---` line at or after `from` and before `limit`, or -1. */
  private nextMarker(text: string, from: number, limit: number): number {
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: \n--- is never at 0 nor at limit (pending starts at a --- line or after leading lines)
    for (let index = text.indexOf("\n---", from - 1); index >= 0 && index + 1 < limit; index = text.indexOf("\n---", index + 1)) {
      if (isMarker(text, index + 1)) return index + 1;
    }
    return -1;
  }

  /** From pending[start]: the `yaml` package reads the rest of the input. */
  private fallBack(start: number): void {
    if (this.streamOnly !== undefined) throw new NotStreamable("directives, `...` lines or unusual leading lines");
    this.pending = this.pending.slice(start);
    this.whole = "yaml";
  }

  /**
   * One document, text[start, end) (its `---` line included): false when it holds a directive
   * or a `...` line, which only the `yaml` package reading on from here gets right. `plain`: the
   * caller found neither those nor unusual characters anywhere around it.
   */
  private readDocument(text: string, start: number, end: number, plain: boolean): boolean {
    if (!plain && CAREFUL.test(text.slice(start, end))) return false;
    const where = `document ${++this.documents}`;
    let bodyStart = start;
    if (isMarker(text, start)) {
      const markerEnd = text.indexOf("\n", start);
      // Stryker disable next-line EqualityOperator: a --- line's line feed is never at 0
      const lineEnd = markerEnd < 0 ? end : markerEnd; // a later `---` line, the only other end, is past it
      const rest = text.slice(start + 3, lineEnd).trim();
      bodyStart = Math.min(lineEnd + 1, end);
      if (rest !== "" && !rest.startsWith("#")) return this.readOneWithYaml(text, start, end, where);
    }
    let value: unknown;
    try {
      value = readBlockDocument(text, bodyStart, end, plain, this.numbers);
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: readBlockDocument throws nothing else
      if (error !== UNSUPPORTED) throw error;
      return this.readOneWithYaml(text, start, end, where);
    }
    this.flatten(value, where);
    return true;
  }

  /**
   * One document by the `yaml` package, with the next `---` line as its context. An error in it
   * makes the whole input be read again (readAgainWithYaml), which names its line in the input.
   */
  private readOneWithYaml(text: string, start: number, end: number, where: string): true {
    const nextLine = text.indexOf("\n", end);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,MethodExpression: the last document is always alone in pending (start 0): every variant passes the same document first
    const context = end < text.length && isMarker(text, end) ? text.slice(start, nextLine < 0 ? text.length : nextLine + 1) : text.slice(start, end);
    const document = [...parseAllDocuments(context, YAML_OPTIONS)][0] as Document.Parsed | undefined;
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: a document sent to yaml has content, so yaml always gives one; the check is for the type checker
    if (document === undefined) return true; // a `---` line alone is an empty document: nothing to read
    this.convert(document, where);
    return true;
  }

  /** Malformed input: everything read again by the `yaml` package, for exactly parseManifestText's problems. */
  private readAgainWithYaml(): void {
    // Stryker disable next-line ArrayDeclaration: a malformed input always throws its problems; the objects are never returned
    [this.problems, this.objects, this.skipped, this.documents] = [new ProblemCollector(), [], new Map<string, number>(), 0];
    this.readWithYaml(this.text.join(""));
  }

  /** Everything from `text` on, by the `yaml` package as parseManifestText reads it. */
  private readWithYaml(text: string): void {
    for (const document of parseAllDocuments(text, YAML_OPTIONS)) this.convert(document as Document.Parsed, `document ${++this.documents}`);
  }

  /** A problem here marks the input malformed: the problems reported are those of reading it all again (readAgainWithYaml). */
  private convert(document: Document.Parsed, where: string): void {
    this.numbers.jsonless = true; // not looked at: the yaml package's values, which may be anything
    const error = document.errors[0];
    if (error !== undefined && this.streamOnly !== undefined) throw new NotStreamable("malformed YAML");
    if (error !== undefined) {
      this.malformed = true;
      // The first error is the cause; later ones are usually its echoes.
      this.problems.add(this.source, where, `malformed YAML/JSON: ${oneLine(error.message)}`);
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 1000 });
    } catch (thrown) {
      if (this.streamOnly !== undefined) throw new NotStreamable("malformed YAML");
      // An alias to no anchor, or one expanding past maxAliasCount: toJS throws (parseManifestText lets it escape).
      // Stryker disable next-line BooleanLiteral: an alias error names the same document and message read again or not
      this.malformed = true;
      this.problems.add(this.source, where, `malformed YAML/JSON: ${oneLine(thrown instanceof Error ? thrown.message : String(thrown))}`);
      return;
    }
    this.flatten(value, where);
  }

  /** As parseManifestText: top-level arrays and `*List`s with items flattened, every object checked to be a mapping. */
  private flatten(value: unknown, where: string): void {
    // Stryker disable next-line ConditionalExpression: no reader gives undefined (YAML's empty document is null, JSON has none)
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.flatten(item, `${where} item ${index + 1}`));
      return;
    }
    if (!isRecord(value)) {
      this.problems.add(this.source, where, `expected a Kubernetes object (a mapping), got ${typeof value}`);
      return;
    }
    const kind = value["kind"];
    if (typeof kind === "string" && kind.endsWith("List") && "items" in value) {
      const items = value["items"];
      if (!Array.isArray(items)) this.problems.add(this.source, where, `${kind} has "items" that is not a list`);
      else items.forEach((item, index) => this.flatten(item, `${where} ${kind} item ${index + 1}`));
      return;
    }
    const kept = this.prune ? pruneForModel(value) : value;
    if (kept === undefined) {
      const name = typeof kind === "string" ? kind : "(no kind)";
      this.skipped.set(name, (this.skipped.get(name) ?? 0) + 1);
      if (this.stubs) this.keep(stubOf(value), false, !this.numbers.jsonless);
      return;
    }
    if (this.setSources) setSource(kept, this.source);
    this.keep(kept, true, !this.numbers.jsonless);
  }
}

