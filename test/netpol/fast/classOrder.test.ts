/**
 * How the fast engine numbers its classes (classes.ts): namespace by namespace in name order,
 * whatever order the model lists its pods in, and the distinct label maps of the pod classes,
 * each once, in the order they first occur, with each class's index among them.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { groupIntoClasses } from "../../../netpol/fast";
import { endpointObject } from "../../../netpol/generate/objects";
import { NetpolModel, PodEndpoint } from "../../../netpol/model";

const pod = (namespace: string, name: string, labels: Record<string, string>): ReturnType<typeof endpointObject> =>
  endpointObject({ kind: "Pod", namespace, name, labels, ports: [], ips: [] });

const MODEL = buildModel([pod("a", "p", { app: "x" }), pod("b", "p", { app: "y" }), pod("c", "p", { app: "x" }), pod("c", "q", { app: "z" })]);

/** The same model with its pods listed in reverse (a model built by other means need not sort them). */
function reversed(model: NetpolModel): NetpolModel {
  const pods = [...model.pods].reverse();
  return { ...model, pods, endpoints: [...pods, ...model.externals] };
}

describe("netpol fast engine: class numbering", () => {
  it("numbers pod classes namespace by namespace, in name order, whatever the order of the model's pods", () => {
    for (const model of [MODEL, reversed(MODEL)]) {
      const grouping = groupIntoClasses(model);
      const namespaces = grouping.classes.slice(0, grouping.podClassCount).map((endpointClass) => (endpointClass.representative as PodEndpoint).namespace);
      assert.deepEqual(namespaces, ["a", "b", "c", "c"]);
      assert.deepEqual([...grouping.namespaceRanges.entries()].map(([name, range]) => `${name} ${range.first}-${range.end}`), ["a 0-1", "b 1-2", "c 2-4"]);
    }
  });

  it("lists each distinct label map of the pod classes once, and each class's index among them", () => {
    const grouping = groupIntoClasses(MODEL);
    assert.deepEqual(grouping.labelSets, [{ app: "x" }, { app: "y" }, { app: "z" }]);
    assert.deepEqual([...grouping.labelSetOf], [0, 1, 0, 2]);
  });
});
