/**
 * Calico's layer of the synthetic cluster (bench --calico), shaped like this project's stacks
 * (manifests/calico/policies.ts): a `security` tier (order 100, default action Pass) whose one
 * GlobalNetworkPolicy denies every pod's egress to the instance metadata address, and a
 * cluster-wide default deny in the default tier after the Kubernetes NetworkPolicies (order 2000)
 * for every namespace but kube-system, allowing only DNS to kube-dns.
 */
import { CalicoObject } from "./kube";

export function syntheticCalicoObjects(): CalicoObject[] {
  return [
    { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "security" }, spec: { order: 100, defaultAction: "Pass" } },
    {
      apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "security.deny-instance-metadata" },
      spec: { tier: "security", order: 10, selector: "has(projectcalico.org/namespace)", types: ["Egress"], egress: [{ action: "Deny", destination: { nets: ["169.254.169.254/32"] } }] },
    },
    {
      apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "default-deny" },
      spec: {
        order: 2000,
        namespaceSelector: 'kubernetes.io/metadata.name not in {"kube-system"}',
        types: ["Ingress", "Egress"],
        egress: [
          { action: "Allow", protocol: "UDP", destination: { namespaceSelector: 'kubernetes.io/metadata.name == "kube-system"', selector: 'k8s-app == "kube-dns"', ports: [53] } },
          { action: "Allow", protocol: "TCP", destination: { namespaceSelector: 'kubernetes.io/metadata.name == "kube-system"', selector: 'k8s-app == "kube-dns"', ports: [53] } },
        ],
      },
    },
  ];
}
