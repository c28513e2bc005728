/**
 * Each stack's two sides as rendered files. The head (the working tree) is rendered in this
 * process with the project's own pure functions; the base is rendered by the BASE's code (its
 * `cli/render.ts` in a child process), since that is what the base would deploy, then both are
 * analysed by the head's analyzer.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, listStacks, loadStackFile } from "../../config";
import { renderStack } from "../../manifests";
import { renderOutputFiles } from "../../manifests/output";
import { RenderedFile, StackSide } from "./types";

/** The base could not be rendered for a reason other than its config: exit 3 with the render's own message. */
export class BaseRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaseRenderError";
  }
}

export function stacksIn(projectDir: string): string[] {
  return fs.existsSync(path.join(projectDir, "Pulumi.yaml")) ? listStacks(projectDir) : [];
}

function configErrors(error: ConfigError): string[] {
  return error.problems.map((problem) => `\`${problem.key}\`: got ${problem.value}; expected ${problem.expected}`);
}

export function renderHead(projectDir: string, stack: string): StackSide {
  if (!stacksIn(projectDir).includes(stack)) return { kind: "absent" };
  try {
    const files = renderOutputFiles(renderStack(loadStackFile(projectDir, stack)), stack);
    return { kind: "rendered", files: files.map(({ path: file, content }) => ({ path: file, content })) };
  } catch (error) {
    if (error instanceof ConfigError) return { kind: "invalid", errors: configErrors(error) };
    throw error;
  }
}

function readTree(dir: string): RenderedFile[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".yaml") && fs.statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join("/"))
    .sort()
    .map((file) => ({ path: file, content: fs.readFileSync(path.join(dir, ...file.split("/")), "utf8") }));
}

/** `render: invalid stack config (2 problems):\n  key: got …` -> one line per problem. */
function renderConfigErrors(stderr: string): string[] | undefined {
  if (!/^render: invalid stack config/.test(stderr)) return undefined;
  return stderr.split("\n").filter((line) => line.startsWith("  ")).map((line) => {
    const match = /^\s+(\S+): (got .*)$/.exec(line);
    return match === null ? line.trim() : `\`${match[1]}\`: ${match[2]}`;
  });
}

/** `node -r ts-node/register/transpile-only <base>/cli/render.ts --stack X --out <dir>`, run in the base project. */
export function renderBase(baseProjectDir: string, stack: string, outDir: string): StackSide {
  if (!stacksIn(baseProjectDir).includes(stack)) return { kind: "absent" };
  const script = path.join(baseProjectDir, "cli", "render.ts");
  if (!fs.existsSync(script)) throw new BaseRenderError(`the base has no cli/render.ts to render ${stack} with: choose a newer --base`);
  const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, "--stack", stack, "--out", outDir], {
    cwd: baseProjectDir,
    encoding: "utf8",
    env: { ...process.env, TS_NODE_PROJECT: path.join(baseProjectDir, "tsconfig.json") },
  });
  if (child.status === 0) return { kind: "rendered", files: readTree(outDir) };
  const errors = child.status === 1 ? renderConfigErrors(child.stderr) : undefined;
  if (errors !== undefined) return { kind: "invalid", errors };
  const why = child.error?.message ?? (child.stderr.trim() || `exit ${child.status ?? child.signal}`);
  throw new BaseRenderError(`rendering ${stack} at the base failed: ${why}`);
}
