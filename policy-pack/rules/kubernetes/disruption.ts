// A replicated workload keeps serving through node drains (upgrades, spot reclaims) only if a
// PodDisruptionBudget stops the drain from evicting all of its pods at once. Advisory.
import { asRecord, describeObject, type Finding, type StackRule } from "../kit";
import { K8S, metadataOf, namespaceOf, podLabelsOf, selects } from "./objects";

const REPLICATED: readonly string[] = [K8S.deployment, K8S.statefulSet, K8S.replicaSet];

export const podDisruptionBudgets: StackRule<Record<string, never>> = {
  name: "pod-disruption-budgets",
  description: "Every Deployment, StatefulSet or ReplicaSet with more than one replica has a PodDisruptionBudget selecting its pods, so a node drain never takes all of them down at once.",
  defaults: {},
  checks: [
    (resources) => {
      const budgets = resources.filter((r) => r.type === K8S.podDisruptionBudget);
      return resources
        .filter((r) => REPLICATED.includes(r.type) && Number(asRecord(r.props.spec).replicas ?? 1) > 1)
        .filter((w) => !budgets.some((b) => namespaceOf(b.props) === namespaceOf(w.props) && selects(asRecord(b.props.spec).selector, podLabelsOf(w.type, w.props))))
        .map((w): Finding => ({
          message: `${describeObject(w.type.split(":").pop() ?? w.type, metadataOf(w.props))} runs ${String(asRecord(w.props.spec).replicas)} replicas without a PodDisruptionBudget selecting its pods`,
          urn: w.urn,
        }));
    },
  ],
};
