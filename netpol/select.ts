/**
 * Endpoint filters of `reach --from/--to`: a pattern without `/` names namespaces (`bank-*`),
 * one with `/` names endpoints by id (`shop/web`, `*` + `/frontend`, or an external atom like
 * `0.0.0.0/0*`). Patterns use the wildcards of netpol/glob.ts; several patterns are alternatives.
 */
import { globToRegExp } from "./glob";
import { Endpoint } from "./model";

export interface EndpointSelection {
  /** Indices of the matching endpoints, in the order given. */
  readonly selected: readonly number[];
  /** Patterns that matched none of the endpoints (probably a typo: worth a warning). */
  readonly unmatched: readonly string[];
}

/** Does one pattern match this endpoint? */
export function endpointMatcher(pattern: string): (endpoint: Endpoint) => boolean {
  const regExp = globToRegExp(pattern);
  if (pattern.includes("/")) return (endpoint) => regExp.test(endpoint.id);
  return (endpoint) => endpoint.kind === "pod" && regExp.test(endpoint.namespace);
}

/**
 * The endpoints (given as model indices) that any pattern matches; no patterns select them all.
 * `candidates` are indices into `endpoints`, in output order.
 */
export function selectEndpoints(endpoints: readonly Endpoint[], candidates: readonly number[], patterns: readonly string[]): EndpointSelection {
  if (patterns.length === 0) return { selected: candidates, unmatched: [] };
  const matchers = patterns.map((pattern) => ({ pattern, matches: endpointMatcher(pattern), used: false }));
  const selected = candidates.filter((index) => {
    let any = false;
    for (const matcher of matchers) {
      if (matcher.matches(endpoints[index] as Endpoint)) {
        matcher.used = true;
        any = true;
      }
    }
    return any;
  });
  return { selected, unmatched: matchers.filter((matcher) => !matcher.used).map((matcher) => matcher.pattern) };
}
