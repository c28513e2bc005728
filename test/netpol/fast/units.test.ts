/**
 * The fast engine's building blocks against hand-computed answers (issue 14): bitsets at word
 * boundaries, class sets in both storages, their unions and intersections, the label index and
 * selector keys, and finding the deepest external atom of an address among nested blocks.
 */
import { strict as assert } from "assert";
import { parseAddress, parseCidr } from "../../../netpol/addresses";
import { emptyBitset, fullBitset, setRange, wordsFor } from "../../../netpol/fast/bitset";
import { AtomFinder } from "../../../netpol/fast/classes";
import { ClassSet, contains, denseThreshold, indexIn, intersectSorted, sortedDistinct, unionOf } from "../../../netpol/fast/classSet";
import { LabelIndex, selectorHolds, selectorKey } from "../../../netpol/fast/labelIndex";
import { Address, ExternalEndpoint, Requirement, Selector } from "../../../netpol/model";

const list = (values: ArrayLike<number>): number[] => Array.from(values);
const ints = (...values: number[]): Int32Array => Int32Array.from(values);
const members = (set: ClassSet): number[] => list(set.members());

describe("netpol fast engine: bitsets", () => {
  it("takes one word per 32 bits, rounded up", () => {
    assert.deepEqual([0, 1, 31, 32, 33, 64, 65].map(wordsFor), [0, 1, 1, 1, 2, 2, 3]);
    assert.equal(emptyBitset(33).length, 2);
  });

  it("a full bitset has exactly its size's bits, whole words and a partial last word", () => {
    assert.deepEqual(list(fullBitset(32)), [-1]);
    assert.deepEqual(list(fullBitset(33)), [-1, 1]);
    assert.deepEqual(list(fullBitset(70)), [-1, -1, 0b111111]);
    assert.deepEqual(list(fullBitset(5)), [0b11111]);
  });

  it("sets a range starting and ending inside words", () => {
    const bits = emptyBitset(96);
    setRange(bits, 30, 66);
    assert.deepEqual(list(bits), [(1 << 30) | (1 << 31), -1, 0b11]);
  });
});

describe("netpol fast engine: class sets", () => {
  it("binary search finds every member and nothing else", () => {
    const sorted = ints(1, 4, 9, 16, 25);
    assert.deepEqual([1, 4, 9, 16, 25].map((value) => indexIn(sorted, value)), [0, 1, 2, 3, 4]);
    assert.deepEqual([0, 2, 5, 10, 17, 26].map((value) => indexIn(sorted, value)), [-1, -1, -1, -1, -1, -1]);
    assert.equal(indexIn(ints(), 0), -1);
    assert.ok(contains(sorted, 25) && !contains(sorted, 24));
  });

  it("sorts numerically and drops duplicates", () => {
    assert.deepEqual(list(sortedDistinct([10, 2, 2, 33, 10, 1, 100])), [1, 2, 10, 33, 100]);
    assert.deepEqual(list(sortedDistinct([])), []);
    assert.deepEqual(list(sortedDistinct([3, 3, 3])), [3]);
  });

  it("is dense above one member per 32 classes, and never below 32 members", () => {
    assert.deepEqual([0, 100, 1023, 1024, 2048, 4096].map(denseThreshold), [32, 32, 32, 32, 64, 128]);
  });

  it("stores a set as bits only above the threshold, and knows when it is everything", () => {
    const sparse = ClassSet.fromSorted(ints(1, 2), 40, 2);
    assert.equal(sparse.bits, undefined);
    assert.ok(sparse.has(1) && sparse.has(2) && !sparse.has(0) && !sparse.has(3));
    const dense = ClassSet.fromSorted(ints(1, 2, 35), 40, 2);
    assert.deepEqual(list(dense.bits ?? []), [0b110, 0b1000]);
    assert.ok(dense.has(35) && !dense.has(34) && !dense.has(3) && !dense.everything);
    assert.equal(ClassSet.fromSorted(ints(), 40, -1).bits, undefined, "an empty set is never dense");
    const whole = ClassSet.fromSorted(ints(0, 1, 2), 3, 0);
    assert.ok(whole.everything && whole.count === 3);
    assert.ok(!ClassSet.fromSorted(ints(0, 1, 2), 3, 5).everything, "a sparse set is never everything");
    const everything = ClassSet.everything(40);
    assert.ok(everything.everything && everything.count === 40 && everything.has(39) && everything.has(0));
    assert.deepEqual(members(everything), Array.from({ length: 40 }, (_, index) => index));
  });

  it("lists a dense set's members from its bits", () => {
    const fromUnsorted = ClassSet.fromUnsorted([70, 3, 31, 32, 3, 0], 80, 1);
    assert.notEqual(fromUnsorted.bits, undefined);
    assert.deepEqual(members(fromUnsorted), [0, 3, 31, 32, 70]);
    const { bits } = fromUnsorted;
    assert.deepEqual(list(bits ?? []), [(1 << 0) | (1 << 3) | (1 << 31), 1, 1 << 6]);
  });

  it("unions sets in either storage, sorted and without duplicates", () => {
    const a = ClassSet.fromSorted(ints(1, 5, 33), 64, 100);
    const b = ClassSet.fromSorted(ints(0, 5, 63), 64, 100);
    const c = ClassSet.fromSorted(ints(2, 5, 40, 41), 64, 2);
    const sparseUnion = unionOf([a, b], 64, 100);
    assert.equal(sparseUnion.bits, undefined);
    assert.deepEqual(members(sparseUnion), [0, 1, 5, 33, 63]);
    assert.equal(sparseUnion.count, 5);
    const denseUnion = unionOf([a, b, c], 64, 6);
    assert.notEqual(denseUnion.bits, undefined);
    assert.deepEqual(members(denseUnion), [0, 1, 2, 5, 33, 40, 41, 63]);
    assert.equal(denseUnion.count, 8);
    const bitsOnly = unionOf([c, ClassSet.fromSorted(ints(31, 32), 64, 0)], 64, 0);
    assert.deepEqual(members(bitsOnly), [2, 5, 31, 32, 40, 41]);
    assert.equal(bitsOnly.count, 6);
    assert.ok(unionOf([a, ClassSet.everything(64)], 64, 100).everything);
    // Six members in all, a duplicate among them: merged through bits, then stored by its own size.
    const throughBits = unionOf([a, b], 64, 5);
    assert.deepEqual(members(throughBits), [0, 1, 5, 33, 63]);
    assert.equal(throughBits.count, 5);
  });

  it("counts the bits of full, negative and sparse words", () => {
    const full = ClassSet.fromSorted(Int32Array.from({ length: 64 }, (_, index) => index), 96, 0);
    const union = unionOf([full, ClassSet.fromSorted(ints(64, 95), 96, 0)], 96, 0);
    assert.equal(union.count, 66);
    assert.equal(members(union).length, 66);
    assert.deepEqual(members(union).slice(-3), [63, 64, 95]);
  });

  it("intersects with a sorted list from either side", () => {
    const filter = ints(2, 4, 6, 8, 10);
    const small = ClassSet.fromSorted(ints(4, 5, 10), 20, 100);
    const large = ClassSet.fromSorted(ints(0, 1, 2, 3, 4, 5, 6, 7, 12, 13), 20, 100);
    assert.deepEqual(members(intersectSorted(small, filter, 100)), [4, 10]);
    assert.deepEqual(members(intersectSorted(large, filter, 100)), [2, 4, 6]);
    assert.deepEqual(members(intersectSorted(large, ints(6, 7), 100)), [6, 7]);
    assert.deepEqual(members(intersectSorted(large, ints(7, 8), 100)), [7]);
    assert.deepEqual(members(intersectSorted(ClassSet.everything(20), filter, 100)), [2, 4, 6, 8, 10]);
    const dense = intersectSorted(large, ints(0, 1, 2, 3), 1);
    assert.notEqual(dense.bits, undefined);
    assert.deepEqual(members(dense), [0, 1, 2, 3]);
    assert.equal(intersectSorted(small, ints(1, 2), 100).count, 0);
  });
});

const requirement = (key: string, operator: Requirement["operator"], values: string[] = []): Requirement => ({ key, operator, values });
const selector = (...requirements: Requirement[]): Selector => ({ requirements });

describe("netpol fast engine: label index and selector keys", () => {
  it("each operator, on present and absent keys, never on inherited properties", () => {
    const labels = { app: "web", tier: "front" };
    assert.ok(selectorHolds(selector(requirement("app", "In", ["api", "web"])), labels));
    assert.ok(!selectorHolds(selector(requirement("app", "In", ["api"])), labels));
    assert.ok(!selectorHolds(selector(requirement("role", "In", ["web"])), labels));
    assert.ok(selectorHolds(selector(requirement("app", "NotIn", ["api"])), labels));
    assert.ok(!selectorHolds(selector(requirement("app", "NotIn", ["web"])), labels));
    assert.ok(selectorHolds(selector(requirement("role", "NotIn", ["web"])), labels));
    assert.ok(selectorHolds(selector(requirement("tier", "Exists")), labels));
    assert.ok(!selectorHolds(selector(requirement("role", "Exists")), labels));
    assert.ok(selectorHolds(selector(requirement("role", "DoesNotExist")), labels));
    assert.ok(!selectorHolds(selector(requirement("app", "DoesNotExist")), labels));
    assert.ok(!selectorHolds(selector(requirement("toString", "Exists")), {}), "an object's own keys only");
    assert.ok(selectorHolds(selector(requirement("constructor", "DoesNotExist")), {}));
    assert.ok(!selectorHolds(selector(requirement("app", "In", ["web"]), requirement("tier", "In", ["back"])), labels), "every requirement must hold");
    assert.ok(selectorHolds(selector(), {}));
  });

  it("finds the maps a selector matches, ascending, whichever requirement narrows it", () => {
    const maps: Record<string, string>[] = [{ team: "b", env: "prod" }, { team: "a" }, { team: "c", env: "dev" }, { env: "prod" }, { team: "a", env: "prod" }];
    const index = new LabelIndex(maps);
    const matching = (...requirements: Requirement[]): number[] => list(index.matching(selector(...requirements)));
    assert.deepEqual(matching(requirement("team", "In", ["c", "a"])), [1, 2, 4]);
    assert.deepEqual(matching(requirement("team", "In", ["a"])), [1, 4]);
    assert.deepEqual(matching(requirement("env", "Exists")), [0, 2, 3, 4]);
    assert.deepEqual(matching(requirement("env", "Exists"), requirement("team", "In", ["a"])), [4]);
    assert.deepEqual(matching(requirement("team", "In", ["a", "b", "c"]), requirement("env", "In", ["prod"])), [0, 4]);
    assert.deepEqual(matching(requirement("team", "NotIn", ["a"])), [0, 2, 3]);
    assert.deepEqual(matching(requirement("env", "DoesNotExist")), [1]);
    assert.deepEqual(matching(), [0, 1, 2, 3, 4]);
    assert.deepEqual(matching(requirement("zone", "Exists")), []);
    assert.deepEqual(matching(requirement("zone", "In", ["x"])), []);
    assert.deepEqual(matching(requirement("team", "In", ["z"])), []);
    // The second ask is answered from the cache, the same.
    assert.deepEqual(matching(requirement("team", "In", ["c", "a"])), [1, 2, 4]);
  });

  it("gives equal selectors one key and different ones different keys, separators in values included", () => {
    const key = (...requirements: Requirement[]): string => selectorKey(selector(...requirements));
    assert.equal(key(requirement("a", "In", ["x"])), key(requirement("a", "In", ["x"])));
    assert.equal(key(requirement("a", "In", ["x"])), "ma\u0000In\u0000x\u0001");
    assert.notEqual(key(requirement("a", "In", ["x"]), requirement("y", "Exists")), key(requirement("a", "In", ["xy", "Exists"])));
    assert.notEqual(key(requirement("k", "In", ["a\u0000b"])), key(requirement("k", "In", ["a", "b"])));
    assert.notEqual(key(requirement("k\u0000In", "Exists")), key(requirement("k", "In", ["Exists"])));
    assert.notEqual(key(requirement("k", "In", ["a\u0001"])), key(requirement("k", "In", ["a"]), requirement("", "In")));
    assert.equal(key(requirement("k", "In", ["a\u0000b"])), `j${JSON.stringify([requirement("k", "In", ["a\u0000b"])])}`);
    assert.equal(key(requirement("k\u0001", "Exists")), `j${JSON.stringify([requirement("k\u0001", "Exists")])}`);
    assert.equal(key(requirement("a", "In", ["x"]), requirement("k", "In", ["\u0000"])), `j${JSON.stringify([requirement("a", "In", ["x"]), requirement("k", "In", ["\u0000"])])}`);
    assert.equal(key(requirement("k", "In", ["\u0000"]), requirement("a", "In", ["x"])), `j${JSON.stringify([requirement("k", "In", ["\u0000"]), requirement("a", "In", ["x"])])}`);
    assert.equal(key(), "m");
  });
});

function atom(text: string): ExternalEndpoint {
  const block = parseCidr(text);
  if (block === undefined) throw new Error(text);
  return { kind: "external", id: text, block, holes: [] };
}

function address(text: string): Address {
  const parsed = parseAddress(text);
  if (parsed === undefined) throw new Error(text);
  return parsed;
}

describe("netpol fast engine: the deepest atom of an address", () => {
  // Out of order on purpose: the finder sorts by first address, then prefix (parents first).
  const externals = ["10.2.0.0/16", "10.0.0.0/24", "0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "11.0.0.0/8", "10.0.0.128/25", "fd00::/64", "::/0", "fd00::/8", "10.255.255.255/32"].map(atom);
  // Built inside each test (not while the file loads), so that per-test coverage sees it.
  const deepest = (text: string): string | undefined => externals[new AtomFinder(externals).atomOf(address(text))]?.id;

  it("answers the longest containing prefix, at both ends of each block", () => {
    assert.equal(deepest("10.0.0.1"), "10.0.0.0/24");
    assert.equal(deepest("10.0.0.0"), "10.0.0.0/24");
    assert.equal(deepest("10.0.0.127"), "10.0.0.0/24");
    assert.equal(deepest("10.0.0.128"), "10.0.0.128/25");
    assert.equal(deepest("10.0.0.255"), "10.0.0.128/25");
    assert.equal(deepest("10.0.1.0"), "10.0.0.0/16");
    assert.equal(deepest("10.0.255.255"), "10.0.0.0/16");
    assert.equal(deepest("10.1.0.0"), "10.0.0.0/8");
    assert.equal(deepest("10.2.0.0"), "10.2.0.0/16");
    assert.equal(deepest("10.2.255.255"), "10.2.0.0/16");
    assert.equal(deepest("10.3.0.0"), "10.0.0.0/8");
    assert.equal(deepest("10.255.255.254"), "10.0.0.0/8");
    assert.equal(deepest("10.255.255.255"), "10.255.255.255/32");
    assert.equal(deepest("11.255.255.255"), "11.0.0.0/8");
    assert.equal(deepest("9.255.255.255"), "0.0.0.0/0");
    assert.equal(deepest("12.0.0.0"), "0.0.0.0/0");
    assert.equal(deepest("255.255.255.255"), "0.0.0.0/0");
    assert.equal(deepest("fd00::1"), "fd00::/64");
    assert.equal(deepest("fd00:0:0:1::"), "fd00::/8");
    assert.equal(deepest("fe80::1"), "::/0");
  });

  it("answers -1 outside every atom", () => {
    const only = [atom("10.0.0.0/8"), atom("10.0.0.0/16"), atom("fd00::/64")];
    const partial = new AtomFinder(only);
    assert.equal(partial.atomOf(address("9.255.255.255")), -1);
    assert.equal(partial.atomOf(address("11.0.0.0")), -1);
    assert.equal(partial.atomOf(address("10.0.0.0")), 1);
    assert.equal(partial.atomOf(address("10.1.0.0")), 0);
    assert.equal(partial.atomOf(address("fd00:0:0:1::")), -1);
    assert.equal(partial.atomOf(address("fd00::")), 2);
    assert.equal(new AtomFinder([]).atomOf(address("10.0.0.1")), -1);
  });
});
