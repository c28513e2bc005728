// Typo protection: a misspelt key would otherwise be ignored and its default silently used. Keys
// of this project and the aws: keys the program's own AWS provider applies are known; the AWS
// provider's other keys are refused (that provider would never see them); anything else in either
// namespace, a key with no namespace, or a key in a misspelt project namespace gets a suggestion.
import { distance } from "fastest-levenshtein";
import { AWS_PROVIDER_KEYS } from "./aws";
import { problem, type ConfigProblem } from "./errors";
import { KEYS, PROJECT } from "./keys";

const AWS = "aws";

/** Every key a stack may set, sorted: this project's and the AWS provider keys the program applies. */
const KNOWN_KEYS: readonly string[] = [...new Set(Object.values(KEYS).map((k) => k.key))].sort();
const KNOWN = new Set(KNOWN_KEYS);
/** The AWS provider's keys the program's own provider does not apply (it is built from KEYS alone). */
const IGNORED_PROVIDER_KEYS = new Set(AWS_PROVIDER_KEYS.map((name) => `${AWS}:${name}`).filter((key) => !KNOWN.has(key)));
const APPLIED_AWS_KEYS = KNOWN_KEYS.filter((key) => key.startsWith(`${AWS}:`)).join(", ");

export function unknownKeyProblems(raw: Readonly<Record<string, unknown>>): ConfigProblem[] {
  // Stryker disable next-line MethodExpression: ConfigError sorts every problem by key, so this order is never seen
  return Object.keys(raw).sort().flatMap((key) => {
    const expected = unknownKeyExpectation(key);
    return expected === undefined ? [] : [problem(key, raw[key], expected)];
  });
}

/** Undefined when the key is known or belongs to another provider's namespace. */
function unknownKeyExpectation(key: string): string | undefined {
  if (KNOWN.has(key)) return undefined;
  if (IGNORED_PROVIDER_KEYS.has(key)) {
    // Pulumi reads stack aws: keys only into its default provider, which this program never uses:
    // silently dropped, aws:profile would deploy as whoever the shell is, aws:assumeRoles as nobody.
    return `unset: this program's AWS provider applies only ${APPLIED_AWS_KEYS}; set credentials, profiles and roles in the environment (AWS_PROFILE, AWS_ROLE_ARN, ...), where the kubeconfig's token helper finds them too`;
  }
  const colon = key.indexOf(":");
  // No namespace, or an empty one (`:vpcCidr`): no provider reads it.
  if (colon <= 0) return `a namespaced key (unknown key${suggestion(key)})`;
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
  // Stryker disable next-line MethodExpression: extra candidates repeat project keys after the project's own; closest keeps the first of equals
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
