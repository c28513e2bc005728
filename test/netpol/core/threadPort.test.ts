/**
 * Objects crossing to the main thread as JSON (cli/netpol/threadPort.ts packBatch): what arrives is
 * what a structured clone would give, values JSON cannot hold included when the sender names them.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { packBatch, unpackBatch } from "../../../cli/netpol/threadPort";

/** Does JSON change this value (a number it cannot hold, somewhere inside)? */
function changedByJson(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value) || Object.is(value, -0);
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(changedByJson);
}

describe("netpol threads: values posted as JSON", () => {
  const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, Infinity, -Infinity, NaN));
  const value = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, number, fc.string({ unit: "binary" }), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.string({ unit: "binary" }), tie("value"), { maxKeys: 3 })),
  })).value;

  it("arrive as a structured clone gives them, those JSON would change sent beside it", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), (values) => {
        const jsonless = values.flatMap((v, i) => (changedByJson(v) ? [i] : []));
        assert.deepStrictEqual(unpackBatch(structuredClone(packBatch(values, jsonless))), structuredClone(values));
      }),
      { numRuns: 500 },
    );
  });

  it("only the values named are cloned: a -0 left unnamed arrives as 0 (the reader must name them)", () => {
    const batch = packBatch([{ a: -0 }, { b: 1 }, [NaN]], [2]);
    assert.deepStrictEqual(batch.cloned, [[2, [NaN]]]);
    assert.deepStrictEqual(unpackBatch(batch), [{ a: 0 }, { b: 1 }, [NaN]]);
    assert.deepStrictEqual(packBatch(["x"]), { json: '["x"]', cloned: [] });
  });
});
