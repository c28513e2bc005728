/**
 * Calico's selector language (projectcalico.org/v3, docs "Selectors" v3.31), parsed by recursive
 * descent into a small tree and evaluated against labels. Grammar, loosest binding first:
 *
 *   expr    := and ( "||" and )*
 *   and     := unary ( "&&" unary )*
 *   unary   := "!" unary | "(" expr ")" | "all()" | "global()" | "has(" key ")" | key op
 *   op      := "==" str | "!=" str | "in" set | "not" "in" set
 *            | "contains" str | "starts" "with" str | "ends" "with" str
 *   set     := "{" ( str ( "," str )* )? "}"       str := "..." | '...'
 *
 * `k != "v"` and `k not in {...}` also hold when `k` is absent (as Calico evaluates them);
 * `contains`, `starts with` and `ends with` need the label. `global()` holds only for
 * non-namespaced resources (GlobalNetworkSets). The empty selector is `all()`.
 */
export type SelectorNode =
  | { readonly op: "all" }
  | { readonly op: "global" }
  | { readonly op: "has"; readonly key: string }
  | { readonly op: "==" | "!=" | "contains" | "starts with" | "ends with"; readonly key: string; readonly value: string }
  | { readonly op: "in" | "not in"; readonly key: string; readonly values: readonly string[] }
  | { readonly op: "!"; readonly operand: SelectorNode }
  | { readonly op: "&&" | "||"; readonly left: SelectorNode; readonly right: SelectorNode };

/** A parsed selector with the text it was written as. */
export interface CalicoSelector {
  readonly text: string;
  readonly node: SelectorNode;
}

/** What a selector is evaluated against: labels, and whether the thing is non-namespaced. */
export interface SelectorSubject {
  readonly labels: Readonly<Record<string, string>>;
  readonly global?: boolean;
}

export class SelectorSyntaxError extends Error {
  constructor(readonly position: number, readonly expected: string, text: string) {
    super(`invalid selector ${JSON.stringify(text)}: at position ${position + 1}: expected ${expected}, found ${found(text, position)}`);
    this.name = "SelectorSyntaxError";
  }
}

function found(text: string, position: number): string {
  return position >= text.length ? "the end" : JSON.stringify(text.slice(position, position + 8));
}

const KEY = /[A-Za-z0-9_./-]+/y;
const SPACE = /\s*/y;

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): SelectorNode {
    this.skip();
    if (this.at === this.text.length) return { op: "all" };
    const node = this.or();
    if (this.at !== this.text.length) this.fail("&&, || or the end");
    return node;
  }

  private or(): SelectorNode {
    let left = this.and();
    while (this.eat("||")) left = { op: "||", left, right: this.and() };
    return left;
  }

  private and(): SelectorNode {
    let left = this.unary();
    while (this.eat("&&")) left = { op: "&&", left, right: this.unary() };
    return left;
  }

  private unary(): SelectorNode {
    if (this.eat("!")) return { op: "!", operand: this.unary() };
    if (this.eat("(")) {
      const inner = this.or();
      this.expect(")");
      return inner;
    }
    if (this.eat("all(")) return this.expect(")"), { op: "all" };
    if (this.eat("global(")) return this.expect(")"), { op: "global" };
    if (this.eat("has(")) {
      const key = this.key();
      this.expect(")");
      return { op: "has", key };
    }
    return this.comparison(this.key());
  }

  private comparison(key: string): SelectorNode {
    if (this.eat("==")) return { op: "==", key, value: this.string() };
    if (this.eat("!=")) return { op: "!=", key, value: this.string() };
    if (this.word("in")) return { op: "in", key, values: this.set() };
    if (this.word("not")) return this.expectWord("in"), { op: "not in", key, values: this.set() };
    if (this.word("contains")) return { op: "contains", key, value: this.string() };
    if (this.word("starts")) return this.expectWord("with"), { op: "starts with", key, value: this.string() };
    if (this.word("ends")) return this.expectWord("with"), { op: "ends with", key, value: this.string() };
    return this.fail("an operator (==, !=, in, not in, contains, starts with, ends with)");
  }

  private set(): string[] {
    this.expect("{");
    const values: string[] = [];
    if (this.eat("}")) return values;
    do values.push(this.string());
    while (this.eat(","));
    this.expect("}");
    return values;
  }

  private string(): string {
    const quote = this.text[this.at];
    if (quote !== '"' && quote !== "'") return this.fail("a quoted string");
    const end = this.text.indexOf(quote, this.at + 1);
    // Stryker disable next-line EqualityOperator: indexOf from at + 1 >= 1 gives -1 or at least 1, never 0
    if (end < 0) return this.fail(`a closing ${quote}`, this.text.length);
    const value = this.text.slice(this.at + 1, end);
    this.at = end + 1;
    this.skip();
    return value;
  }

  private key(): string {
    KEY.lastIndex = this.at;
    const match = KEY.exec(this.text);
    if (match === null) return this.fail("a label key, all(), global(), has(...), ! or (");
    this.at += match[0].length;
    this.skip();
    return match[0];
  }

  private eat(token: string): boolean {
    if (!this.text.startsWith(token, this.at)) return false;
    this.at += token.length;
    this.skip();
    return true;
  }

  /** A word operator: followed by a non-key character, so `key in` is not `key inx`. */
  private word(token: string): boolean {
    // Stryker disable next-line StringLiteral: at the end, "" and " " are both not key characters
    const next = this.text[this.at + token.length] ?? " ";
    if (!this.text.startsWith(token, this.at) || /[A-Za-z0-9_./-]/.test(next)) return false;
    return this.eat(token);
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(JSON.stringify(token));
  }

  private expectWord(token: string): void {
    if (!this.word(token)) this.fail(JSON.stringify(token));
  }

  private skip(): void {
    SPACE.lastIndex = this.at;
    this.at += (SPACE.exec(this.text) as RegExpExecArray)[0].length;
  }

  private fail(expected: string, position = this.at): never {
    throw new SelectorSyntaxError(position, expected, this.text);
  }
}

/** Parses a Calico selector; throws SelectorSyntaxError naming the position (1-based) and what was expected. */
export function parseCalicoSelector(text: string): CalicoSelector {
  return Object.freeze({ text, node: new Parser(text).parse() });
}

export function selectorHolds(node: SelectorNode, subject: SelectorSubject): boolean {
  const { labels } = subject;
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);
  switch (node.op) {
    case "all":
      return true;
    case "global":
      return subject.global === true;
    case "has":
      return has(node.key);
    case "==":
      return has(node.key) && labels[node.key] === node.value;
    case "!=":
      return !has(node.key) || labels[node.key] !== node.value;
    case "in":
      return has(node.key) && node.values.includes(labels[node.key]);
    case "not in":
      return !has(node.key) || !node.values.includes(labels[node.key]);
    case "contains":
      return has(node.key) && labels[node.key].includes(node.value);
    case "starts with":
      return has(node.key) && labels[node.key].startsWith(node.value);
    case "ends with":
      return has(node.key) && labels[node.key].endsWith(node.value);
    case "!":
      return !selectorHolds(node.operand, subject);
    case "&&":
      return selectorHolds(node.left, subject) && selectorHolds(node.right, subject);
    case "||":
      return selectorHolds(node.left, subject) || selectorHolds(node.right, subject);
  }
}

export function calicoSelectorMatches(selector: CalicoSelector, subject: SelectorSubject): boolean {
  return selectorHolds(selector.node, subject);
}
