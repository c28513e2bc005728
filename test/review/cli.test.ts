/**
 * `npm run review` end to end in a throwaway git repository holding a copy of this project: the
 * base rendered by the base's own code in a temporary worktree (removed afterwards, also when the
 * base cannot be rendered), stacks changed, added, removed and broken in the working tree.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runReview } from "../../cli/review";
import { EXTRA_EGRESS, PROJECT_DIR } from "./fixtures";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function git(repo: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  assert.equal(result.status, 0, `git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** The project's files (tracked and new, not ignored) committed on `main` of a new repository; node_modules linked. */
function projectRepository(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "review-repo-"));
  const files = git(PROJECT_DIR, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0").filter((file) => file !== "");
  for (const file of files) {
    const source = path.join(PROJECT_DIR, file);
    if (!fs.existsSync(source)) continue;
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.copyFileSync(source, path.join(repo, file));
  }
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(repo, "node_modules"), "dir");
  git(repo, "init", "-q", "-b", "main");
  fs.appendFileSync(path.join(repo, ".git", "info", "exclude"), "node_modules\n");
  git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "add", "-A");
  git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base");
  return repo;
}

function review(repo: string, ...args: string[]): Run {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "review-run-"));
  const fds = { stdin: fs.openSync("/dev/null", "r"), stdout: fs.openSync(path.join(scratch, "out"), "w"), stderr: fs.openSync(path.join(scratch, "err"), "w") };
  try {
    const status = runReview(args, fds, repo);
    return { status, stdout: fs.readFileSync(path.join(scratch, "out"), "utf8"), stderr: fs.readFileSync(path.join(scratch, "err"), "utf8") };
  } finally {
    for (const fd of Object.values(fds)) fs.closeSync(fd);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function reviewTemps(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("zero-trust-eks-review-"));
}

function assertNoWorktreeLeft(repo: string, tempsBefore: readonly string[]): void {
  assert.equal(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)?.length, 1, "only the main worktree");
  assert.deepEqual(reviewTemps().filter((name) => !tempsBefore.includes(name)), [], "no temporary folder left");
}

describe("review CLI (a git repository with a copy of the project)", function () {
  this.timeout(180000);
  let repo: string;
  const stackFile = (stack: string): string => path.join(repo, `Pulumi.${stack}.yaml`);

  before(() => {
    repo = projectRepository();
  });

  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  it("--help says what it does, with examples and the exit codes", () => {
    const { status, stdout } = review(repo, "--help");
    assert.equal(status, 0);
    for (const text of ["--stack <name>", "--all", "--base <ref>", "--fail-on <what>", "npm run --silent review -- --stack dev", "Exit codes (the worst stack wins):"]) assert.ok(stdout.includes(text), text);
  });

  it("usage and git problems exit 2 with one line, before rendering anything", () => {
    const neither = review(repo);
    assert.equal(neither.status, 2);
    assert.equal(neither.stderr, "review: give --stack <name> (repeatable) or --all (see 'review --help')\n");
    const badBase = review(repo, "--stack", "dev", "--base", "no-such-ref");
    assert.equal(badBase.status, 2);
    assert.equal(badBase.stderr, "review: --base no-such-ref: no such commit, branch or tag in this repository\n");
    const badStack = review(repo, "--stack", "nope");
    assert.equal(badStack.status, 2);
    assert.match(badStack.stderr, /^review: base main \(merge base [0-9a-f]{7}\)\nreview: unknown stack "nope": no Pulumi.<stack>.yaml at the base or in the working tree \(stacks: dev, local, prod, staging\) \(see 'review --help'\)\n$/);
  });

  it("no change: no new connections, exit 0, and the worktree is gone", () => {
    const before = reviewTemps();
    const { status, stdout, stderr } = review(repo, "--stack", "dev");
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^<!-- zero-trust-eks:network-review -->\n## Network review\n/);
    assert.match(stdout, /^### `dev`: ✅ no new connections$/m);
    assert.match(stderr, /^review: dev: ✅ no new connections$/m);
    assertNoWorktreeLeft(repo, before);
  });

  it("a base whose render fails: exit 3 with the render's message, and the worktree is still removed", () => {
    const before = reviewTemps();
    git(repo, "checkout", "-q", "-b", "broken");
    fs.writeFileSync(path.join(repo, "cli", "render.ts"), 'throw new Error("the base render is broken");\n');
    git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-am", "broken render");
    git(repo, "checkout", "-q", "main");
    const { status, stdout, stderr } = review(repo, "--stack", "dev", "--base", "broken");
    assert.equal(status, 3);
    assert.equal(stdout, "");
    assert.match(stderr, /review: rendering dev at the base failed: .*the base render is broken/s);
    assertNoWorktreeLeft(repo, before);
  });

  it("--all: a changed stack, an added one, a removed one and an invalid one, each with its verdict; the worst exit wins", () => {
    const before = reviewTemps();
    const dev = fs.readFileSync(stackFile("dev"), "utf8");
    fs.writeFileSync(stackFile("qa"), dev);
    fs.writeFileSync(stackFile("dev"), `${dev.trimEnd()}\n    - ${EXTRA_EGRESS}\n`);
    fs.writeFileSync(stackFile("staging"), fs.readFileSync(stackFile("staging"), "utf8").replace(/(zero-trust-eks:vpcCidr: )\S+/, "$110.20.0.0/33"));
    fs.rmSync(stackFile("prod"));
    const { status, stdout, stderr } = review(repo, "--all");
    assert.equal(status, 2, "the invalid staging config wins");
    const verdicts = stdout.split("\n").filter((line) => line.startsWith("### "));
    assert.deepEqual(verdicts.map((line) => line.replace(/\d+ connections/, "N connections")), [
      "### `dev`: ⚠️ 1 connection added: needs a security review",
      "### `local`: ✅ no new connections",
      "### `prod`: stack removed (N connections no longer allowed)",
      "### `qa`: ⚠️ new stack: N connections added: needs a security review",
      "### `staging`: ❌ config invalid (1 problem)",
    ]);
    assert.match(stdout, /^\| `bank-backend\/backend` \| `192\.0\.2\.0\/24` \| \*\*TCP 443\*\* \| none → TCP 443 \| egress: `bank-backend\/allow-backend-to-192-0-2-0-24` rule 0 \(tier default\); ingress: external \|$/m);
    assert.match(stdout, /^- `zero-trust-eks:vpcCidr`: got "10\.20\.0\.0\/33"; expected /m);
    assert.equal((stdout.match(/✅ matches/g) ?? []).length, 3, "dev's, local's and qa's intents match");
    assert.match(stderr, /^review: staging: ❌ config invalid \(1 problem\)$/m);
    assertNoWorktreeLeft(repo, before);
  });
});
