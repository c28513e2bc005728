// parseStackConfig: raw stack config (a flat map of `namespace:key` to value) -> a validated,
// fully defaulted, deeply frozen StackConfig, or one ConfigError listing every problem.
import { z } from "zod";
import { crossKeyProblems } from "./checks";
import { coerce, writtenText } from "./coerce";
import { ConfigError, problem, type ConfigProblem } from "./errors";
import { KEY_TABLE, KEYS, PROJECT, type ConfigValues, type KeyId } from "./keys";
import { buildStackConfig } from "./build";
import { isListKey, type ListItem, type Parsed } from "./parsed";
import { unknownKeyProblems } from "./unknownKeys";
import type { StackConfig } from "./types";

/**
 * As found under `config:` in a Pulumi.<stack>.yaml (native YAML values) or as returned by
 * `pulumi.runtime.allConfig()` (every value a string, lists JSON-encoded). Both are accepted.
 */
export type RawStackConfig = Readonly<Record<string, unknown>>;

type Mutable<T> = { -readonly [P in keyof T]: T[P] };

export function parseStackConfig(raw: RawStackConfig): StackConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError([problem("config", raw, `a map of config keys such as ${PROJECT}:vpcCidr to values`)]);
  }
  const parsed: Mutable<Parsed> = { values: {}, items: {}, written: {} };
  const problems: ConfigProblem[] = [...unknownKeyProblems(raw)];
  for (const id of Object.keys(KEYS) as KeyId[]) problems.push(...parseKey(id, raw, parsed));
  problems.push(...crossKeyProblems(parsed));
  if (problems.length > 0 || !isComplete(parsed.values)) throw new ConfigError(problems);
  return deepFreeze(buildStackConfig(parsed.values));
}

function parseKey<K extends KeyId>(id: K, raw: RawStackConfig, parsed: Mutable<Parsed>): ConfigProblem[] {
  const spec = KEY_TABLE[id];
  const given = Object.prototype.hasOwnProperty.call(raw, spec.key);
  const rawValue = given ? raw[spec.key] : "default" in spec ? spec.default : undefined;
  if (rawValue === undefined || rawValue === null) {
    const why = given ? "a value (the key is present but empty)" : "a value: this key is required and has no default";
    return [problem(spec.key, rawValue, `${why}; allowed: ${spec.allowed}`)];
  }
  const coerced = coerce(spec.type, rawValue);
  if (!coerced.ok) return [problem(spec.key, rawValue, coerced.expected)];
  const written = writtenText(spec.type, rawValue);
  parsed.written[id] = written;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only list keys coerce to arrays; a non-list key's items are never read
  if (isListKey(id) && Array.isArray(coerced.value)) parsed.items[id] = wellFormedItems(spec.schema, coerced.value);
  const result = spec.schema.safeParse(coerced.value);
  if (result.success) {
    parsed.values[id] = result.data;
    return [];
  }
  return result.error.issues.map((issue) => issueProblem(spec.key, written, coerced.value, issue));
}

/** Each item that passes the list's item schema on its own, whatever the other items hold. */
function wellFormedItems(schema: z.ZodType, list: readonly unknown[]): ListItem<unknown>[] {
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: every list key's schema is a ZodArray; the guard narrows the type and never fires
  if (!(schema instanceof z.ZodArray)) return [];
  return list.flatMap((raw, index) => {
    const result = z.safeParse(schema.element, raw);
    return result.success ? [{ index, raw, value: result.data }] : [];
  });
}

/** A list item's problem names the item (`tenants[1]`) and shows the item, not the whole list. */
function issueProblem(key: string, written: string, value: unknown, issue: z.core.$ZodIssue): ConfigProblem {
  const index = issue.path[0];
  if (typeof index === "number" && Array.isArray(value)) {
    return problem(`${key}[${index}]`, value[index], issue.message);
  }
  return { key, value: written, expected: issue.message };
}

function isComplete(values: Partial<ConfigValues>): values is ConfigValues {
  // Stryker disable next-line MethodExpression,ConditionalExpression: a type guard: with no problems every key parsed into values
  return (Object.keys(KEYS) as KeyId[]).every((id) => values[id] !== undefined);
}

function deepFreeze<T>(value: T): T {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: Object.isFrozen is true for primitives and null; the wider test only walks frozen subtrees again
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
