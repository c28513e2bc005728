/**
 * diff and report agree with reach on every pair: on random clusters and random changes, every
 * ordered pair of the union of both sides' endpoints compares exactly as the two sides' own
 * `reach` answers say, with nothing left out (a change reaching only some rows and columns must
 * not hide one), and the report draws exactly reach's allowed pairs.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { connectionReport, connectionResults, ConnectionSet, prepare, reachScope } from "../../../netpol";
import { cidrContainsCidr, parseCidr, universe } from "../../../netpol/addresses";
import { diffObjects, FlowDiff, SideProvenance } from "../../../netpol/diff";
import { explainConnections } from "../../../netpol/reference";
import { buildReport, groupEndpoints, groupFlows } from "../../../netpol/report";
import { Cidr } from "../../../netpol/model";
import { comparableModels } from "../../../netpol/diff";
import { changeArb } from "./changes";
import { propertyRuns } from "../../depth";

const SEED = Number(process.env.NETPOL_DIFF_SEED ?? 20260717);
const RUNS = propertyRuns("NETPOL_DIFF_RUNS", { quick: 50, deep: 400 });

/** An atom id ("10.0.0.0/8" or "0.0.0.0/0 except a,b") as its block and holes. */
function parseAtom(id: string): { block: Cidr; holes: Cidr[] } {
  const [block, holes] = id.split(" except ");
  const parse = (text: string): Cidr => parseCidr(text) ?? assert.fail(`not a CIDR: ${text}`);
  return { block: parse(block as string), holes: holes === undefined ? [] : holes.split(",").map(parse) };
}

/** The side's own atom holding the union atom: inside its block and in none of its holes. */
function ownAtom(unionAtom: string, sideAtoms: readonly string[]): string {
  const { block } = parseAtom(unionAtom);
  const holders = sideAtoms.filter((id) => {
    const atom = parseAtom(id);
    return cidrContainsCidr(atom.block, block) && !atom.holes.some((hole) => cidrContainsCidr(hole, block));
  });
  assert.equal(holders.length, 1, `union atom ${unionAtom} lies in exactly one atom of ${sideAtoms.join(" | ")}`);
  return holders[0] as string;
}

interface SideAnswer {
  readonly pods: ReadonlySet<string>;
  readonly podKinds: ReadonlyMap<string, string>;
  readonly connections: (from: string, to: string) => ConnectionSet;
  readonly atoms: readonly string[];
}

/**
 * A side as reach answers it on its own ipBlocks. IPv6 addresses are always split out (::/0):
 * reach leaves that family out when a side never mentions it, but the side still answers for it.
 */
function sideAnswer(objects: readonly unknown[]): SideAnswer {
  const analysis = prepare(objects, "reference", { externalBlocks: [universe("ipv6")] });
  const reach = connectionResults(analysis, reachScope(analysis.model, "connections"));
  const pairs = new Map([...reach.pairs].map((pair) => [`${pair.from}\u0000${pair.to}`, pair.connections]));
  const pods = new Set(reach.endpoints.filter((id) => !reach.externals.includes(id)));
  return {
    pods,
    podKinds: new Map(analysis.model.pods.map((pod) => [pod.id, pod.sourceKind])),
    atoms: reach.externals,
    connections: (from, to) => pairs.get(`${from}\u0000${to}`) ?? ConnectionSet.NONE,
  };
}

function expectedChanges(base: SideAnswer, head: SideAnswer, externals: readonly string[]): Map<string, { before: string; after: string }> {
  const pods = [...new Set([...base.pods, ...head.pods])].sort();
  const on = (side: SideAnswer, id: string): string | undefined => (externals.includes(id) ? ownAtom(id, side.atoms) : side.pods.has(id) ? id : undefined);
  const expected = new Map<string, { before: string; after: string }>();
  const all = [...pods, ...externals];
  for (const from of all) {
    for (const to of all) {
      if (externals.includes(from) && externals.includes(to)) continue;
      if (from === to && (base.podKinds.get(from) === "Pod" || head.podKinds.get(from) === "Pod")) continue;
      const answer = (side: SideAnswer): ConnectionSet => {
        const [a, b] = [on(side, from), on(side, to)];
        return a === undefined || b === undefined ? ConnectionSet.NONE : side.connections(a, b);
      };
      const [before, after] = [answer(base), answer(head)];
      if (!before.equals(after)) expected.set(`${from} => ${to}`, { before: before.format(), after: after.format() });
    }
  }
  return expected;
}

function actualChanges(diff: FlowDiff): Map<string, { before: string; after: string }> {
  return new Map(diff.changes.map((change) => [`${change.from} => ${change.to}`, { before: change.before.format(), after: change.after.format() }]));
}

function assertSetsConsistent(diff: FlowDiff): void {
  for (const change of diff.changes) {
    assert.ok(change.added.equals(change.after.subtract(change.before)), `added of ${change.from} => ${change.to}`);
    assert.ok(change.removed.equals(change.before.subtract(change.after)), `removed of ${change.from} => ${change.to}`);
    assert.equal(change.allowedBy !== undefined, !change.added.isEmpty(), `provenance exactly for added connections: ${change.from} => ${change.to}`);
  }
}

/** Provenance names only policies the reference engine says allow something on that side, and says "not isolated" exactly when it does. */
function assertProvenance(head: readonly unknown[], diff: FlowDiff): void {
  const { base: model } = comparableModels(head, []);
  const endpoint = (id: string) => model.endpoints.find((e) => e.id === id);
  for (const change of diff.changes) {
    if (change.allowedBy === undefined) continue;
    const [from, to] = [endpoint(change.from), endpoint(change.to)];
    if (from === undefined || to === undefined) continue; // an atom the head alone does not split out
    const verdict = explainConnections(model, from, to);
    for (const direction of ["egress", "ingress"] as const) {
      const said: SideProvenance = change.allowedBy[direction];
      const truth = verdict[direction];
      if (said.kind === "allowed") {
        assert.equal(truth.kind, "allowed", `${direction} of ${change.from} => ${change.to}`);
        for (const policy of said.by) assert.ok(truth.kind === "allowed" && truth.by.includes(policy), `${policy} allows ${change.from} => ${change.to}`);
      } else {
        assert.equal(said.kind, truth.kind, `${direction} of ${change.from} => ${change.to}`);
      }
    }
  }
}

describe("netpol diff and report: agree with reach on every pair (random clusters and changes)", () => {
  it(`diff lists exactly the pairs whose reach answers differ, before and after as reach says (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(changeArb(), fc.constantFrom("fast" as const, "reference" as const), ({ base, head }, engine) => {
        const diff = diffObjects(base, head, { engine });
        const expected = expectedChanges(sideAnswer(base), sideAnswer(head), diff.externals);
        assert.deepEqual(Object.fromEntries(actualChanges(diff)), Object.fromEntries(expected));
        assertSetsConsistent(diff);
        assertProvenance(head, diff);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("a side diffed with itself is identical, and endpoints present on one side only are listed as such", () => {
    fc.assert(
      fc.property(changeArb(), ({ base, head }) => {
        const same = diffObjects(head, head);
        assert.deepEqual([same.changes.length, same.endpointsAdded.length, same.endpointsRemoved.length], [0, 0, 0]);
        const diff = diffObjects(base, head);
        const [basePods, headPods] = [sideAnswer(base).pods, sideAnswer(head).pods];
        assert.deepEqual(diff.endpointsAdded.map((e) => e.id), [...headPods].filter((id) => !basePods.has(id)).sort());
        assert.deepEqual(diff.endpointsRemoved.map((e) => e.id), [...basePods].filter((id) => !headPods.has(id)).sort());
      }),
      { seed: SEED + 1, numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it(`the report draws exactly reach's allowed pairs (a Pod to itself aside), and its groups' unions of them (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(changeArb(), fc.constantFrom("fast" as const, "reference" as const), ({ head }, engine) => {
        const report = buildReport(head, { engine });
        const reach = connectionReport(head, "reference");
        const kinds = new Map(comparableModels(head, []).base.pods.map((pod) => [pod.id, pod.sourceKind]));
        const expected = reach.pairs
          .filter((pair) => !pair.connections.isEmpty() && !(pair.from === pair.to && kinds.get(pair.from) === "Pod"))
          .map((pair) => `${pair.from} => ${pair.to} : ${pair.connections.format()}`);
        const ids = report.model.endpoints.map((endpoint) => endpoint.id);
        const actual = report.pairs.map((pair) => `${ids[pair.from]} => ${ids[pair.to]} : ${pair.connections.format()}`);
        assert.deepEqual(actual, expected);
        assert.equal(report.summary.allowedPairs, expected.length);
        const grouping = groupEndpoints(report);
        const flows = groupFlows(report, grouping);
        assert.equal(flows.reduce((sum, flow) => sum + flow.allowed, 0), expected.length, "every allowed pair is in one group flow");
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });
});
