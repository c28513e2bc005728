/** The list of equivalent mutants is read from the source's Stryker directives, and the committed page matches it. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { collect, directivesIn, DOC, formatList } from "../../scripts/mutation-equivalents";

const REPO = path.resolve(__dirname, "../..");

describe("scripts/mutation-equivalents", () => {
  it("reads next-line directives and disable/restore regions with their reasons", () => {
    const text = [
      "const a = 1;",
      "// Stryker disable next-line ConditionalExpression,EqualityOperator: a cache miss recomputes the same row",
      "if (cached === undefined) x();",
      "  // Stryker disable BlockStatement: unreachable, the caller checked it",
      "  throw new Error();",
      "  throw new Error();",
      "  // Stryker restore BlockStatement",
    ].join("\n");
    assert.deepEqual(directivesIn("netpol/x.ts", text), {
      directives: [
        { file: "netpol/x.ts", from: 3, to: 3, mutators: ["ConditionalExpression", "EqualityOperator"], reason: "a cache miss recomputes the same row" },
        { file: "netpol/x.ts", from: 5, to: 6, mutators: ["BlockStatement"], reason: "unreachable, the caller checked it" },
      ],
      problems: [],
    });
  });

  it("refuses a directive without a reason, a region never restored, and a restore without its disable", () => {
    const { problems } = directivesIn("netpol/x.ts", [
      "// Stryker disable next-line StringLiteral",
      "// Stryker disable next-line StringLiteral:   ",
      "// Stryker restore Regex",
      "// Stryker disable all: a region",
    ].join("\n"));
    assert.deepEqual(problems, [
      'netpol/x.ts:1: a "Stryker disable" without a reason (write ": why no test can tell" after the mutators)',
      'netpol/x.ts:2: a "Stryker disable" without a reason (write ": why no test can tell" after the mutators)',
      'netpol/x.ts:3: "restore Regex" without a "disable" of the same mutators before it',
      'netpol/x.ts:4: "disable all" is never restored (it would ignore the rest of the file)',
    ]);
  });

  it("lists one line per directive, by folder", () => {
    const page = formatList([
      { file: "netpol/fast/a.ts", from: 3, to: 3, mutators: ["ConditionalExpression"], reason: "same answer, slower" },
      { file: "netpol/fast/a.ts", from: 9, to: 12, mutators: ["BlockStatement", "StringLiteral"], reason: "unreachable" },
      { file: "netpol/stream/b.ts", from: 7, to: 7, mutators: ["Regex"], reason: "the yaml package reads it alike" },
    ]);
    assert.match(page, /\n## netpol\/fast\/ \(2\)\n\n- netpol\/fast\/a\.ts:3 — ConditionalExpression — same answer, slower\n- netpol\/fast\/a\.ts:9–12 — BlockStatement, StringLiteral — unreachable\n\n## netpol\/stream\/ \(1\)\n/);
    assert.match(page, /^3 directives\.$/m);
  });

  it(`${DOC} is the list the source's directives give (npm run mutation:equivalents rewrites it)`, () => {
    const { directives, problems } = collect(REPO);
    assert.deepEqual(problems, []);
    assert.equal(fs.readFileSync(path.join(REPO, DOC), "utf8"), formatList(directives), `${DOC} is stale: run npm run mutation:equivalents`);
  });
});
