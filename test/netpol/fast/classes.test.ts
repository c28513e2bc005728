/** Equivalence classes: which endpoints the fast engine may answer for together, and which not. */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel } from "../../../netpol";
import { ClassSet } from "../../../netpol/fast/classSet";
import { countAllowedPairs, reachWeights } from "../../../netpol/fast/count";
import { ProbeRows } from "../../../netpol/fast/probe";
import { Row, rowHas, RowTable } from "../../../netpol/fast/rows";
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
function bruteForceReach(rows: ProbeRows, table: RowTable, weights: Float64Array): number[] {
  const row = (id: number): Row => table.rows[id] as Row;
  return [...weights].map((_, source) => [...weights].reduce((sum, weight, destination) =>
    rowHas(row(rows.egress[source] as number), destination) && rowHas(row(rows.ingress[destination] as number), source) ? sum + weight : sum, 0));
}

describe("netpol fast engine: class-level pair counting", () => {
  it("equals the pod-by-pod count, whatever the sets' storage and the rows' split into small and big parts", () => {
    const matrix = fc.integer({ min: 1, max: 90 }).chain((size) => fc.record({
      weights: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: size, maxLength: size }),
      pool: fc.array(fc.array(fc.integer({ min: 0, max: size + 3 }), { maxLength: size }), { minLength: 1, maxLength: 5 }),
      ingressChoice: fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }), { minLength: size, maxLength: size }),
      egressChoice: fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }), { minLength: size, maxLength: size }),
      denseAbove: fc.integer({ min: 0, max: 40 }),
      bigAbove: fc.integer({ min: 0, max: 40 }),
    }));
    fc.assert(fc.property(matrix, ({ weights, pool, ingressChoice, egressChoice, denseAbove, bigAbove }) => {
      const width = weights.length + 4; // rows also carry classes beyond the weighted ones, as external atoms are
      const all = ClassSet.everything(width);
      const sets = pool.map((members) => ClassSet.fromUnsorted(members, width, denseAbove));
      const table = new RowTable({ size: width, denseAbove, all }, { bigAbove });
      // A choice past the pool is "everything" (a side no policy isolates); an empty choice is "nothing".
      const rowOf = (choice: readonly number[]): number => {
        const parts = choice.map((index) => sets[index] ?? all);
        const id = table.rowOf(parts);
        for (let member = 0; member < width; member++) {
          assert.equal(rowHas(table.rows[id] as Row, member), parts.some((part) => part.has(member)), `row of ${choice.join(",")} at ${member}`);
        }
        return id;
      };
      const rows: ProbeRows = {
        ingress: Int32Array.from([...ingressChoice.map(rowOf), ...[0, 1, 2, 3].map(() => table.everything)]),
        egress: Int32Array.from([...egressChoice.map(rowOf), ...[0, 1, 2, 3].map(() => table.everything)]),
      };
      const classWeights = Float64Array.from([...weights, 0, 0, 0, 0]);
      const expected = bruteForceReach(rows, table, classWeights);
      assert.deepEqual([...reachWeights(rows, table, classWeights)], expected);
      assert.equal(countAllowedPairs(rows, table, classWeights), expected.reduce((sum, reach, source) => sum + reach * (classWeights[source] as number), 0));
    }), { numRuns: 500, seed: 7 });
  });
});
