// Names and labels of the application's objects: the one place policies and workloads agree on.
import type { TierName } from "../config/types";

/** The tiers, in the order config declares them (one list: config validates tier names against it). */
export { TIERS } from "../config/schemas";

export const LABEL_TENANT = "zero-trust-eks.io/tenant";
export const LABEL_TIER = "zero-trust-eks.io/tier";
export const LABEL_APP = "app.kubernetes.io/name";
export const LABEL_PART_OF = "app.kubernetes.io/part-of";
export const PART_OF = "zero-trust-eks";
/** Set by Kubernetes on every namespace; safe to select on because users cannot forge it. */
export const LABEL_NAMESPACE_NAME = "kubernetes.io/metadata.name";

export const DNS_NAMESPACE = "kube-system";
export const DNS_POD_LABELS: Readonly<Record<string, string>> = { "k8s-app": "kube-dns" };

export function namespaceName(tenant: string, tier: TierName): string {
  return `${tenant}-${tier}`;
}

export function namespaceLabels(tenant: string, tier: TierName): Record<string, string> {
  return {
    [LABEL_NAMESPACE_NAME]: namespaceName(tenant, tier),
    [LABEL_TENANT]: tenant,
    [LABEL_TIER]: tier,
    [LABEL_PART_OF]: PART_OF,
  };
}

export function podLabels(tenant: string, tier: TierName): Record<string, string> {
  return {
    [LABEL_APP]: tier,
    [LABEL_PART_OF]: PART_OF,
    [LABEL_TENANT]: tenant,
    [LABEL_TIER]: tier,
  };
}

/**
 * The analyzer's name for addresses outside the cluster: `<cidr>`, or `<cidr> except <cidr>,...`
 * when some are excluded (the notation of its external atoms and of its intent file).
 */
export function externalName(cidr: string, except: readonly string[]): string {
  return except.length === 0 ? cidr : `${cidr} except ${except.join(",")}`;
}
