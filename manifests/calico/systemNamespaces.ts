// The one list of namespaces the Calico cluster default deny (`zero-trust-default-deny`) leaves
// alone. Everything else in the cluster, including every namespace created later, starts closed
// except for DNS.
//
// EXTEND THIS LIST when you add a platform add-on that runs in its own namespace and brings no
// NetworkPolicies of its own (e.g. the Amazon CloudWatch Observability add-on in
// `amazon-cloudwatch`), in the same change that installs it: otherwise its pods can reach nothing
// but DNS. Keep the list sorted; `test/policies/calicoSystemNamespaces.test.ts` checks the names.
import type { PlatformConfig } from "../../config/types";
import { LABEL_NAMESPACE_NAME } from "../../topology";
import { compareCodeUnits } from "../order";
import { TIGERA_OPERATOR_NAMESPACE } from "./operator";

/** Namespaces of the platform itself: they keep their own (Calico-, EKS-managed) rules. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  "calico-apiserver",
  "calico-system",
  "kube-node-lease",
  "kube-public",
  "kube-system",
  TIGERA_OPERATOR_NAMESPACE,
];

/**
 * kind's own add-on namespaces: the local-path provisioner behind kind's default StorageClass runs
 * in `local-path-storage` and must reach the Kubernetes API to provision the database's volume.
 */
export const KIND_SYSTEM_NAMESPACES: readonly string[] = ["local-path-storage"];

/** What the default deny exempts on this platform: SYSTEM_NAMESPACES, plus kind's add-ons on kind. */
export function systemNamespacesOf(platform: PlatformConfig): readonly string[] {
  return platform.name === "kind" ? [...SYSTEM_NAMESPACES, ...KIND_SYSTEM_NAMESPACES] : SYSTEM_NAMESPACES;
}

/**
 * A Calico selector matching every namespace except `exempt`, by the name label the API server
 * sets on every namespace:
 * `kubernetes.io/metadata.name not in {"a", "b"}`. Sorted and de-duplicated, so the rendered
 * policy does not change when the list is merely reordered.
 */
export function namespacesOtherThan(exempt: readonly string[]): string {
  const names = [...new Set(exempt)].sort(compareCodeUnits);
  return `${LABEL_NAMESPACE_NAME} not in {${names.map((name) => `"${name}"`).join(", ")}}`;
}
