import { strict as assert } from "assert";
import { allObjects, renderStack } from "../../manifests";
import { validateAgainstSchema } from "./kinds";
import { allConfigs, fixtureConfigs } from "./stacks";

describe("manifests: every rendered object validates against the Kubernetes schemas (offline)", () => {
  for (const { name, config } of allConfigs()) {
    it(`${name}: all built-in objects validate`, () => {
      const objects = allObjects(renderStack(config));
      const outcomes = objects.map(validateAgainstSchema);
      assert.ok(outcomes.filter((o) => o === "validated").length > 10, "expected the built-in objects to be validated");
    });
  }

  it("rejects an object the API server would reject (the check can fail)", () => {
    const [deployment] = allObjects(renderStack(fixtureConfigs()[0]!.config)).filter((o) => o.kind === "Deployment");
    assert.ok(deployment);
    const broken = { ...deployment, spec: { ...(deployment.spec as object), replicas: "two" } };
    assert.throws(() => validateAgainstSchema(broken), /Deployment bank-\w+\/\w+/);
  });

  it("refuses a kind it has no schema for instead of silently passing it", () => {
    assert.throws(() => validateAgainstSchema({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }), /no schema/);
  });
});
