// The tigera-operator Helm chart, installed for EKS policy-only mode: the AWS VPC CNI keeps
// pod networking (pods get VPC addresses), Calico only enforces policy.
import type { StackConfig } from "../../config/types";
import { LABEL_NAMESPACE_NAME } from "../../topology";
import type { HelmChart } from "../helm";
import type { K8sObject } from "../k8s";

export const CALICO_CHART_REPO = "https://docs.tigera.io/calico/charts";
export const CALICO_CHART = "tigera-operator";
export const TIGERA_OPERATOR_NAMESPACE = "tigera-operator";
/** Helm release name: the one Calico's docs use, so `helm -n tigera-operator list` reads as expected. */
export const CALICO_RELEASE_NAME = "calico";

/** The chart's values (chart v3.31.x: `installation` becomes the Installation CR's spec). */
export interface TigeraOperatorValues {
  readonly installation: {
    readonly enabled: true;
    readonly kubernetesProvider: "EKS";
    readonly cni: { readonly type: "AmazonVPC" };
    readonly calicoNetwork: { readonly bgp: "Disabled" };
  };
  /** Off: the APIServer CR is applied by us (calicoApiServer), so the deploy can wait until it is Ready. */
  readonly apiServer: { readonly enabled: false };
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
    apiServer: { enabled: false },
    goldmane: { enabled: false },
    whisker: { enabled: false },
  };
}

/** The tigera-operator chart at the stack's pinned version, installed into its own namespace. */
export function tigeraOperatorChart(config: StackConfig): HelmChart {
  return {
    release: CALICO_RELEASE_NAME,
    chart: CALICO_CHART,
    repo: CALICO_CHART_REPO,
    version: config.policy.calicoChartVersion,
    namespace: TIGERA_OPERATOR_NAMESPACE,
    values: { ...tigeraOperatorValues(config) },
  };
}

/**
 * Pulumi's await annotation (pulumi-kubernetes 4.18+): the resource counts as created only once
 * the expression holds. The operator sets `status.state: Ready` when the component is available.
 */
export const PULUMI_WAIT_FOR = "pulumi.com/waitFor";
export const API_SERVER_READY = "jsonpath={.status.state}=Ready";

/**
 * The Calico API server, which serves the projectcalico.org/v3 API the Tier and
 * GlobalNetworkPolicies are written in. It starts minutes after the chart has installed, longer
 * than the Kubernetes provider retries an unknown kind, so the v3 objects wait for it to be Ready.
 * The operator supports one instance, named `default`.
 */
export function calicoApiServer(): K8sObject {
  return {
    apiVersion: "operator.tigera.io/v1",
    kind: "APIServer",
    metadata: { name: "default", annotations: { [PULUMI_WAIT_FOR]: API_SERVER_READY } },
    spec: {},
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
