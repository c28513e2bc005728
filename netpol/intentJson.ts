/**
 * The shape a generated JSON intent has, scanned straight into a table (netpol/intentTable.ts)
 * without JSON.parse's object graph: `{"eachSide": …, "flows": [{"from": "…", "to": "…", "ports":
 * ["…", …]}, …]}`, keys in any order, JSON whitespace anywhere. Each distinct peer text and port
 * list is parsed once, by parseIntent's own functions. At 877,438 flows this is a fraction of
 * JSON.parse, the duplicate-key count, the checks per flow and the collection of the parsed text.
 *
 * Anything else gives undefined, and parseIntent reads the text: a kubernetesLayer, another key,
 * a key written twice, an escape or a control character in a string, a value of another type, a
 * peer or port list with a problem, two CIDRs in one flow, text after the intent. So what this
 * returns is exactly what parseIntent returns (test/netpol/core/intentJson.test.ts).
 */
import { ConnectionSet } from "./connections";
import { IntentPeer, parsePeer, parsePorts } from "./intent";
import { IntentTable, portRanges } from "./intentTable";

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
/** A character JSON forbids raw in a string, or a backslash (an escape): left to parseIntent. */
const UNPLAIN = /[\u0000-\u001f\\]/;

/** Thrown (and caught below) wherever the text leaves the shape. */
const OFF_SHAPE = new Error("off the shape");

class Scanner {
  private index = 0;

  constructor(private readonly text: string) {}

  /** The next character after JSON whitespace (a CR only before an LF: a lone one is a YAML line break). */
  peek(): number {
    const { text } = this;
    for (;;) {
      const code = text.charCodeAt(this.index);
      if (code === SPACE || code === TAB || code === LF) this.index++;
      else if (code === CR && text.charCodeAt(this.index + 1) === LF) this.index += 2;
      else return code;
    }
  }

  take(code: number): void {
    if (this.peek() !== code) throw OFF_SHAPE;
    this.index++;
  }

  /** After the first item: a comma and another item (true) or the closing character (false). */
  more(close: number): boolean {
    const code = this.peek();
    this.index++;
    if (code === COMMA) return true;
    if (code === close) return false;
    throw OFF_SHAPE;
  }

  /** A string's text, unchecked: see `plain`. */
  string(): string {
    this.take(QUOTE);
    const end = this.text.indexOf('"', this.index);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an unterminated string sends the scan back to the text's first "{", which no value takes: off the shape all the same
    if (end < 0) throw OFF_SHAPE;
    const value = this.text.slice(this.index, end);
    this.index = end + 1;
    return value;
  }

  /** The raw text of an array of strings, from `[` to `]`: parsed when first seen (`strings`). */
  rawArray(): string {
    this.take(OPEN_BRACKET);
    const start = this.index - 1;
    const end = this.text.indexOf("]", this.index);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an unterminated list is read as "", which is no list: off the shape all the same
    if (end < 0) throw OFF_SHAPE;
    this.index = end + 1;
    return this.text.slice(start, end + 1);
  }

  boolean(): boolean {
    const { text } = this;
    this.peek();
    if (text.startsWith("true", this.index)) {
      this.index += 4;
      return true;
    }
    if (text.startsWith("false", this.index)) {
      this.index += 5;
      return false;
    }
    throw OFF_SHAPE;
  }

  /** Nothing but whitespace is left. */
  end(): void {
    this.peek();
    if (this.index !== this.text.length) throw OFF_SHAPE;
  }
}

/** A string as JSON.parse reads it, when it holds no escape and no control character. */
function plain(text: string): string {
  if (UNPLAIN.test(text)) throw OFF_SHAPE;
  return text;
}

/** The strings of a raw array (`["TCP/80", "all"]`), each plain. */
function strings(raw: string): string[] {
  const scanner = new Scanner(raw);
  scanner.take(OPEN_BRACKET);
  const values: string[] = [];
  // Stryker disable next-line ConditionalExpression: an empty list read as a string is off the shape, as an empty list of ports is
  if (scanner.peek() !== CLOSE_BRACKET) {
    do values.push(plain(scanner.string()));
    while (scanner.more(CLOSE_BRACKET));
  } else scanner.take(CLOSE_BRACKET);
  scanner.end();
  return values;
}

/** The table parseIntent(text) would give, or undefined when the text is not of the shape above. */
export function scanIntentJson(text: string): IntentTable | undefined {
  // Stryker disable BlockStatement,ConditionalExpression: nothing else is thrown (parsePeer and parsePorts report through `problem`, which throws OFF_SHAPE)
  try {
    return scan(text);
  } catch (error) {
    if (error === OFF_SHAPE) return undefined;
    throw error;
  }
  // Stryker restore BlockStatement,ConditionalExpression
}

function scan(text: string): IntentTable {
  const scanner = new Scanner(text);
  const peers: IntentPeer[] = [];
  const peerIndex = new Map<string, number>();
  const ports: ConnectionSet[] = [];
  const portsIndex = new Map<string, number>();
  const problem = (): never => {
    throw OFF_SHAPE;
  };
  const peer = (): number => {
    const written = scanner.string();
    let index = peerIndex.get(written);
    if (index === undefined) {
      const parsed = parsePeer(plain(written), "", problem) as IntentPeer; // parsePeer reports every undefined
      peerIndex.set(written, (index = peers.length));
      peers.push(parsed);
    }
    return index;
  };
  const portList = (): number => {
    const written = scanner.rawArray();
    let index = portsIndex.get(written);
    if (index === undefined) {
      const parsed = parsePorts(strings(written), problem) as ConnectionSet;
      portsIndex.set(written, (index = ports.length));
      ports.push(parsed);
    }
    return index;
  };
  let flows = new Int32Array(3 * 1024);
  let count = 0;
  const flow = (): void => {
    let from = -1;
    let to = -1;
    let portsAt = -1;
    scanner.take(OPEN_BRACE);
    do {
      const key = scanner.string();
      scanner.take(COLON);
      if (key === "from" && from < 0) from = peer();
      else if (key === "to" && to < 0) to = peer();
      else if (key === "ports" && portsAt < 0) portsAt = portList();
      else throw OFF_SHAPE;
    } while (scanner.more(CLOSE_BRACE));
    if (from < 0 || to < 0 || portsAt < 0) throw OFF_SHAPE;
    if ((peers[from] as IntentPeer).kind === "cidr" && (peers[to] as IntentPeer).kind === "cidr") throw OFF_SHAPE;
    if (3 * count === flows.length) {
      const grown = new Int32Array(flows.length * 2);
      grown.set(flows);
      flows = grown;
    }
    flows[3 * count] = from;
    flows[3 * count + 1] = to;
    flows[3 * count + 2] = portsAt;
    count++;
  };
  let eachSide: boolean | undefined;
  let listed = false;
  scanner.take(OPEN_BRACE);
  do {
    const key = scanner.string();
    scanner.take(COLON);
    if (key === "eachSide" && eachSide === undefined) eachSide = scanner.boolean();
    else if (key === "flows" && !listed) {
      listed = true;
      scanner.take(OPEN_BRACKET);
      if (scanner.peek() === CLOSE_BRACKET) scanner.take(CLOSE_BRACKET);
      else do flow();
      while (scanner.more(CLOSE_BRACKET));
    } else throw OFF_SHAPE;
  } while (scanner.more(CLOSE_BRACE));
  scanner.end();
  if (!listed) throw OFF_SHAPE;
  return {
    peers,
    ports: ports.map(portRanges),
    flows: flows.slice(0, 3 * count),
    eachSide: eachSide ?? false,
  };
}
