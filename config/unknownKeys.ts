// Typo protection: a misspelt key would otherwise be ignored and its default silently used.
import { problem, type ConfigProblem } from "./errors";
import { KEYS, PROJECT } from "./keys";

const PROJECT_NAMES = Object.values(KEYS).filter((k) => k.namespace === PROJECT).map((k) => k.name).sort();
const OWN_KEYS = new Set(Object.values(KEYS).map((k) => k.key));

export function unknownKeyProblems(raw: Readonly<Record<string, unknown>>): ConfigProblem[] {
  return Object.keys(raw).sort().flatMap((key) => {
    const expected = unknownKeyExpectation(key);
    return expected === undefined ? [] : [problem(key, raw[key], expected)];
  });
}

/** Undefined when the key is ours or belongs to another namespace (provider config). */
function unknownKeyExpectation(key: string): string | undefined {
  if (OWN_KEYS.has(key)) return undefined;
  const colon = key.indexOf(":");
  if (colon < 0) {
    const guess = closest(key, PROJECT_NAMES) ?? key;
    return `a namespaced key (unknown key; did you mean ${PROJECT}:${guess}?)`;
  }
  const namespace = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (namespace === PROJECT) {
    const guess = closest(name, PROJECT_NAMES);
    return guess ? `a known key (unknown key; did you mean ${guess}?)` : `a known key (unknown key; see docs/config.md)`;
  }
  if (editDistance(namespace, PROJECT) <= 3) {
    return `the namespace ${PROJECT} (unknown namespace; did you mean ${PROJECT}:${closest(name, PROJECT_NAMES) ?? name}?)`;
  }
  return undefined;
}

/** The nearest known name within a small edit distance, alphabetically first on ties. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}
