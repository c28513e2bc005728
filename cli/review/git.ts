/**
 * The base of the review: a git ref resolved to a commit, checked out in a temporary `git
 * worktree` that is removed afterwards whatever happens. The worktree gets a symbolic link to the
 * project's node_modules, so the base's own code runs with the installed packages.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Git could not do what the review needs (no repository, unknown ref): exit 2 with the message. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitError";
  }
}

export interface BaseRef {
  readonly commit: string;
  /** For the comment, e.g. "`origin/main` (merge base `1a2b3c4`)". */
  readonly label: string;
}

function git(args: readonly string[], cwd: string): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.error !== undefined) throw new GitError(`cannot run git: ${result.error.message}`);
  return { ok: result.status === 0, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function short(commit: string): string {
  return commit.slice(0, 7);
}

/** `--base <ref>` as given, or the merge base of HEAD with origin/main, else with main. */
export function resolveBase(ref: string | undefined, cwd: string): BaseRef {
  if (!git(["rev-parse", "--is-inside-work-tree"], cwd).ok) throw new GitError(`${cwd} is not inside a git work tree: the review compares with a git ref`);
  if (ref !== undefined) {
    const resolved = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd);
    if (!resolved.ok) throw new GitError(`--base ${ref}: no such commit, branch or tag in this repository`);
    return { commit: resolved.stdout, label: `\`${ref}\` (\`${short(resolved.stdout)}\`)` };
  }
  for (const candidate of ["origin/main", "main"]) {
    const base = git(["merge-base", "HEAD", candidate], cwd);
    if (base.ok) return { commit: base.stdout, label: `\`${candidate}\` (merge base \`${short(base.stdout)}\`)` };
  }
  throw new GitError("no base to compare with: neither origin/main nor main shares history with HEAD; pass --base <ref>");
}

/**
 * Runs `work` with the project directory as it is at `commit` (same place relative to the
 * repository root), then removes the worktree, its folder and git's record of it.
 */
export function withBaseWorktree<T>(commit: string, projectDir: string, work: (baseProjectDir: string) => T): T {
  const top = git(["rev-parse", "--show-toplevel"], projectDir).stdout;
  const relative = path.relative(fs.realpathSync(top), fs.realpathSync(projectDir));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "zero-trust-eks-review-"));
  const tree = path.join(scratch, "base");
  try {
    const added = git(["worktree", "add", "--detach", "--quiet", tree, commit], projectDir);
    if (!added.ok) throw new GitError(`cannot check out ${short(commit)} in a temporary worktree: ${added.stderr}`);
    const baseProjectDir = path.join(tree, relative);
    const modules = path.join(baseProjectDir, "node_modules");
    if (!fs.existsSync(modules) && fs.existsSync(path.join(projectDir, "node_modules"))) fs.symlinkSync(path.join(projectDir, "node_modules"), modules, "dir");
    return work(baseProjectDir);
  } finally {
    const removed = git(["worktree", "remove", "--force", tree], projectDir).ok;
    fs.rmSync(scratch, { recursive: true, force: true });
    // Only when git could not remove it: forget the worktree whose folder is now gone.
    if (!removed) git(["worktree", "prune"], projectDir);
  }
}
