// The tigera-operator Helm chart, installed for EKS policy-only mode: the AWS VPC CNI keeps
// pod networking (pods get VPC addresses), Calico only enforces policy.
import type { StackConfig } from "../../config/types";
import { LABEL_NAMESPACE_NAME } from "../../topology";
import type { K8sObject } from "../k8s";

export const CALICO_CHART_REPO = "https://docs.tigera.io/calico/charts";
export const CALICO_CHART = "tigera-operator";
export const TIGERA_OPERATOR_NAMESPACE = "tigera-operator";

/** The chart's values (chart v3.31.x: `installation` becomes the Installation CR's spec). */
export interface TigeraOperatorValues {
  readonly installation: {
    readonly enabled: true;
    readonly kubernetesProvider: "EKS";
    readonly cni: { readonly type: "AmazonVPC" };
    readonly calicoNetwork: { readonly bgp: "Disabled" };
  };
  /** Serves the projectcalico.org/v3 API the GlobalNetworkPolicies are written in. */
  readonly apiServer: { readonly enabled: true };
  /** Flow aggregator and its UI: not needed for enforcement, so not run. */
  readonly goldmane: { readonly enabled: false };
  readonly whisker: { readonly enabled: false };
}

export class PolicyEngineMismatchError extends Error {
  constructor(engine: string) {
    super(`tigera-operator values were requested, but policy.engine is "${engine}"; expected "calico"`);
    this.name = "PolicyEngineMismatchError";
  }
}

export function tigeraOperatorValues(config: StackConfig): TigeraOperatorValues {
  if (config.policy.engine !== "calico") throw new PolicyEngineMismatchError(config.policy.engine);
  return {
    installation: { enabled: true, kubernetesProvider: "EKS", cni: { type: "AmazonVPC" }, calicoNetwork: { bgp: "Disabled" } },
    apiServer: { enabled: true },
    goldmane: { enabled: false },
    whisker: { enabled: false },
  };
}

/**
 * The chart's namespace (Calico's docs create it before `helm install`). The operator runs on
 * the host network, so it cannot meet the baseline or restricted Pod Security levels.
 */
export function tigeraOperatorNamespace(): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: TIGERA_OPERATOR_NAMESPACE,
      labels: { [LABEL_NAMESPACE_NAME]: TIGERA_OPERATOR_NAMESPACE, "pod-security.kubernetes.io/enforce": "privileged" },
    },
  };
}
