/** The review of one stack (pure): verdicts, exit codes, and the comment body, from in-process renders. */
import { strict as assert } from "assert";
import { renderedObjects, reviewStack } from "../../cli/review/analyse";
import { buildModel, connectionReport } from "../../netpol";
import { COMMENT_LIMIT, REVIEW_MARKER, reviewBody } from "../../cli/review/body";
import { StackReview } from "../../cli/review/types";
import { EXTRA_EGRESS, rawStack, side, withEgress, withFile } from "./fixtures";

const OPTIONS = { engine: "fast" as const, failOn: "added" as const };
const CONTEXT = { base: "`main` (merge base `1a2b3c4`)", command: "npm run review -- --stack dev" };

const OPEN_DATABASE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: open-database, namespace: bank-database}
spec: {podSelector: {}, ingress: [{}]}
`;

function changes(review: StackReview): string[] {
  return (review.diff?.changes ?? []).map((change) => `${change.from} => ${change.to} : ${change.before.format()} -> ${change.after.format()}`);
}

describe("review: one stack", function () {
  this.timeout(20000);
  const dev = side(rawStack("dev"), "dev");

  it("an egressAllowList entry added to dev: exactly that one new flow, and the intent still matches", () => {
    const review = reviewStack({ stack: "dev", base: dev, head: side(withEgress(rawStack("dev"), EXTRA_EGRESS), "dev") }, OPTIONS);
    assert.deepEqual(changes(review), ["bank-backend/backend => 192.0.2.0/24 : none -> TCP 443"]);
    assert.deepEqual(review.verdict, { kind: "added", added: 1, newStack: false });
    assert.equal(review.report?.intent?.report.ok, true);
    assert.equal(review.exitCode, 1);
    assert.equal(reviewStack({ stack: "dev", base: dev, head: side(withEgress(rawStack("dev"), EXTRA_EGRESS), "dev") }, { ...OPTIONS, failOn: "never" }).exitCode, 0);
  });

  it("no change: no new connections, exit 0", () => {
    const review = reviewStack({ stack: "dev", base: dev, head: dev }, OPTIONS);
    assert.deepEqual(review.verdict, { kind: "no-new-connections", removed: 0 });
    assert.equal(review.exitCode, 0);
  });

  it("a policy the generator never writes opens the database: intent mismatch, exit 1 whatever --fail-on says", () => {
    const review = reviewStack({ stack: "dev", base: dev, head: withFile(dev, "extra.yaml", OPEN_DATABASE) }, { ...OPTIONS, failOn: "never" });
    assert.equal(review.verdict.kind, "intent-mismatch");
    assert.ok(review.verdict.kind === "intent-mismatch" && review.verdict.extra > 0 && review.verdict.added > 0);
    assert.equal(review.exitCode, 1);
  });

  it("an invalid head config: config invalid with its errors, exit 2, nothing compared", () => {
    const review = reviewStack({ stack: "dev", base: dev, head: side({ ...rawStack("dev"), "zero-trust-eks:vpcCidr": "10.10.0.0/33" }, "dev") }, OPTIONS);
    assert.equal(review.verdict.kind, "config-invalid");
    assert.ok(review.verdict.kind === "config-invalid" && review.verdict.errors.some((error) => error.startsWith("`zero-trust-eks:vpcCidr`: got \"10.10.0.0/33\"")), JSON.stringify(review.verdict));
    assert.equal(review.diff, undefined);
    assert.equal(review.exitCode, 2);
  });

  it("a stack added: every connection is new; a stack removed: its connections are gone, exit 0", () => {
    const added = reviewStack({ stack: "qa", base: { kind: "absent" }, head: dev }, OPTIONS);
    assert.equal(added.verdict.kind, "added");
    const objects = renderedObjects(dev, "dev");
    const podsProper = new Set(buildModel(objects).pods.filter((pod) => pod.sourceKind === "Pod").map((pod) => pod.id));
    const allowed = connectionReport(objects).pairs.filter((pair) => !pair.connections.isEmpty() && !(pair.from === pair.to && podsProper.has(pair.from)));
    assert.ok(added.verdict.kind === "added" && added.verdict.newStack);
    assert.equal(added.verdict.added, allowed.length, "every allowed pair of the head is new");
    assert.deepEqual(added.diff?.endpointsRemoved, []);
    const removed = reviewStack({ stack: "qa", base: dev, head: { kind: "absent" } }, OPTIONS);
    assert.equal(removed.verdict.kind, "removed");
    assert.equal(removed.report, undefined);
    assert.equal(removed.exitCode, 0);
  });

  it("an invalid base config: the head is compared with nothing, and the comment says why", () => {
    const review = reviewStack({ stack: "dev", base: { kind: "invalid", errors: ["`x`: got 1; expected 2"] }, head: dev }, OPTIONS);
    assert.match(review.notes[0] ?? "", /^The base config of dev is invalid \(1 problems\), so the head is compared with nothing\.$/);
    assert.equal(review.verdict.kind, "added");
  });
});

describe("review: the comment body", function () {
  this.timeout(20000);
  const dev = side(rawStack("dev"), "dev");
  const reviews = [
    reviewStack({ stack: "dev", base: dev, head: side(withEgress(rawStack("dev"), EXTRA_EGRESS), "dev") }, OPTIONS),
    reviewStack({ stack: "prod", base: dev, head: side({ ...rawStack("dev"), "zero-trust-eks:natStrategy": "none-at-all" }, "prod") }, OPTIONS),
  ];

  it("starts with the hidden marker; per stack the verdict line first, then the diff, then the report in <details>", () => {
    const body = reviewBody(reviews, CONTEXT);
    const lines = body.split("\n");
    assert.equal(lines[0], REVIEW_MARKER);
    const dev = lines.indexOf("### `dev`: ⚠️ 1 connection added: needs a security review");
    assert.ok(dev > 0, body);
    assert.equal(lines[dev + 2], "**1 connection added or widened, 0 removed or narrowed; 0 endpoints added, 0 removed.**");
    const details = lines.indexOf("<details>", dev);
    assert.ok(details > dev && lines[details + 1] === "<summary>Head report of <code>dev</code></summary>");
    const prod = lines.indexOf("### `prod`: ❌ config invalid (1 problem)");
    assert.ok(prod > details, body);
    assert.match(lines[prod + 2] ?? "", /^- `zero-trust-eks:natStrategy`: got "none-at-all"; expected /);
    assert.match(lines[lines.length - 2] ?? "", /^<sub>Reproduce: `npm run review -- --stack dev`\./);
  });

  it("stays under the limit: reports go first, then long tables are cut, verdicts always stay", () => {
    const full = reviewBody(reviews, CONTEXT);
    assert.ok(full.length < COMMENT_LIMIT);
    const noReports = reviewBody(reviews, CONTEXT, full.length - 1);
    assert.ok(noReports.length <= full.length - 1);
    assert.doesNotMatch(noReports, /```mermaid/);
    assert.match(noReports, /The report is left out to keep this comment under GitHub's size limit/);
    const tiny = reviewBody(reviews, CONTEXT, 400);
    assert.equal(tiny.length, 400);
    assert.ok(tiny.startsWith(REVIEW_MARKER));
    assert.match(tiny, /cut to fit GitHub's comment limit/);
  });
});
