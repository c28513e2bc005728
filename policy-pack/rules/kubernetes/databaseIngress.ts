// The database tier admits the backend tier only: every ingress peer of every NetworkPolicy that
// selects database pods names backend pods, pinned to a namespace by its name. No ipBlock (pods and
// nodes have VPC addresses), no namespace-only peer, no rule without `from`.
import { LABEL_NAMESPACE_NAME, LABEL_TIER } from "../../../topology/naming";
import { asArray, asRecord, describeObject, type Finding, type Props, type StackRule } from "../kit";
import { type Entry, inventory } from "./inventory";
import { podLabelsOf, selects } from "./objects";

export interface DatabaseIngressConfig {
  readonly tierLabel: string;
  readonly databaseTier: string;
  readonly backendTier: string;
}

/** Why this peer is not "backend pods in a named backend namespace", or undefined. */
function peerProblem(peer: Props, namespaceTiers: ReadonlyMap<string, unknown>, config: DatabaseIngressConfig): string | undefined {
  if (peer.ipBlock !== undefined) return `admits ipBlock ${String(asRecord(peer.ipBlock).cidr)} (only ${config.backendTier} pods may connect)`;
  if (peer.podSelector === undefined) return `admits every pod of the namespaces its namespaceSelector matches (no podSelector; expected ${config.tierLabel}=${config.backendTier} pods)`;
  const tier = asRecord(asRecord(peer.podSelector).matchLabels)[config.tierLabel];
  if (tier !== config.backendTier) return `admits pods whose ${config.tierLabel} is ${tier === undefined ? "not pinned" : `"${String(tier)}"`} (expected ${config.backendTier})`;
  const pinned = asRecord(asRecord(peer.namespaceSelector).matchLabels)[LABEL_NAMESPACE_NAME];
  if (typeof pinned !== "string") return `does not pin the peer's namespace by ${LABEL_NAMESPACE_NAME} (a look-alike pod elsewhere would match)`;
  const namespaceTier = namespaceTiers.get(pinned);
  if (namespaceTiers.has(pinned) && namespaceTier !== config.backendTier) return `pins namespace ${pinned}, which is not a ${config.backendTier} namespace (its ${config.tierLabel} is ${String(namespaceTier)})`;
  return undefined;
}

function selectsDatabase(policy: Entry, databases: readonly Entry[]): boolean {
  const namespace = policy.object.metadata.namespace ?? "default";
  const podSelector = asRecord(policy.object.spec).podSelector;
  return databases.some((w) => (w.object.metadata.namespace ?? "default") === namespace && selects(podSelector, podLabelsOf(w.type, w.object as unknown as Props)));
}

export const databaseAdmitsOnlyBackend: StackRule<DatabaseIngressConfig> = {
  name: "database-admits-only-backend",
  description:
    "Every NetworkPolicy that selects database-tier pods admits backend-tier pods only, in a namespace pinned by name: the data is one " +
    "hop from the API and from nothing else.",
  defaults: { tierLabel: LABEL_TIER, databaseTier: "database", backendTier: "backend" },
  configSchema: {
    properties: {
      tierLabel: { type: "string", default: LABEL_TIER },
      databaseTier: { type: "string", default: "database" },
      backendTier: { type: "string", default: "backend" },
    },
  },
  checks: [
    (resources, config) => {
      const { namespaces, networkPolicies, workloads, refused } = inventory(resources);
      const databases = workloads.filter((w) => podLabelsOf(w.type, w.object as unknown as Props)[config.tierLabel] === config.databaseTier);
      const namespaceTiers = new Map(namespaces.map((n) => [n.object.metadata.name, n.object.metadata.labels?.[config.tierLabel]] as const));
      const findings: Finding[] = [...refused];
      for (const policy of networkPolicies.filter((p) => selectsDatabase(p, databases))) {
        asArray(asRecord(policy.object.spec).ingress).forEach((item, index) => {
          const where = `${describeObject("NetworkPolicy", policy.object.metadata)}: ingress rule ${index + 1}`;
          const peers = asArray(asRecord(item).from).map(asRecord);
          if (peers.length === 0) findings.push({ message: `${where} admits every source into the ${config.databaseTier} tier (no from)`, urn: policy.urn });
          for (const peer of peers) {
            const problem = peerProblem(peer, namespaceTiers, config);
            if (problem !== undefined) findings.push({ message: `${where} ${problem}`, urn: policy.urn });
          }
        });
      }
      return findings;
    },
  ],
};
