// Cross-key rules for the EKS add-on versions: every add-on needs a version (the pinned table's
// for kubernetesVersion, or an override), and kube-proxy must run the cluster's minor version.
import { ADDON_VERSIONS, PINNED_KUBERNETES_VERSIONS } from "./addonVersions";
import type { ConfigProblem } from "./errors";
import { KEYS, type KeyId } from "./keys";
import { keyProblem, type Parsed } from "./parsed";

const VERSION_KEYS: readonly KeyId[] = ["vpcCniVersion", "kubeProxyVersion", "corednsVersion", "ebsCsiDriverVersion"];

/** A Kubernetes version without a row in the table is refused unless every add-on version is given. */
function everyAddonVersioned(parsed: Parsed): ConfigProblem[] {
  const version = parsed.values.kubernetesVersion;
  if (version === undefined || version in ADDON_VERSIONS) return [];
  const unset = VERSION_KEYS.filter((id) => parsed.values[id] === "");
  if (unset.length === 0) return [];
  const keys = unset.map((id) => KEYS[id].key).join(", ");
  return [keyProblem(parsed, "kubernetesVersion", `a version with pinned add-on versions (${PINNED_KUBERNETES_VERSIONS.join(", ")}), or set ${keys} for it`)];
}

/** kube-proxy add-on versions are built per Kubernetes minor version: v1.34.x runs on 1.34 only. */
function kubeProxyMatchesCluster(parsed: Parsed): ConfigProblem[] {
  const { kubernetesVersion: version, kubeProxyVersion: proxy } = parsed.values;
  if (version === undefined || proxy === undefined || proxy === "" || proxy.startsWith(`v${version}.`)) return [];
  return [keyProblem(parsed, "kubeProxyVersion", `a kube-proxy version for Kubernetes ${version} (v${version}.<patch>-eksbuild.<build>), or empty for the pinned one`)];
}

export function addonVersionProblems(parsed: Parsed): ConfigProblem[] {
  return [...everyAddonVersioned(parsed), ...kubeProxyMatchesCluster(parsed)];
}
