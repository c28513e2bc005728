// The tigera-operator Helm chart (the operator and its CRDs) and the operator resources we apply
// ourselves (Installation, APIServer). On EKS, policy-only mode: the AWS VPC CNI keeps pod
// networking (pods get VPC addresses), Calico only enforces policy. On kind, Calico is the CNI too.
import type { PlatformConfig, StackConfig } from "../../config/types";
import { LABEL_NAMESPACE_NAME } from "../../topology";
import type { HelmChart } from "../helm";
import type { K8sObject } from "../k8s";

export const CALICO_CHART_REPO = "https://docs.tigera.io/calico/charts";
export const CALICO_CHART = "tigera-operator";
export const TIGERA_OPERATOR_NAMESPACE = "tigera-operator";
/** Helm release name: the one Calico's docs use, so `helm -n tigera-operator list` reads as expected. */
export const CALICO_RELEASE_NAME = "calico";

/** The chart's values: the operator and its CRDs only; every operator resource is our own object. */
export interface TigeraOperatorValues {
  /** Off: the Installation CR is applied by us (calicoInstallation), so the deploy can wait until it is Ready. */
  readonly installation: { readonly enabled: false };
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
    installation: { enabled: false },
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
 * Pulumi's await annotation (pulumi-kubernetes 4.18+, syntax of `kubectl wait --for`): the resource
 * counts as created or updated only once the expression holds. It is rendered as applied, so a
 * reviewer sees what the deploy waits for; to the API server it is a plain annotation.
 */
export const PULUMI_WAIT_FOR = "pulumi.com/waitFor";
/**
 * The Installation's `Ready` condition: the operator copies it from the `calico` TigeraStatus,
 * which is Available once every DaemonSet and Deployment of Calico (calico-node on every node,
 * typha, kube-controllers) is rolled out. Status `True` is implied, and Pulumi ignores a condition
 * whose observedGeneration is older than the object.
 */
export const INSTALLATION_READY = "condition=Ready";
/** APIServer has a user-readable `status.state` that the operator sets to `Ready` when it is available. */
export const API_SERVER_READY = "jsonpath={.status.state}=Ready";
/**
 * How long the deploy waits for each awaited operator object (Pulumi's default is 10 minutes): a
 * fresh node pool pulls calico-node, typha and kube-controllers images before Calico is Ready.
 */
export const OPERATOR_READY_TIMEOUT_MINUTES = 20;

/**
 * The operator's Installation for the stack's platform (the operator supports one, named
 * `default`), awaited until Ready. `kubeletVolumePluginPath: None` keeps Calico's CSI driver off
 * on both (the chart's default; the operator's own default would turn it on).
 */
export function calicoInstallation(platform: PlatformConfig): K8sObject {
  return {
    apiVersion: "operator.tigera.io/v1",
    kind: "Installation",
    metadata: { name: "default", annotations: { [PULUMI_WAIT_FOR]: INSTALLATION_READY } },
    spec: platform.name === "kind" ? kindNetworking(platform.podCidr) : EKS_POLICY_ONLY,
  };
}

/**
 * Calico in EKS policy-only mode (Calico docs v3.31, "Amazon EKS", Amazon VPC networking): the
 * VPC CNI keeps pod networking and IPAM, Calico only enforces policy, without BGP. The spec is
 * what chart v3.31.x rendered from our former values, so nothing changes on the cluster; the
 * chart's empty `imagePullSecrets` is the same as none.
 */
const EKS_POLICY_ONLY = {
  kubernetesProvider: "EKS",
  cni: { type: "AmazonVPC" },
  calicoNetwork: { bgp: "Disabled" },
  kubeletVolumePluginPath: "None",
} as const;

/** The IP pool's name in Calico's own custom-resources.yaml. */
export const KIND_IP_POOL = "default-ipv4-ippool";

/**
 * Calico as a plain cluster's CNI, as Calico's kind guide (v3.31) installs it on a kind cluster
 * created without its default CNI: `cni.type` and `kubernetesProvider` left to their defaults
 * (Calico; detected), one IPv4 pool equal to kind's `podSubnet`, with the pool settings of Calico's
 * custom-resources.yaml (/26 blocks, VXLAN across subnets, NAT for traffic leaving the pool).
 */
function kindNetworking(podCidr: string): Record<string, unknown> {
  return {
    calicoNetwork: {
      ipPools: [{
        name: KIND_IP_POOL, cidr: podCidr, blockSize: 26, encapsulation: "VXLANCrossSubnet", natOutgoing: "Enabled", nodeSelector: "all()",
      }],
    },
    kubeletVolumePluginPath: "None",
  };
}

/**
 * The Calico API server, which serves the projectcalico.org/v3 API the Tier and
 * GlobalNetworkPolicies are written in. It starts minutes after the Installation, longer than the
 * Kubernetes provider retries an unknown kind, so the v3 objects wait for it to be Ready.
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
