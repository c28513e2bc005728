// A LoadBalancer Service opens a cloud load balancer to the internet unless it lists who may reach
// it: the NetworkPolicies see only the node or NLB addresses after the hop, so the source ranges
// are the one place where the client allow-list is enforced at the edge.
import { asArray, asRecord, describeObject, type ResourceRule } from "../kit";
import { K8S, metadataOf } from "./objects";

/** The legacy annotation some controllers read instead of the field. */
const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

export const loadBalancerSourceRanges: ResourceRule<Record<string, never>> = {
  name: "load-balancer-source-ranges",
  description:
    "Every Service of type LoadBalancer lists spec.loadBalancerSourceRanges: without it the cloud load balancer admits the whole internet, " +
    "and the allow-list of client ranges exists nowhere at the edge.",
  defaults: {},
  types: [K8S.service],
  checks: [
    (props) => {
      const spec = asRecord(props.spec);
      if (spec.type !== "LoadBalancer") return [];
      const metadata = metadataOf(props);
      const ranges = asArray(spec.loadBalancerSourceRanges);
      const annotated = metadata.annotations[SOURCE_RANGES_ANNOTATION];
      if (ranges.length > 0 || (typeof annotated === "string" && annotated.trim() !== "")) return [];
      return [`${describeObject("Service", metadata)} is a LoadBalancer without spec.loadBalancerSourceRanges (its load balancer would admit every address)`];
    },
  ],
};
