// Calico's EKS step "annotate pod IPs" (amazon-vpc-cni-k8s README, `ANNOTATE_POD_IP`; the EKS and
// Calico install guides ask for it): the VPC CNI's ipamd writes each pod's address into the pod
// annotation `vpc.amazonaws.com/pod-ips` as soon as it assigns it. Calico reads it from there
// instead of waiting for the kubelet to report `status.podIP`, so a new pod's allowed traffic is
// not dropped at start, and a reused address does not keep the previous pod's identity for a while.
// Two halves: the add-on's env (components/clusterSpec.ts, vpcCniConfiguration) and the RBAC below.
import { LABEL_PART_OF, PART_OF } from "../../topology";
import type { K8sObject } from "../k8s";

/** The VPC CNI's service account (the EKS add-on's DaemonSet `aws-node` runs as it). */
export const AWS_NODE_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;

/**
 * Our own name, never `aws-node`: the add-on owns that ClusterRole and rewrites it on every add-on
 * update, which would drop a rule appended to it (the guides' `kubectl apply` recipe does that).
 */
export const AWS_NODE_POD_PATCH_ROLE = "zero-trust-eks-aws-node-annotate-pod-ip";

const LABELS = { [LABEL_PART_OF]: PART_OF };

/**
 * `patch` on pods, nothing else: the add-on's own ClusterRole already lets aws-node get, list and
 * watch pods; the annotation is written with a patch. Cluster-wide, since pods run in every namespace.
 */
export function awsNodePodPatchRole(): K8sObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: AWS_NODE_POD_PATCH_ROLE, labels: { ...LABELS } },
    rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["patch"] }],
  };
}

export function awsNodePodPatchBinding(): K8sObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: AWS_NODE_POD_PATCH_ROLE, labels: { ...LABELS } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AWS_NODE_POD_PATCH_ROLE },
    subjects: [{ kind: "ServiceAccount", ...AWS_NODE_SERVICE_ACCOUNT }],
  };
}
