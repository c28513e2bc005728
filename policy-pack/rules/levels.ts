// THE one place where each rule's enforcement level is set. `mandatory` stops the preview or the
// update; `advisory` prints a warning. Override per stack without editing this file:
//   pulumi policy enable <org>/zero-trust-eks latest --config policy-config.json
//   pulumi preview --policy-pack policy-pack --policy-pack-config policy-config.json
// with e.g. `{ "pod-disruption-budgets": "mandatory", "images-pinned": { "enforcementLevel": "advisory" } }`
// (docs/policy-pack.md, "Configuration").
import type { EnforcementLevel } from "@pulumi/policy";

export const LEVELS = {
  // Kubernetes network: zero trust itself.
  "namespace-default-deny": "mandatory",
  "no-world-ingress-except-frontend": "mandatory",
  "no-world-egress": "mandatory",
  "database-admits-only-backend": "mandatory",
  "reachability-proof": "mandatory",
  // Kubernetes workloads.
  "pod-security-restricted": "mandatory",
  "containers-not-privileged": "mandatory",
  "containers-run-as-non-root": "mandatory",
  "containers-read-only-root-filesystem": "mandatory",
  "containers-minimal-capabilities": "mandatory",
  "images-pinned": "mandatory",
  "load-balancer-source-ranges": "mandatory",
  // AWS: the cluster, its nodes and its keys.
  "eks-secrets-encrypted": "mandatory",
  "eks-audit-logs": "mandatory",
  "eks-endpoint-not-open-to-world": "mandatory",
  "node-groups-private-subnets": "mandatory",
  "instance-metadata-hardened": "mandatory",
  "kms-key-rotation": "mandatory",
  // Advisory: good practice whose absence is not a breach.
  "flow-logs-in-production": "advisory",
  "eks-control-plane-logs-complete": "advisory",
  "pod-disruption-budgets": "advisory",
  "container-resource-limits": "advisory",
} as const satisfies Record<string, EnforcementLevel>;

export type RuleName = keyof typeof LEVELS;
