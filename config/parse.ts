// parseStackConfig: raw stack config (a flat map of `namespace:key` to value) -> a validated,
// fully defaulted, deeply frozen StackConfig, or one ConfigError listing every problem.
import type { z } from "zod";
import { crossKeyProblems } from "./checks";
import { coerce } from "./coerce";
import { ConfigError, problem, type ConfigProblem } from "./errors";
import { KEY_TABLE, KEYS, PROJECT, type ConfigValues, type KeyId } from "./keys";
import { buildStackConfig } from "./build";
import { unknownKeyProblems } from "./unknownKeys";
import type { StackConfig } from "./types";

/**
 * As found under `config:` in a Pulumi.<stack>.yaml (native YAML values) or as returned by
 * `pulumi.runtime.allConfig()` (every value a string, lists JSON-encoded). Both are accepted.
 */
export type RawStackConfig = Readonly<Record<string, unknown>>;

export function parseStackConfig(raw: RawStackConfig): StackConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError([problem("config", raw, `a map of config keys such as ${PROJECT}:vpcCidr to values`)]);
  }
  const problems: ConfigProblem[] = [...unknownKeyProblems(raw)];
  const values: Partial<ConfigValues> = {};
  for (const id of Object.keys(KEYS) as KeyId[]) parseKey(id, raw, values, problems);
  problems.push(...crossKeyProblems(values));
  if (problems.length > 0 || !isComplete(values)) throw new ConfigError(problems);
  return deepFreeze(buildStackConfig(values));
}

function parseKey<K extends KeyId>(id: K, raw: RawStackConfig, values: Partial<ConfigValues>, problems: ConfigProblem[]): void {
  const spec = KEY_TABLE[id];
  const given = Object.prototype.hasOwnProperty.call(raw, spec.key);
  const rawValue = given ? raw[spec.key] : "default" in spec ? spec.default : undefined;
  if (rawValue === undefined || rawValue === null) {
    const why = given ? "a value (the key is present but empty)" : "a value: this key is required and has no default";
    problems.push(problem(spec.key, rawValue, `${why}; allowed: ${spec.allowed}`));
    return;
  }
  const coerced = coerce(spec.type, rawValue);
  if (!coerced.ok) {
    problems.push(problem(spec.key, rawValue, coerced.expected));
    return;
  }
  const result = spec.schema.safeParse(coerced.value);
  if (result.success) values[id] = result.data;
  else problems.push(...result.error.issues.map((issue) => issueProblem(spec.key, coerced.value, issue)));
}

/** A list item's problem names the item (`tenants[1]`) and shows the item, not the whole list. */
function issueProblem(key: string, value: unknown, issue: z.core.$ZodIssue): ConfigProblem {
  const index = issue.path[0];
  if (typeof index === "number" && Array.isArray(value)) {
    return problem(`${key}[${index}]`, value[index], issue.message);
  }
  return problem(key, value, issue.message);
}

function isComplete(values: Partial<ConfigValues>): values is ConfigValues {
  return (Object.keys(KEYS) as KeyId[]).every((id) => values[id] !== undefined);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
