// Which Secret keys the Application component replaces with a generated password: those the
// Secret's `zero-trust-eks.io/generated-keys` annotation lists (comma-separated), and only on Secrets.
import { strict as assert } from "assert";
import { generatedSecretKeys } from "../../manifests/workloads";

const ANNOTATION = "zero-trust-eks.io/generated-keys";

function secret(annotations?: Record<string, string>): { kind: string; metadata: { annotations?: Record<string, string> } } {
  return { kind: "Secret", metadata: annotations ? { annotations } : {} };
}

describe("manifests/workloads: generatedSecretKeys", () => {
  it("lists the annotated keys in order, trimmed, skipping empty entries", () => {
    assert.deepEqual(generatedSecretKeys(secret({ [ANNOTATION]: "password" })), ["password"]);
    assert.deepEqual(generatedSecretKeys(secret({ [ANNOTATION]: " password , ,token,  " })), ["password", "token"]);
  });

  it("is empty for a Secret without the annotation, without any annotation, or with an empty one", () => {
    assert.deepEqual(generatedSecretKeys(secret()), []);
    assert.deepEqual(generatedSecretKeys(secret({ other: "password" })), []);
    assert.deepEqual(generatedSecretKeys(secret({ [ANNOTATION]: "" })), []);
    assert.deepEqual(generatedSecretKeys(secret({ [ANNOTATION]: " , " })), []);
  });

  it("is empty for any other kind, even annotated (only a Secret gets generated passwords)", () => {
    assert.deepEqual(generatedSecretKeys({ kind: "ConfigMap", metadata: { annotations: { [ANNOTATION]: "password" } } }), []);
  });
});
