// Typo protection: a misspelt key would otherwise be ignored and its default silently used. Keys
// of this project and of the AWS provider are known; anything else in either namespace, a key
// with no namespace, or a key in a misspelt project namespace gets a suggestion.
import { distance } from "fastest-levenshtein";
import { AWS_PROVIDER_KEYS } from "./aws";
import { problem, type ConfigProblem } from "./errors";
import { KEYS, PROJECT } from "./keys";

const AWS = "aws";

/** Every key a stack may set, sorted: this project's and the AWS provider's. */
const KNOWN_KEYS: readonly string[] = [...new Set([
  ...Object.values(KEYS).map((k) => k.key),
  ...AWS_PROVIDER_KEYS.map((name) => `${AWS}:${name}`),
])].sort();
const KNOWN = new Set(KNOWN_KEYS);

export function unknownKeyProblems(raw: Readonly<Record<string, unknown>>): ConfigProblem[] {
  return Object.keys(raw).sort().flatMap((key) => {
    const expected = unknownKeyExpectation(key);
    return expected === undefined ? [] : [problem(key, raw[key], expected)];
  });
}

/** Undefined when the key is known or belongs to another provider's namespace. */
function unknownKeyExpectation(key: string): string | undefined {
  if (KNOWN.has(key)) return undefined;
  const colon = key.indexOf(":");
  if (colon < 0) return `a namespaced key (unknown key${suggestion(key)})`;
  const namespace = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (namespace === PROJECT) return `a known key (unknown key${suggestion(name) || "; see docs/config.md"})`;
  if (namespace === AWS) return `a config key of the Pulumi AWS provider (unknown key${suggestion(name) || "; see its configuration reference"})`;
  if (distance(namespace, PROJECT) <= 3) {
    return `the namespace ${PROJECT} (unknown namespace${suggestion(name, PROJECT) || `; did you mean ${PROJECT}:${name}?`})`;
  }
  return undefined;
}

/**
 * "; did you mean <key>?" for the known key whose name is nearest `name` (`region` or
 * `zero-trust-eks:region` -> aws:region), "" when none is near. With `only`, the suggestion stays
 * in that namespace; otherwise this project's keys win ties.
 */
function suggestion(name: string, only?: string): string {
  const inProject = KNOWN_KEYS.filter((key) => key.startsWith(`${PROJECT}:`));
  const others = KNOWN_KEYS.filter((key) => !key.startsWith(`${PROJECT}:`));
  const candidates = only === PROJECT ? inProject : [...inProject, ...others];
  const names = candidates.map((key) => key.slice(key.indexOf(":") + 1));
  const guess = closest(name, names);
  return guess === undefined ? "" : `; did you mean ${candidates[names.indexOf(guess)]}?`;
}

/** The nearest known name within a small edit distance, first in the given order on ties. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
