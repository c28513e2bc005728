/**
 * RowTable (rows.ts) by hand (issue 14): a row is the union of its peer sets, split into a big
 * part (sets above bigAbove, never copied) and a sorted small part outside it; rows are interned
 * by the sets they are made of, whatever their order, repeats and empty sets, so classes whose
 * rules name the same peers share one row.
 */
import { strict as assert } from "assert";
import { ClassSet } from "../../../netpol/fast/classSet";
import { Row, rowHas, RowTable } from "../../../netpol/fast/rows";

const SIZE = 40;
const universe = { size: SIZE, denseAbove: 4, all: ClassSet.everything(SIZE) };
const set = (...members: number[]): ClassSet => ClassSet.fromSorted(Int32Array.from(members), SIZE, universe.denseAbove);

function contents(table: RowTable, id: number): { small: number[]; big: number[] | null; count: number; members: number[] } {
  const row = table.rows[id] as Row;
  const members = Array.from({ length: SIZE }, (_, index) => index).filter((index) => rowHas(row, index));
  return { small: [...row.small], big: row.big === null ? null : [...row.big.members()], count: row.count, members };
}

describe("netpol fast engine: rows", () => {
  it("starts with everything (not isolated) and nothing (isolated, nothing contributes)", () => {
    const table = new RowTable(universe);
    assert.equal(table.everything, 0);
    assert.equal(table.nothing, 1);
    assert.equal(table.bigAbove, 4, "the dense threshold by default");
    assert.equal(contents(table, table.everything).count, SIZE);
    assert.equal(contents(table, table.everything).members.length, SIZE);
    assert.deepEqual(contents(table, table.nothing), { small: [], big: null, count: 0, members: [] });
    assert.equal(new RowTable(universe, { bigAbove: 9 }).bigAbove, 9);
  });

  it("interns rows by their sets: order, repeats and empty sets do not make another row", () => {
    const table = new RowTable(universe, { bigAbove: 3 });
    const [a, b, empty] = [set(1, 5), set(2, 5, 7), set()];
    const ab = table.rowOf([a, b]);
    assert.equal(table.rowOf([b, a]), ab);
    assert.equal(table.rowOf([a, b, a, empty]), ab);
    assert.deepEqual(contents(table, ab), { small: [1, 2, 5, 7], big: null, count: 4, members: [1, 2, 5, 7] });
    const onlyA = table.rowOf([a]);
    assert.notEqual(onlyA, ab);
    assert.equal(table.rowOf([a, empty]), onlyA, "one set left: the same row as that set alone");
    assert.equal(table.rowOf([a, a]), onlyA);
    assert.equal(table.rowOf([a]), onlyA);
    assert.deepEqual(contents(table, onlyA), { small: [1, 5], big: null, count: 2, members: [1, 5] });
    assert.equal(table.rowOf([]), table.nothing);
    assert.equal(table.rowOf([empty]), table.nothing);
    assert.equal(table.rowOf([empty, set()]), table.nothing);
    assert.equal(table.rowOf([a, universe.all]), table.everything);
    assert.equal(table.rowOf([universe.all]), table.everything);
    assert.equal(table.rows.length, 4, "everything, nothing, a ∪ b, a");
  });

  it("keeps sets above bigAbove as the big part, and the small part outside it", () => {
    const table = new RowTable(universe, { bigAbove: 3 });
    const big = set(0, 1, 2, 3, 20, 30);
    const other = set(4, 5, 6, 7, 8);
    const small = set(3, 9, 35);
    const small2 = set(10, 35);
    const exactlyAtLimit = set(11, 12, 13);
    const one = table.rowOf([small, big]);
    assert.deepEqual(contents(table, one), { small: [9, 35], big: [0, 1, 2, 3, 20, 30], count: 8, members: [0, 1, 2, 3, 9, 20, 30, 35] });
    assert.equal((table.rows[one] as Row).big, big, "a single big set is shared, not copied");
    const two = table.rowOf([big, small, other, small2, exactlyAtLimit]);
    const row = contents(table, two);
    assert.deepEqual(row.big, [0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 30]);
    assert.deepEqual(row.small, [9, 10, 11, 12, 13, 35]);
    assert.equal(row.count, 17);
    assert.deepEqual(row.members, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20, 30, 35]);
    // The union of the same big sets is made once.
    const again = table.rowOf([other, big, small2]);
    assert.equal((table.rows[again] as Row).big, (table.rows[two] as Row).big);
    assert.deepEqual(contents(table, table.rowOf([big])), { small: [], big: [0, 1, 2, 3, 20, 30], count: 6, members: [0, 1, 2, 3, 20, 30] });
    assert.deepEqual(contents(table, table.rowOf([exactlyAtLimit])), { small: [11, 12, 13], big: null, count: 3, members: [11, 12, 13] });
  });
});
