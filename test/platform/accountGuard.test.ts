// The wrong-account guard reaches the provider that deploys. Pulumi applies stack `aws:` keys only to
// its default provider; this program builds its own, so the guard must be passed explicitly.
import { strict as assert } from "assert";
import { runProgram, stackFileConfig } from "./harness";

async function providerInputs(extra: Record<string, string>): Promise<Record<string, unknown>> {
  const run = await runProgram("dev", { ...stackFileConfig("dev"), ...extra });
  return run.mocks.one("pulumi:providers:aws").inputs;
}

describe("the AWS provider applies the stack's account guard", () => {
  it("aws:allowedAccountIds: the provider refuses any other account", async () => {
    const inputs = await providerInputs({ "aws:allowedAccountIds": JSON.stringify(["111122223333"]) });
    assert.deepEqual(JSON.parse(String(inputs.allowedAccountIds)), ["111122223333"]);
    assert.equal(inputs.forbiddenAccountIds, undefined);
  });

  it("aws:forbiddenAccountIds: the provider refuses those accounts", async () => {
    const inputs = await providerInputs({ "aws:forbiddenAccountIds": JSON.stringify(["444455556666"]) });
    assert.deepEqual(JSON.parse(String(inputs.forbiddenAccountIds)), ["444455556666"]);
    assert.equal(inputs.allowedAccountIds, undefined);
  });

  it("neither: no guard, and the region and stack tags still set", async () => {
    const inputs = await providerInputs({});
    assert.deepEqual([inputs.allowedAccountIds, inputs.forbiddenAccountIds, inputs.region], [undefined, undefined, "eu-west-1"]);
  });
});
