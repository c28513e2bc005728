/** Stack sides for the review tests, rendered in-process from this project's stack files (raw config edited where a test says so). */
import * as path from "path";
import { ConfigError, parseStackConfig, readStackRaw, type RawStackConfig } from "../../config";
import { renderStack } from "../../manifests";
import { renderOutputFiles } from "../../manifests/output";
import { StackSide } from "../../cli/review/types";

export const PROJECT_DIR = path.resolve(__dirname, "../..");
export const EGRESS_KEY = "zero-trust-eks:egressAllowList";
/** The README's example change: one more external destination for the backend. */
export const EXTRA_EGRESS = "backend -> 192.0.2.0/24 443/TCP (fraud scoring)";

export function rawStack(stack: string): RawStackConfig {
  return readStackRaw(PROJECT_DIR, stack);
}

/** The raw config with one more egressAllowList entry. */
export function withEgress(raw: RawStackConfig, rule: string): RawStackConfig {
  const list = raw[EGRESS_KEY];
  return { ...raw, [EGRESS_KEY]: [...(Array.isArray(list) ? list : []), rule] };
}

/** The side as `review` sees it: rendered files, or the config's errors. */
export function side(raw: RawStackConfig, stack: string): StackSide {
  try {
    const files = renderOutputFiles(renderStack(parseStackConfig(raw)), stack);
    return { kind: "rendered", files: files.map(({ path: file, content }) => ({ path: file, content })) };
  } catch (error) {
    if (error instanceof ConfigError) return { kind: "invalid", errors: error.problems.map((p) => `\`${p.key}\`: got ${p.value}; expected ${p.expected}`) };
    throw error;
  }
}

/** A rendered side with one more file appended to it (e.g. a NetworkPolicy the generator never writes). */
export function withFile(stackSide: StackSide, file: string, content: string): StackSide {
  if (stackSide.kind !== "rendered") throw new Error("only a rendered side takes more files");
  return { kind: "rendered", files: [...stackSide.files, { path: file, content }] };
}
