/** Equivalence classes: which endpoints the fast engine may answer for together, and which not. */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel } from "../../../netpol";
import { Bitset, emptyBitset, fullBitset, has, set } from "../../../netpol/fast/bitset";
import { countAllowedPairs } from "../../../netpol/fast/count";
import { ClassGrouping, groupIntoClasses } from "../../../netpol/fast";
import { ContainerPort, KubeObject } from "../../../netpol/generate/kube";
import { endpointObject, namespaceObject, policyObject } from "../../../netpol/generate/objects";
import { NetpolModel } from "../../../netpol/model";

const HTTP_80: ContainerPort = { containerPort: 80, name: "http" };

function pod(id: string, labels: Record<string, string>, ports: readonly ContainerPort[] = [HTTP_80], ips: readonly string[] = []): KubeObject {
  const [namespace, name] = id.split("/") as [string, string];
  return endpointObject({ kind: "Pod", namespace, name, labels, ports, ips });
}

function grouped(objects: readonly KubeObject[]): { model: NetpolModel; grouping: ClassGrouping; classOf: (id: string) => number } {
  const model = buildModel(objects);
  const grouping = groupIntoClasses(model);
  const classOf = (id: string): number => {
    const index = model.endpoints.findIndex((endpoint) => endpoint.id === id);
    assert.ok(index >= 0, `no endpoint ${id}`);
    return grouping.classOf[index] as number;
  };
  return { model, grouping, classOf };
}

describe("netpol fast engine: equivalence classes", () => {
  it("puts replicas with the same namespace, labels and named ports in one class", () => {
    const { grouping, classOf } = grouped([pod("x/web-1", { app: "web" }), pod("x/web-2", { app: "web" }), pod("x/web-3", { app: "web" })]);
    assert.equal(grouping.podClassCount, 1);
    assert.equal(classOf("x/web-1"), classOf("x/web-3"));
    assert.deepEqual(grouping.classes[0]?.members, [0, 1, 2]);
  });

  it("separates pods by namespace, by labels and by named ports, but not by unnamed ports", () => {
    const { classOf } = grouped([
      pod("x/a", { app: "a" }),
      pod("y/a", { app: "a" }),
      pod("x/b", { app: "b" }),
      pod("x/http-on-8080", { app: "a" }, [{ containerPort: 8080, name: "http" }]),
      pod("x/http-on-udp", { app: "a" }, [{ containerPort: 80, name: "http", protocol: "UDP" }]),
      pod("x/extra-unnamed", { app: "a" }, [HTTP_80, { containerPort: 9999 }]),
    ]);
    const distinct = ["y/a", "x/b", "x/http-on-8080", "x/http-on-udp"].map(classOf);
    assert.equal(new Set([classOf("x/a"), ...distinct]).size, 5, "namespace, labels, port number and protocol of a named port each split");
    assert.equal(classOf("x/extra-unnamed"), classOf("x/a"), "an unnamed port cannot change a verdict");
  });

  it("splits pods by the ipBlock atoms their known IPs fall in", () => {
    const policy = policyObject("from-range", {
      namespace: "x", podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/24", except: ["10.0.0.128/25"] } }] }],
    });
    const { classOf } = grouped([
      pod("x/low-1", { app: "a" }, [HTTP_80], ["10.0.0.1"]),
      pod("x/low-2", { app: "a" }, [HTTP_80], ["10.0.0.2"]),
      pod("x/high", { app: "a" }, [HTTP_80], ["10.0.0.200"]),
      pod("x/outside", { app: "a" }, [HTTP_80], ["10.9.9.9"]),
      policy,
    ]);
    assert.equal(classOf("x/low-1"), classOf("x/low-2"), "same atom (inside cidr, outside except)");
    assert.notEqual(classOf("x/low-1"), classOf("x/high"), "the except carves 10.0.0.128/25 out");
    assert.notEqual(classOf("x/low-1"), classOf("x/outside"));
  });

  it("gives each external atom its own class after the pod classes, and pods contiguous ranges per namespace", () => {
    const policy = policyObject("to-internet", { namespace: "x", podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }] });
    const { model, grouping } = grouped([pod("x/a", { app: "a" }), pod("y/a", { app: "a" }), pod("x/b", { app: "b" }), namespaceObject("z", {}), policy]);
    assert.equal(grouping.podClassCount, 3);
    assert.equal(grouping.classes.length, 3 + model.externals.length);
    model.externals.forEach((atom, index) => assert.equal(grouping.classes[3 + index]?.representative, atom));
    assert.deepEqual(Object.fromEntries(grouping.namespaceRanges), { x: { first: 0, end: 2 }, y: { first: 2, end: 3 } });
  });
});

/** Pair count by brute force over pods: class c stands for weights[c] pods. */
function bruteForceCount(ingress: readonly Bitset[], egress: readonly Bitset[], weights: readonly number[]): number {
  let total = 0;
  weights.forEach((sourceWeight, source) => weights.forEach((destinationWeight, destination) => {
    if (has(egress[source] as Bitset, destination) && has(ingress[destination] as Bitset, source)) total += sourceWeight * destinationWeight;
  }));
  return total;
}

describe("netpol fast engine: class-level pair counting", () => {
  it("equals the pod-by-pod count, with rows shared between classes as the engine shares them", () => {
    const matrix = fc.integer({ min: 1, max: 90 }).chain((size) => fc.record({
      weights: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: size, maxLength: size }),
      pool: fc.array(fc.array(fc.integer({ min: 0, max: size + 3 }), { maxLength: size }), { minLength: 1, maxLength: 4 }),
      ingressChoice: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: size, maxLength: size }),
      egressChoice: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: size, maxLength: size }),
    }));
    fc.assert(fc.property(matrix, ({ weights, pool, ingressChoice, egressChoice }) => {
      const width = weights.length + 4; // rows also carry bits beyond the pod classes, as external atoms do
      const all = fullBitset(width);
      const rows = pool.map((bits) => {
        const row = emptyBitset(width);
        bits.forEach((bit) => set(row, bit));
        return row;
      });
      const pick = (choice: number): Bitset => (choice < rows.length ? (rows[choice] as Bitset) : all);
      const ingress = ingressChoice.map(pick);
      const egress = egressChoice.map(pick);
      assert.equal(countAllowedPairs(ingress, egress, weights, all), bruteForceCount(ingress, egress, weights));
    }), { numRuns: 300, seed: 7 });
  });
});
