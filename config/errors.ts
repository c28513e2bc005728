// The one error type the config layer throws for bad input: every problem at once, each naming
// the key, the offending value and what was expected, so a user fixes the stack file in one pass.

export interface ConfigProblem {
  /** Fully namespaced key, with an index for list items: `zero-trust-eks:tenants[1]`. */
  readonly key: string;
  /** The offending value, rendered for humans (`<missing>` when absent). */
  readonly value: string;
  readonly expected: string;
}

export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const sorted = sortProblems(problems);
    super(formatProblems(sorted));
    this.name = "ConfigError";
    this.problems = Object.freeze(sorted.map((p) => Object.freeze({ ...p })));
  }
}

export const MISSING = "<missing>";

/** Renders any raw config value on one line: strings quoted, structures as compact JSON. */
export function renderValue(value: unknown): string {
  if (value === undefined) return MISSING;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function problem(key: string, value: unknown, expected: string): ConfigProblem {
  return { key, value: renderValue(value), expected };
}

function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const unique = new Map<string, ConfigProblem>();
  for (const p of problems) unique.set(`${p.key}\u0000${p.value}\u0000${p.expected}`, p);
  return [...unique.values()].sort(
    (a, b) => compareKeys(a.key, b.key) || a.expected.localeCompare(b.expected),
  );
}

// Natural order, so `tenants[2]` sorts before `tenants[10]`.
function compareKeys(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((p) => `  ${p.key}: got ${p.value}; expected ${p.expected}`);
  return [`invalid stack config (${count}):`, ...lines].join("\n");
}
