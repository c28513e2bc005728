/**
 * What the fast engine's Calico tiers keep in memory (tiered.ts): rule vectors and sides are
 * sparse (the most frequent set id as background, the other peers as exceptions), a large peer
 * set with one id is kept once as the sides' shared big part instead of being listed in each,
 * and the probe rows built from such a side hold that part as a set of its own. What is stored is
 * what the capacity stop counts (16 bytes per exception, tieredCapacity.test.ts), so these
 * counts are the engine's memory on large clusters; the answers are checked in tieredCrafted.test.ts.
 */
import { strict as assert } from "assert";
import { buildModel, PortProbe } from "../../../netpol";
import { FastOptions, groupIntoClasses } from "../../../netpol/fast";
import { ClassSet, denseThreshold } from "../../../netpol/fast/classSet";
import { RowTable } from "../../../netpol/fast/rows";
import { TieredSides } from "../../../netpol/fast/tiered";
import { bigPartCluster, gnp, k8sPolicy, namespace, pod, wideCluster } from "./tieredClusters";

type Raw = Record<string, unknown>;

/** TieredSides with every side of every pair computed, as the engine asks for them. */
function allSides(objects: Raw[], options: FastOptions = {}): { tiered: TieredSides; size: number; pods: number } {
  const model = buildModel(objects);
  const grouping = groupIntoClasses(model);
  const tiered = new TieredSides(model, grouping, options);
  for (let source = 0; source < grouping.classes.length; source++) {
    for (let destination = 0; destination < grouping.podClassCount; destination++) tiered.pairConnections(source, destination);
  }
  return { tiered, size: grouping.classes.length, pods: grouping.podClassCount };
}

/** Exceptions stored (bytes / 16). */
const exceptions = (tiered: TieredSides): number => (tiered as unknown as { storedBytes: number }).storedBytes / 16;

describe("netpol fast engine: what the Calico tiers store", () => {
  it("a rule vector and a side keep as exceptions only the peers whose set is not the most frequent one", () => {
    // q0 may send to q0, q1 (web on 80) and q4 (web on 8080): of the 6 classes (5 pods and the
    // rest of the world), 3 are matched, with 2 different sets; "nothing" is the most frequent.
    const objects = [
      namespace("shop"),
      ...["q0", "q1", "q2", "q3"].map((name) => pod("shop", name, { app: name }, 80)), pod("shop", "q4", { app: "q4" }, 8080),
      gnp("q0-out", { selector: "app == 'q0'", egress: [{ action: "Allow", protocol: "TCP", destination: { selector: "app in {'q0', 'q1', 'q4'}", ports: ["web"] } }] }),
    ];
    const { tiered, size } = allSides(objects);
    assert.equal(size, 6);
    // The rule's vector: 3 exceptions; q0's egress side: the same 3 (nothing else is allowed).
    assert.equal(exceptions(tiered), 6);
    assert.equal(tiered.sideSet("egress", 0, 4)?.format(), "TCP 8080");
    assert.equal(tiered.sideSet("egress", 0, 1)?.format(), "TCP 80");
    assert.ok(tiered.sideSet("egress", 0, 2)?.isEmpty());
  });

  it("a Kubernetes rule toward every peer stores its set as the background: on its ports alone, or per destination's named ports", () => {
    // Calico tiers (a policy for nobody) with Kubernetes policies for q0 and q1: "web" is 80 on q0 to
    // q3, 8080 on q4. q0 and q1 share the rule's vectors and their sides.
    const cluster = (policy: Raw): Raw[] => [
      namespace("shop"),
      ...["q0", "q1", "q2", "q3"].map((name) => pod("shop", name, { app: name }, 80)), pod("shop", "q4", { app: "q4" }, 8080),
      gnp("nobody", { selector: "app == 'none'", ingress: [{ action: "Deny" }] }),
      k8sPolicy("shop", "q0-q1", { podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["q0", "q1"] }] }, ...policy }),
    ];
    // Ingress on "web" and TCP 9000 from anywhere (the named port is the subject's): one set toward every class, nothing stored.
    assert.equal(exceptions(allSides(cluster({ ingress: [{ ports: [{ port: "web" }, { port: 9000 }] }] })).tiered), 0);
    // Egress to anywhere on "web": TCP 80 toward q0 to q3 (the background), TCP 8080 toward q4 and
    // nothing toward the rest of the world: 2 exceptions in the rule's vector and 2 in the side.
    const { tiered } = allSides(cluster({ policyTypes: ["Egress"], egress: [{ ports: [{ port: "web" }] }] }));
    assert.equal(exceptions(tiered), 4);
    assert.equal(tiered.sideSet("egress", 0, 4)?.format(), "TCP 8080");
    assert.equal(tiered.sideSet("egress", 0, 5)?.isEmpty(), true);
  });

  it("subjects with the same tiers and rule results share one side, and a rule's vectors when it reads nothing of them", () => {
    // q0 and q1 may send to q4 only: one vector (1 exception, q4) and one side (the same), for both.
    const objects = [
      namespace("shop"),
      ...["q0", "q1", "q2", "q3", "q4"].map((name) => pod("shop", name, { app: name }, 80)),
      gnp("to-q4", { selector: "app in {'q0', 'q1'}", egress: [{ action: "Allow", destination: { selector: "app == 'q4'" } }] }),
    ];
    const { tiered } = allSides(objects);
    assert.equal(exceptions(tiered), 2);
    assert.equal(tiered.vectorComputations, 1);
  });

  it("the largest peer set with one id is the big part; peers whose walk gives the background are not stored", () => {
    // 16 pods: s0 may send TCP 80 to 5 pods (g1), TCP 81 to 8 (g2), TCP 82 to 3 (g3); a Log rule
    // names 2 more (g4), which decides nothing. With sets above 2 big, g2 is the big part: the
    // vectors store 5 + 8 + 3 + 2 exceptions, the side the 8 of g1 and g3 (g4 walks to nothing).
    const group = (index: number): string => (index < 5 ? "g1" : index < 13 ? "g2" : index < 16 ? "g3" : "g4");
    const objects = [
      namespace("shop"),
      ...Array.from({ length: 18 }, (_, index) => pod("shop", `t${String(index).padStart(2, "0")}`, { app: `t${index}`, g: group(index) }, 80)),
      pod("shop", "s0", { app: "s0" }, 80),
      gnp("s0-out", {
        selector: "app == 's0'",
        egress: [
          { action: "Allow", protocol: "TCP", destination: { selector: "g == 'g1'", ports: [80] } },
          { action: "Allow", protocol: "TCP", destination: { selector: "g == 'g2'", ports: [81] } },
          { action: "Allow", protocol: "TCP", destination: { selector: "g == 'g3'", ports: [82] } },
          { action: "Log", destination: { selector: "g == 'g4'" } },
        ],
      }),
    ];
    const { tiered } = allSides(objects, { bigAbove: 2 });
    assert.equal(exceptions(tiered), 18 + 8);
    assert.equal(exceptions(allSides(objects, { bigAbove: 1e9 }).tiered), 18 + 16);
  });

  it("a peer set of more than 64 classes with one id is shared by the sides, not listed in each (the default threshold)", () => {
    const stored = (options: FastOptions): number => exceptions(allSides(wideCluster(), options).tiered);
    const byDefault = stored({});
    // The Kubernetes rule toward the namespace's 72 pods is the big part under the default
    // threshold (64 for fewer than 2,048 classes), as with 64 or 71 given; with 72 or more it is
    // listed in every side of group 1, and with 2 more vectors become big parts.
    assert.equal(stored({ bigAbove: 64 }), byDefault);
    assert.equal(stored({ bigAbove: 71 }), byDefault);
    const listed = stored({ bigAbove: 72 });
    assert.ok(listed > byDefault, `${listed} > ${byDefault}`);
    assert.equal(stored({ bigAbove: 1e9 }), listed);
    assert.ok(stored({ bigAbove: 2 }) < byDefault);
  });
});

describe("netpol fast engine: probe rows under the Calico tiers", () => {
  const PORT_9000: PortProbe = { port: 9000, protocol: "TCP" };

  function rowsOf(options: FastOptions, probe: PortProbe): { table: RowTable; first: ReturnType<TieredSides["probeRows"]>; again: ReturnType<TieredSides["probeRows"]>; classOf: (app: string) => number } {
    const model = buildModel(bigPartCluster());
    const grouping = groupIntoClasses(model);
    const tiered = new TieredSides(model, grouping, options);
    const size = grouping.classes.length;
    const universe = { size, denseAbove: options.denseAbove ?? denseThreshold(size), all: ClassSet.everything(size) };
    const table = new RowTable(universe, options);
    const classOf = (app: string): number => grouping.classOf[model.endpoints.findIndex((endpoint) => endpoint.id === `shop/${app}`)] as number;
    return { table, first: tiered.probeRows(table, universe, probe), again: tiered.probeRows(table, universe, probe), classOf };
  }

  it("a side's big part admitted on the probe joins its rows whole, as one set of its own: asked again, the same rows", () => {
    const { table, first, again, classOf } = rowsOf({}, PORT_9000);
    // Group 1 without exceptions (p13), with admitted exceptions inside the big part (p04; p10, with
    // one outside it too): every pod may send, as one big set; p01 lists its 70 senders instead.
    const shared = table.rows[first.ingress[classOf("p13")] as number];
    assert.equal(shared?.big?.count, 72);
    assert.equal(shared?.small.length, 0);
    for (const app of ["p04", "p10"]) {
      const row = table.rows[first.ingress[classOf(app)] as number];
      assert.ok(row?.big === shared?.big && row?.count === 72, `${app} shares the big part`);
    }
    // The big part is one set: asked again, those sides have the same row (a list would be a new set).
    assert.equal(again.ingress[classOf("p13")], first.ingress[classOf("p13")]);
    const p01 = table.rows[first.ingress[classOf("p01")] as number];
    assert.notEqual(p01?.id, shared?.id);
    assert.equal(p01?.count, 70);
  });

  it("a side that admits every class has the table's row for everything", () => {
    const { table, first, classOf } = rowsOf({ denseAbove: 1e9 }, PORT_9000);
    assert.equal(first.egress[classOf("p02")], table.everything);
  });
});
