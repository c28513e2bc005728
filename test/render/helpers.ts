// Shared by the render CLI tests: run the command in-process or as a child process, temp folders.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runRender } from "../../cli/render";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** The command in-process (fast): exit code and what it printed. */
export function render(args: string[], cwd: string = PROJECT_DIR): Run {
  let out = "";
  let err = "";
  const code = runRender(args, { out: (t) => (out += t), err: (t) => (err += t) }, cwd);
  return { code, out, err };
}

/**
 * The command as a real process (about 2 s: a ts-node start). `status` is null when the process
 * did not end within `timeoutMs` and was killed: a hang fails the test instead of the suite.
 */
export function renderProcess(args: string[], cwd: string, timeoutMs = 20000): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(PROJECT_DIR, "cli/render.ts"), ...args], {
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, TS_NODE_PROJECT: path.join(PROJECT_DIR, "tsconfig.json") },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "render-test-"));
}

/** Every .yaml file under `dir`, relative and `/`-separated, sorted. */
export function readTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((p) => p.endsWith(".yaml")).map((p) => p.split(path.sep).join("/")).sort();
}

/** Every regular file under `dir` with its content: compare two snapshots to prove nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((p) => fs.lstatSync(path.join(dir, p)).isFile());
  return Object.fromEntries(files.sort().map((p) => [p.split(path.sep).join("/"), fs.readFileSync(path.join(dir, p), "utf8")]));
}
