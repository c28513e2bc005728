// A small, strict parser and evaluator for the Calico selector expressions we write
// (docs.tigera.io, "Selectors", v3.31): `k == "v"`, `k != "v"`, `k in {"a", "b"}`,
// `k not in {...}`, `has(k)`, `all()`, `!`, `&&`, `||` and parentheses; strings in single or
// double quotes. TEST-SIDE STAND-IN: the analyzer has no Calico selector parser yet; when it has
// one, these tests should use it instead. Strict on purpose: a missing `,` between set members or
// a missing `&&` between terms is a syntax error (Calico rejects both), so such a slip fails here.

export type Labels = Readonly<Record<string, string>>;
export type Predicate = (labels: Labels) => boolean;

export class CalicoSelectorSyntaxError extends Error {
  constructor(selector: string, position: number, expected: string) {
    super(`calico selector ${JSON.stringify(selector)}: expected ${expected} at ${position}`);
    this.name = "CalicoSelectorSyntaxError";
  }
}

type Token =
  | { readonly kind: "string"; readonly value: string; readonly at: number }
  | { readonly kind: "word"; readonly value: string; readonly at: number }
  | { readonly kind: "symbol"; readonly value: string; readonly at: number }
  | { readonly kind: "end"; readonly value: ""; readonly at: number };

const SYMBOLS = ["&&", "||", "==", "!=", "!", "(", ")", "{", "}", ","];
const WORD = /^[A-Za-z0-9_./-]+/;

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < selector.length) {
    const rest = selector.slice(at);
    if (/^\s/.test(rest)) {
      at++;
      continue;
    }
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      const end = selector.indexOf(quote, at + 1);
      if (end < 0) throw new CalicoSelectorSyntaxError(selector, at, "a closing quote");
      tokens.push({ kind: "string", value: selector.slice(at + 1, end), at });
      at = end + 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => rest.startsWith(s));
    if (symbol !== undefined) {
      tokens.push({ kind: "symbol", value: symbol, at });
      at += symbol.length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word === null) throw new CalicoSelectorSyntaxError(selector, at, "a label key, string or operator");
    tokens.push({ kind: "word", value: word[0], at });
    at += word[0].length;
  }
  tokens.push({ kind: "end", value: "", at });
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly selector: string, private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    return this.tokens[this.index++] as Token;
  }

  private fail(expected: string): never {
    throw new CalicoSelectorSyntaxError(this.selector, this.peek().at, expected);
  }

  private accept(kind: Token["kind"], value?: string): Token | undefined {
    const token = this.peek();
    if (token.kind !== kind || (value !== undefined && token.value !== value)) return undefined;
    return this.next();
  }

  private expect(kind: Token["kind"], value?: string): Token {
    return this.accept(kind, value) ?? this.fail(value ?? kind);
  }

  parse(): Predicate {
    const predicate = this.or();
    this.expect("end");
    return predicate;
  }

  private or(): Predicate {
    const terms = [this.and()];
    while (this.accept("symbol", "||")) terms.push(this.and());
    return terms.length === 1 ? (terms[0] as Predicate) : (labels) => terms.some((term) => term(labels));
  }

  private and(): Predicate {
    const terms = [this.unary()];
    while (this.accept("symbol", "&&")) terms.push(this.unary());
    return terms.length === 1 ? (terms[0] as Predicate) : (labels) => terms.every((term) => term(labels));
  }

  private unary(): Predicate {
    if (this.accept("symbol", "!")) {
      const inner = this.unary();
      return (labels) => !inner(labels);
    }
    if (this.accept("symbol", "(")) {
      const inner = this.or();
      this.expect("symbol", ")");
      return inner;
    }
    const word = this.expect("word").value;
    if (word === "all" || word === "global" || word === "has") return this.call(word);
    return this.comparison(word);
  }

  private call(name: string): Predicate {
    this.expect("symbol", "(");
    if (name === "has") {
      const key = this.expect("word").value;
      this.expect("symbol", ")");
      return (labels) => Object.prototype.hasOwnProperty.call(labels, key);
    }
    this.expect("symbol", ")");
    return () => true;
  }

  private comparison(key: string): Predicate {
    const value = (labels: Labels): string | undefined => (Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined);
    if (this.accept("symbol", "==")) {
      const expected = this.expect("string").value;
      return (labels) => value(labels) === expected;
    }
    if (this.accept("symbol", "!=")) {
      const expected = this.expect("string").value;
      return (labels) => value(labels) !== expected;
    }
    if (this.accept("word", "not")) {
      this.expect("word", "in");
      const members = this.set();
      return (labels) => !members.includes(value(labels) as string);
    }
    if (this.accept("word", "in")) {
      const members = this.set();
      return (labels) => members.includes(value(labels) as string);
    }
    return this.fail("==, !=, in or not in");
  }

  /** `{"a", "b"}`: members separated by exactly one comma each. */
  private set(): string[] {
    this.expect("symbol", "{");
    const members: string[] = [];
    if (this.accept("symbol", "}")) return members;
    members.push(this.expect("string").value);
    while (this.accept("symbol", ",")) members.push(this.expect("string").value);
    this.expect("symbol", "}");
    return members;
  }
}

/** Parse a selector; throws CalicoSelectorSyntaxError. An empty selector is refused (we never mean all() by omission). */
export function parseCalicoSelector(selector: string): Predicate {
  return new Parser(selector, tokenize(selector)).parse();
}
