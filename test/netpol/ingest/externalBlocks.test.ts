/**
 * verify learns its intent's CIDRs after the model is built: withExternalBlocks gives the model
 * buildModel gives with them, and the very same model when they split no atom further (so that
 * the engine prepared for it still holds).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildModel } from "../../../netpol";
import { parseCidr } from "../../../netpol/addresses";
import { withExternalBlocks } from "../../../netpol/ingest";
import { Cidr } from "../../../netpol/model";
import { clusterArb } from "../generators/arbitraries";
import { namespace, policy } from "../core/helpers";
import { propertyRuns } from "../../depth";

const RUNS = propertyRuns("NETPOL_EXTERNAL_BLOCKS_RUNS", { quick: 150, deep: 1_500 });

/** Blocks the random clusters' ipBlocks also write (from their pools), blocks they never write, and universes. */
const BLOCKS = ["10.0.0.0/8", "10.0.0.0/16", "10.0.1.0/24", "192.168.1.0/24", "172.16.0.0/12", "0.0.0.0/0", "203.0.113.9/32", "fd00::/64", "::/0", "2001:db8::/32"];

function cidr(text: string): Cidr {
  return parseCidr(text) as Cidr;
}

describe("netpol ingest: external blocks added after the model is built", () => {
  it(`give the model built with them, the same object when no atom splits (${RUNS} random clusters)`, () => {
    let same = 0;
    fc.assert(
      fc.property(clusterArb(), fc.subarray(BLOCKS, { maxLength: 2 }), ({ objects }, texts) => {
        const built = buildModel(objects);
        const blocks = texts.map(cidr);
        const added = withExternalBlocks(built, blocks);
        const expected = buildModel(objects, { externalBlocks: blocks });
        assert.deepEqual(added, expected);
        const split = expected.externals.map((atom) => atom.id).join(" ") !== built.externals.map((atom) => atom.id).join(" ");
        assert.equal(added === built, !split, "the same object exactly when the atoms stay");
        if (blocks.length > 0 && !split) same++;
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    assert.ok(same >= RUNS / 20 && same <= RUNS / 2, `blocks already written by the policies in ${same} of ${RUNS} clusters`);
  });

  it("split the atoms of a policy's ipBlock, and leave them when written by the policy already", () => {
    const objects = [namespace("x"), policy("x", "p", { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.0.1.0/24"] } }] }] })];
    const built = buildModel(objects);
    assert.equal(withExternalBlocks(built, []), built);
    assert.equal(withExternalBlocks(built, [cidr("10.0.1.0/24"), cidr("0.0.0.0/0")]), built);
    const split = withExternalBlocks(built, [cidr("10.0.0.0/16")]);
    assert.deepEqual(split.externals.map((atom) => atom.id), ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8 except 10.0.0.0/16", "10.0.0.0/16 except 10.0.1.0/24", "10.0.1.0/24"]);
    assert.deepEqual(split.endpoints.slice(split.pods.length), split.externals);
    assert.deepEqual(withExternalBlocks(built, [cidr("fd00::/64")]).externals.map((atom) => atom.id).slice(-2), ["::/0 except fd00::/64", "fd00::/64"]);
  });

  it("rename atoms without adding any: a block its children cover whole changes its parent's holes", () => {
    const halves = [namespace("x"), policy("x", "p", { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/9" } }, { ipBlock: { cidr: "10.128.0.0/9" } }] }] })];
    const built = buildModel(halves);
    const whole = withExternalBlocks(built, [cidr("10.0.0.0/8")]);
    assert.deepEqual(built.externals.map((atom) => atom.id), ["0.0.0.0/0 except 10.0.0.0/9,10.128.0.0/9", "10.0.0.0/9", "10.128.0.0/9"]);
    assert.deepEqual(whole.externals.map((atom) => atom.id), ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/9", "10.128.0.0/9"]);
    assert.deepEqual(whole, buildModel(halves, { externalBlocks: [cidr("10.0.0.0/8")] }));
  });
});
