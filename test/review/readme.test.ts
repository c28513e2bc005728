// README.md's example review comment is generated from a fixture change (dev + one egressAllowList
// entry) by the review's own code. Set UPDATE_REFERENCE=1 to rewrite it; otherwise any drift fails here.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { reviewStack } from "../../cli/review/analyse";
import { reviewBody } from "../../cli/review/body";
import { EXTRA_EGRESS, PROJECT_DIR, rawStack, side, withEgress } from "./fixtures";

const UPDATE = process.env.UPDATE_REFERENCE === "1";
const README = path.join(PROJECT_DIR, "README.md");
const BEGIN = "<!-- review-example:begin -->";
const END = "<!-- review-example:end -->";

/** The comment for the fixture change, as a Markdown block quote (it renders as it would in the pull request). */
function exampleComment(): string {
  const review = reviewStack({ stack: "dev", base: side(rawStack("dev"), "dev"), head: side(withEgress(rawStack("dev"), EXTRA_EGRESS), "dev") }, { engine: "fast", failOn: "added" });
  const body = reviewBody([review], { base: "`main` (merge base `1a2b3c4`)", command: "npm run review -- --stack dev" });
  return body.trimEnd().split("\n").map((line) => (line === "" ? ">" : `> ${line}`)).join("\n");
}

function withExample(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, `README.md needs the ${BEGIN} and ${END} markers`);
  return `${readme.slice(0, start + BEGIN.length)}\n${exampleComment()}\n${readme.slice(end)}`;
}

describe("README: the example review comment", function () {
  this.timeout(20000);

  before(() => {
    if (UPDATE) fs.writeFileSync(README, withExample(fs.readFileSync(README, "utf8")));
  });

  it("is what review prints for dev plus one egressAllowList entry (UPDATE_REFERENCE=1 rewrites it)", () => {
    const readme = fs.readFileSync(README, "utf8");
    assert.equal(readme, withExample(readme));
  });

  it("shows the one new flow, the policy that opens it, and the intent still matching", () => {
    const comment = exampleComment();
    assert.match(comment, /^> ### `dev`: ⚠️ 1 connection added: needs a security review$/m);
    assert.match(comment, /^> \| `bank-backend\/backend` \| `192\.0\.2\.0\/24` \| \*\*TCP 443\*\* \|/m);
    assert.match(comment, /✅ matches/);
    assert.match(comment, /^> ```mermaid$/m);
  });
});
