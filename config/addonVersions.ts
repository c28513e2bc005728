// The EKS managed add-on versions this project pins, per Kubernetes minor version: the one table a
// cluster upgrade reviews. EKS never updates a managed add-on by itself, so an unpinned add-on
// either stays behind after a cluster upgrade or, resolved at deploy time, changes under a stack
// whose code did not change. Each stack may override any version (config keys *Version).
//
// Sources:
// - vpc-cni, kube-proxy, coredns: the Amazon EKS user guide's version tables ("Assign IPs to Pods
//   with the Amazon VPC CNI", "Manage kube-proxy in Amazon EKS clusters", "Manage CoreDNS for DNS
//   in Amazon EKS clusters"), all read from the same edition of the guide.
// - aws-ebs-csi-driver: driver v1.56.0 (kubernetes-sigs/aws-ebs-csi-driver CHANGELOG; the driver
//   supports every EKS Kubernetes version). The guide lists no EBS CSI add-on builds: the build
//   number v1.56.0-eksbuild.1 is the one awslabs/cdk-eks-blueprints pins for 1.31-1.34.
// Before a real deploy, `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <a>`
// confirms a version is still offered in the stack's region.
import type { ManagedAddonName } from "./types";

export type AddonVersions = Readonly<Record<ManagedAddonName, string>>;

/** Every managed add-on, in installation order (the CNI first). */
export const MANAGED_ADDONS: readonly ManagedAddonName[] = Object.freeze(["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"]);

const VPC_CNI = "v1.20.4-eksbuild.1";
const EBS_CSI = "v1.56.0-eksbuild.1";

export const ADDON_VERSIONS: Readonly<Record<string, AddonVersions>> = Object.freeze({
  "1.30": { "vpc-cni": VPC_CNI, "kube-proxy": "v1.30.14-eksbuild.8", coredns: "v1.11.4-eksbuild.24", "aws-ebs-csi-driver": EBS_CSI },
  "1.31": { "vpc-cni": VPC_CNI, "kube-proxy": "v1.31.13-eksbuild.2", coredns: "v1.11.4-eksbuild.24", "aws-ebs-csi-driver": EBS_CSI },
  "1.32": { "vpc-cni": VPC_CNI, "kube-proxy": "v1.32.9-eksbuild.2", coredns: "v1.11.4-eksbuild.24", "aws-ebs-csi-driver": EBS_CSI },
  "1.33": { "vpc-cni": VPC_CNI, "kube-proxy": "v1.33.5-eksbuild.2", coredns: "v1.12.4-eksbuild.1", "aws-ebs-csi-driver": EBS_CSI },
  "1.34": { "vpc-cni": VPC_CNI, "kube-proxy": "v1.34.1-eksbuild.2", coredns: "v1.12.4-eksbuild.1", "aws-ebs-csi-driver": EBS_CSI },
});

/** The Kubernetes versions with a row in the table, oldest first. */
export const PINNED_KUBERNETES_VERSIONS: readonly string[] = Object.freeze(
  Object.keys(ADDON_VERSIONS).sort((a, b) => a.localeCompare(b, "en", { numeric: true })),
);

/** An override per add-on; "" means "the table's version". */
export type AddonVersionOverrides = Readonly<Record<ManagedAddonName, string>>;

/**
 * The version each add-on runs: the override when one is set, else the table's for
 * `kubernetesVersion`. The parser refuses configs where neither exists, so a gap here is a bug.
 */
export function resolveAddonVersions(kubernetesVersion: string, overrides: AddonVersionOverrides): AddonVersions {
  const pinned = ADDON_VERSIONS[kubernetesVersion] as AddonVersions | undefined;
  const resolve = (addon: ManagedAddonName): string => {
    const version = overrides[addon] !== "" ? overrides[addon] : pinned?.[addon];
    if (version === undefined) throw new Error(`no ${addon} version for Kubernetes ${kubernetesVersion}`);
    return version;
  };
  return Object.freeze(Object.fromEntries(MANAGED_ADDONS.map((addon) => [addon, resolve(addon)])) as Record<ManagedAddonName, string>);
}
