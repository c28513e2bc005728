// The verdict: every probe must match the analyzer AND the analyzer must agree with the plan, so
// a render that already breaks a declared flow fails even when the cluster does what it says.
import { strict as assert } from "node:assert";
import { planProbes } from "../../cli/verifyLive/plan";
import { formatText, verify } from "../../cli/verifyLive/report";
import type { RunReport } from "../../cli/verifyLive/runner";
import { loadStackFile } from "../../config";
import { renderStack } from "../../manifests";
import { PROJECT_DIR } from "../fixtures/stackFiles";

describe("verify-live verdict", () => {
  const rendered = renderStack(loadStackFile(PROJECT_DIR, "local"));
  const weakened = { ...rendered, networkPolicies: rendered.networkPolicies.filter((o) => o.metadata.name !== "allow-frontend-to-backend") };
  const plan = planProbes(weakened);
  // A cluster that does exactly what the weakened render says.
  const report: RunReport = {
    results: plan.probes.map((probe) => ({ probe, observed: probe.expected === "allowed" ? { kind: "connected" } : { kind: "blocked", detail: "TIMEOUT" } })),
    leftovers: [],
  };

  it("fails when the render differs from the plan, though every probe matched the analyzer", () => {
    const verification = verify(report, plan.notProbed);
    assert.ok(verification.rows.every((r) => r.match));
    assert.deepEqual(verification.renderDisagrees.map((p) => p.id), ["bank-frontend/frontend -> bank-backend/backend TCP/9090"]);
    assert.equal(verification.ok, false);
    const text = formatText(verification, { stack: "local", cluster: "fake", runId: "r" });
    assert.match(text, /the render itself does not do what the plan intends.*\n {2}bank-frontend\/frontend -> bank-backend\/backend TCP\/9090: intended allowed, the analyzer says denied\n/);
    assert.match(text, /FAILED: 0 of 16 probes differ from the analyzer; the render differs from the plan\n$/);
  });

  it("a refused connection matches neither verdict", () => {
    const [first] = plan.probes;
    const verification = verify({ results: [{ probe: first!, observed: { kind: "refused", detail: "REFUSED" } }], leftovers: [] }, []);
    assert.deepEqual([verification.rows[0]?.observedVerdict, verification.rows[0]?.match], [undefined, false]);
  });
});
