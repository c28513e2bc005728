/**
 * The fast engine's capacity estimate to the byte and its message to the word (issue 14): what
 * the estimate counts (endpoints, and every rule of both directions plus one per policy), the
 * boundary (a need equal to what is left fits), and the remedy's heap size in whole GB.
 */
import { strict as assert } from "assert";
import { getHeapStatistics } from "v8";
import { buildModel } from "../../../netpol";
import { checkCapacity, engineBytes, heapAvailable, NetpolCapacityError, suggestedHeapMB } from "../../../netpol/fast/capacity";
import { namespace, pod, policy } from "../core/helpers";

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** Namespace x with three pods; one policy with two ingress rules and no egress, one with one egress rule only. */
function objects(): unknown[] {
  return [
    namespace("x"), pod("x", "a"), pod("x", "b"), pod("x", "c"),
    policy("x", "in", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }, { ports: [{ port: 80 }] }] }),
    policy("x", "out", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }] }] }),
  ];
}

describe("netpol fast engine: capacity estimate", () => {
  it("counts 600 bytes per endpoint and 400 per rule, one more rule per policy", () => {
    const model = buildModel(objects());
    assert.equal(model.policies.length, 2);
    assert.equal(model.policies[0]?.egress, null, "the ingress-only policy has no egress rules at all");
    // rules: (2 + 0 + 1) + (0 + 1 + 1) = 5
    assert.equal(engineBytes(model), model.endpoints.length * 600 + 5 * 400);
    assert.ok(model.endpoints.length >= 3);
  });

  it("a need equal to what is left fits; one byte less does not", () => {
    const model = buildModel(objects());
    const needed = engineBytes(model);
    assert.doesNotThrow(() => checkCapacity(model, needed));
    assert.throws(() => checkCapacity(model, needed - 1), (error: unknown) => {
      assert.ok(error instanceof NetpolCapacityError);
      assert.equal(error.neededBytes, needed);
      assert.equal(error.availableBytes, needed - 1);
      assert.equal(error.name, "NetpolCapacityError");
      assert.equal(error.what, `the fast engine on ${model.endpoints.length} endpoints and 2 policies`);
      return true;
    });
  });

  it("writes thousands with separators in what it names", () => {
    const many = [namespace("x"), ...Array.from({ length: 1000 }, (_, index) => pod("x", `p${index}`))];
    const model = buildModel(many);
    assert.throws(() => checkCapacity(model, 0), (error: unknown) => {
      assert.ok(error instanceof NetpolCapacityError);
      assert.match(error.what, /^the fast engine on 1,0\d\d endpoints and 0 policies$/);
      return true;
    });
  });

  it("says the need rounded up, what is left rounded down, the limit, and the heap to ask for", () => {
    const limit = Math.floor(getHeapStatistics().heap_size_limit / MB);
    const error = new NetpolCapacityError("the job", 1500 * MB + 1, 2500 * MB - 1);
    const suggested = /max-old-space-size=(\d+),/.exec(error.message)?.[1];
    assert.equal(
      error.message,
      `the job needs about 1,501 MB of JavaScript heap, but only 2,499 MB are left in this process (limit ${limit.toLocaleString("en-US")} MB). ` +
      `Run it with a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=${suggested}, on a machine with that much free memory, or analyse fewer objects at a time.`,
    );
    assert.ok(suggested !== undefined && Number(suggested) % 1024 === 0 && Number(suggested) >= 2048, `${suggested}`);
  });

  it("suggests what is in use plus a quarter more than the need, in whole GB", () => {
    const needed = 8 * GB;
    const before = getHeapStatistics().used_heap_size;
    const suggested = suggestedHeapMB(needed);
    const after = getHeapStatistics().used_heap_size;
    const expected = (used: number): number => Math.ceil((used + needed * 1.25) / GB) * 1024;
    assert.ok(suggested === expected(before) || suggested === expected(after), `${suggested}`);
    assert.ok(suggested >= 11 * 1024 && suggested <= 12 * 1024, `${suggested}`);
  });

  it("what is left is the heap limit less what is in use", () => {
    const { heap_size_limit: limit } = getHeapStatistics();
    const available = heapAvailable();
    assert.ok(available > 0 && available < limit, `${available} of ${limit}`);
    assert.ok(limit - available < 4 * GB);
  });
});
