/**
 * `netpol report`: one pass over the shown pairs with the engine (allowed connections), the
 * isolation of every pod, the warnings, and with an intent its verification.
 */
import { EngineName } from "../engine";
import { Intent } from "../intent";
import { tableCidrs, tableOfIntent } from "../intentTable";
import { Endpoint, NetpolModel, PodEndpoint } from "../model";
import { governedPairs, prepare } from "../reach";
import { endpointMatcher } from "../select";
import { verifyIntent } from "../verify";
import { AllowedPair, NetworkReport, PolicyKindCount } from "./types";
import { isolation, reportWarnings } from "./warnings";

/** Intent differences listed in a pull-request comment (the counts stay whole): GitHub cuts a comment at 65,536 characters. */
export const MAX_INTENT_DIFFERENCES = 100;

export interface ReportOptions {
  readonly engine?: EngineName;
  /** Endpoint patterns (as `reach --from/--to`) left out of the matrix, the picture and the warnings; still analysed. */
  readonly hide?: readonly string[];
  readonly intent?: { readonly intent: Intent; readonly source: string };
}

function hiddenSet(model: NetpolModel, patterns: readonly string[]): ReadonlySet<Endpoint> {
  const matchers = patterns.map(endpointMatcher);
  return new Set(model.endpoints.filter((endpoint) => matchers.some((matches) => matches(endpoint))));
}

/** NetworkPolicies, then the Calico policies of each tier and the admin policies, in tier order. */
export function countPolicyKinds(model: NetpolModel): PolicyKindCount[] {
  const counts: PolicyKindCount[] = model.policies.length > 0 ? [{ kind: "NetworkPolicy", count: model.policies.length }] : [];
  for (const tier of model.calico?.tiers ?? []) {
    const byKind = new Map<PolicyKindCount["kind"], number>();
    for (const policy of tier.policies) {
      if (policy.kind === "KubernetesNetworkPolicy") continue; // counted above
      const kind = policy.kind === "AdminNetworkPolicy" || policy.kind === "BaselineAdminNetworkPolicy" ? policy.kind : "Calico";
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    for (const [kind, count] of byKind) counts.push(kind === "Calico" ? { kind, tier: tier.name, count } : { kind, count });
  }
  return counts;
}

export function buildReport(objects: readonly unknown[], options: ReportOptions = {}): NetworkReport {
  const externalBlocks = options.intent === undefined ? [] : tableCidrs(tableOfIntent(options.intent.intent));
  const { model, prepared } = prepare(objects, options.engine ?? "fast", { externalBlocks });
  // Stryker disable next-line ArrayDeclaration: as a --hide pattern that text matches no endpoint (ids hold no spaces)
  const hidden = hiddenSet(model, options.hide ?? []);
  const pairs: AllowedPair[] = [];
  let allowedPairs = 0;
  // A Pod paired with itself is always allowed: governedPairs(…, false) leaves it out.
  for (const { from, to } of governedPairs(model, false)) {
    const connections = prepared.connections(from, to);
    if (connections.isEmpty()) continue;
    allowedPairs++;
    if (!hidden.has(model.endpoints[from] as Endpoint) && !hidden.has(model.endpoints[to] as Endpoint)) pairs.push({ from, to, connections });
  }
  const isolated = model.pods.map((pod) => isolation(model, pod));
  const policyKinds = countPolicyKinds(model);
  const verified =
    options.intent === undefined
      ? undefined
      : { source: options.intent.source, report: verifyIntent(objects, options.intent.intent, options.intent.source, { engine: options.engine, limit: MAX_INTENT_DIFFERENCES }) };
  return {
    model,
    summary: {
      endpoints: model.pods.length,
      externals: model.externals.length,
      policies: policyKinds.reduce((sum, { count }) => sum + count, 0),
      policyKinds,
      allowedPairs,
      isolatedIngress: isolated.filter((sides) => sides.ingress).length,
      isolatedEgress: isolated.filter((sides) => sides.egress).length,
      hidden: hidden.size,
    },
    shown: model.endpoints.filter((endpoint) => !hidden.has(endpoint)),
    pairs,
    warnings: reportWarnings(model, (pod: PodEndpoint) => hidden.has(pod)),
    ...(verified === undefined ? {} : { intent: verified }),
  };
}
