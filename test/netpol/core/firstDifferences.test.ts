/** verify's bounded list: the first differences in pair order, whatever order they are found in, and the whole count. */
import { strict as assert } from "assert";
import fc from "fast-check";
import { FirstDifferences, Placed } from "../../../netpol/firstDifferences";

const byPair = (a: Placed, b: Placed): number => a.from - b.from || a.to - b.to;

describe("netpol verify: the first differences of many", () => {
  it("keeps the first `limit` in pair order and counts every one (against sorting them all)", () => {
    // `found` numbers the differences in the order they are found: a pair's later ones (its sides) stay after its earlier ones.
    const placed = fc.record({ from: fc.nat(20), to: fc.nat(20) });
    fc.assert(
      fc.property(fc.array(placed, { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (pairs, limit) => {
        const items = pairs.map((pair, found) => ({ ...pair, found }));
        const first = new FirstDifferences<Placed & { found: number }>(limit);
        items.forEach((item) => first.add(item));
        assert.equal(first.count, items.length);
        assert.deepEqual(first.first(), [...items].sort((a, b) => byPair(a, b) || a.found - b.found).slice(0, limit));
      }),
      { numRuns: 500, seed: 14 },
    );
  });

  it("holds fewer than 2·limit at any time: cut back to the limit when the buffer doubles, later pairs not held at all", () => {
    const heldAfterEach = (froms: readonly number[], limit: number): number[] => {
      const first = new FirstDifferences<Placed>(limit);
      return froms.map((from) => {
        first.add({ from, to: 0 });
        return first.held;
      });
    };
    const descending = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    assert.deepEqual(heldAfterEach(descending, 3), [1, 2, 3, 4, 5, 3, 4, 5, 3, 4], "each new pair comes first: held until the next cut");
    assert.deepEqual(heldAfterEach([...descending].reverse(), 3), [1, 2, 3, 4, 5, 3, 3, 3, 3, 3], "once cut, pairs after the last kept are counted, not held");
    const first = new FirstDifferences<Placed>(2);
    first.add({ from: 1, to: 0 });
    first.add({ from: 2, to: 0 });
    assert.equal(first.first().length, 2);
    first.add({ from: 3, to: 0 });
    assert.deepEqual([first.held, first.count], [2, 3], "a full list read once still turns away later pairs");
  });

  it("without a limit keeps them all, in pair order", () => {
    const first = new FirstDifferences<Placed>(Infinity);
    for (const item of [{ from: 2, to: 0, side: "end to end" }, { from: 0, to: 5, side: "end to end" }, { from: 0, to: 5, side: "egress" }]) first.add(item);
    assert.deepEqual(first.first(), [{ from: 0, to: 5, side: "end to end" }, { from: 0, to: 5, side: "egress" }, { from: 2, to: 0, side: "end to end" }]);
    assert.equal(first.count, 3);
  });
});
