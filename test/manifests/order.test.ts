import { strict as assert } from "assert";
import { compareCodeUnits } from "../../manifests/order";

describe("manifests/order: one locale-independent string order", () => {
  it("sorts by code units: upper case before '_' before lower case, whatever the machine's locale", () => {
    assert.deepEqual(["a", "_", "Z", "b", "A"].sort(compareCodeUnits), ["A", "Z", "_", "a", "b"]);
    assert.equal(compareCodeUnits("x", "x"), 0);
  });

  it("is negative, zero or positive as the first string sorts before, with or after the second", () => {
    assert.equal(compareCodeUnits("a", "b"), -1);
    assert.equal(compareCodeUnits("b", "a"), 1);
    assert.equal(compareCodeUnits("B", "a"), -1);
    assert.equal(compareCodeUnits("ab", "a"), 1);
  });
});
