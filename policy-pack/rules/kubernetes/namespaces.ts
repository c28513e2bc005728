// Namespaces enforce Pod Security `restricted`: the API server itself then refuses a privileged or
// root pod in them, whatever created it (a chart, kubectl, another program).
import { SYSTEM_NAMESPACES } from "../../../manifests/calico/systemNamespaces";
import { describeObject, type ResourceRule } from "../kit";
import { K8S, metadataOf } from "./objects";

export const POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

export interface PodSecurityConfig {
  /** Namespaces of the platform itself that need more than `restricted` (Calico's operator runs on the host network). */
  readonly exemptNamespaces: readonly string[];
}

export const podSecurityRestricted: ResourceRule<PodSecurityConfig> = {
  name: "pod-security-restricted",
  description:
    "Every namespace enforces Pod Security restricted (label pod-security.kubernetes.io/enforce: restricted), so the API server " +
    "refuses privileged or root pods there whoever creates them; only the platform's own namespaces (config exemptNamespaces) are exempt.",
  defaults: { exemptNamespaces: SYSTEM_NAMESPACES },
  configSchema: {
    properties: {
      exemptNamespaces: { type: "array", items: { type: "string" }, default: [...SYSTEM_NAMESPACES] },
    },
  },
  types: [K8S.namespace],
  checks: [
    (props, config) => {
      const metadata = metadataOf(props);
      if (config.exemptNamespaces.includes(String(metadata.name))) return [];
      const level = metadata.labels[POD_SECURITY_ENFORCE];
      return level === "restricted"
        ? []
        : [`${describeObject("Namespace", metadata)} does not enforce Pod Security restricted (label ${POD_SECURITY_ENFORCE} is ${level === undefined ? "missing" : `"${String(level)}"`})`];
    },
  ],
};
