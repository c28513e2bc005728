/**
 * Random changes for the diff's property test: a head made from a base by dropping objects,
 * swapping some for another cluster's object of the same identity (same endpoint, policy or
 * namespace, other content), and adding others' objects under fresh names.
 */
import fc from "fast-check";
import { KubeObject } from "../../../netpol/generate/kube";
import { clusterArb } from "../generators/arbitraries";

export interface ClusterChange {
  readonly base: readonly KubeObject[];
  readonly head: readonly KubeObject[];
}

type Step = "keep" | "drop" | "swap";

/** Endpoints share one identity space (a Pod and a Deployment of the same name are the same endpoint). */
function identity(object: KubeObject): string {
  const role = object.kind === "NetworkPolicy" ? "policy" : object.kind === "Namespace" ? "namespace" : "endpoint";
  const namespace = object.kind === "Namespace" ? "" : (object.metadata.namespace ?? "default");
  return `${role}/${namespace}/${object.metadata.name}`;
}

function renamed(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, name: `${object.metadata.name}-h` } } as KubeObject;
}

export function changeArb(): fc.Arbitrary<ClusterChange> {
  return fc
    .record({
      base: clusterArb(),
      other: clusterArb(),
      steps: fc.array(fc.constantFrom<Step>("keep", "keep", "drop", "swap", "swap"), { minLength: 16, maxLength: 16 }),
      additions: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    })
    .map(({ base, other, steps, additions }) => {
      const others = new Map(other.objects.map((object) => [identity(object), object]));
      const head: KubeObject[] = [];
      base.objects.forEach((object, i) => {
        const step = steps[i % steps.length];
        const swap = others.get(identity(object));
        if (step === "keep" || (step === "swap" && swap === undefined)) head.push(object);
        else if (step === "swap" && swap !== undefined) head.push(swap);
      });
      const taken = new Set(head.map(identity));
      other.objects.forEach((object, i) => {
        if (!additions[i % additions.length] || object.kind === "Namespace") return;
        const fresh = renamed(object);
        if (!taken.has(identity(fresh))) head.push(fresh);
      });
      return { base: base.objects, head };
    });
}
