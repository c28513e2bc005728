/** Semantics: isolation per direction, policyTypes defaulting, union, both sides, loopback. */
import { strict as assert } from "assert";
import { buildModel, engineNamed, explain, formatVerdict } from "../../../netpol";
import { assertTable, cluster, policy, TCP80 } from "./helpers";

const denyIngressToXA = policy("x", "deny-a", { podSelector: { matchLabels: { pod: "a" } } });

describe("netpol semantics: isolation", () => {
  it("allows everything when no policy selects a pod", () => {
    assertTable(cluster(), TCP80, { allowed: true });
  });

  it("isolates the selected pod for ingress only (omitted policyTypes, no egress rules)", () => {
    assertTable([...cluster(), denyIngressToXA], TCP80, { allowed: true, except: ["x/b -> x/a", "y/a -> x/a", "y/b -> x/a"] });
  });

  it("selects pods only in the policy's own namespace", () => {
    const inY = policy("y", "deny-a", { podSelector: { matchLabels: { pod: "a" } } });
    assertTable([...cluster(), inY], TCP80, { allowed: true, except: ["x/a -> y/a", "x/b -> y/a", "y/b -> y/a"] });
  });

  it("an empty podSelector isolates every pod of the namespace", () => {
    assertTable([...cluster(), policy("x", "deny-all", { podSelector: {} })], TCP80, {
      allowed: true,
      except: ["x/a -> x/b", "x/b -> x/a", "y/a -> x/a", "y/a -> x/b", "y/b -> x/a", "y/b -> x/b"],
    });
  });

  it("omitted policyTypes include Egress when the policy has egress rules", () => {
    const egressOnlyToYB = policy("x", "egress", {
      podSelector: { matchLabels: { pod: "a" } },
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: "y" } }, podSelector: { matchLabels: { pod: "b" } } }] }],
    });
    // Ingress is isolated too (no ingress rules): nothing may reach x/a.
    assertTable([...cluster(), egressOnlyToYB], TCP80, {
      allowed: true,
      except: ["x/a -> x/b", "x/a -> y/a", "x/b -> x/a", "y/a -> x/a", "y/b -> x/a"],
    });
  });

  it("policyTypes [Egress] ignores ingress rules and leaves ingress open", () => {
    const egressDeny = policy("x", "egress-deny", {
      podSelector: { matchLabels: { pod: "a" } },
      policyTypes: ["Egress"],
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: "nobody" } } }] }],
    });
    assertTable([...cluster(), egressDeny], TCP80, { allowed: true, except: ["x/a -> x/b", "x/a -> y/a", "x/a -> y/b"] });
  });

  it("policyTypes [Ingress, Egress] with no rules denies both directions", () => {
    const both = policy("x", "deny-both", { podSelector: { matchLabels: { pod: "a" } }, policyTypes: ["Ingress", "Egress"] });
    const aPairs = ["x/b", "y/a", "y/b"].flatMap((other) => [`x/a -> ${other}`, `${other} -> x/a`]);
    assertTable([...cluster(), both], TCP80, { allowed: true, except: aPairs });
  });

  it("egress rules of a policy typed [Ingress] only do not isolate egress", () => {
    const ingressOnly = policy("x", "ingress-only", {
      podSelector: { matchLabels: { pod: "a" } },
      policyTypes: ["Ingress"],
      ingress: [{}],
      egress: [{ to: [{ podSelector: { matchLabels: { pod: "nobody" } } }] }],
    });
    assertTable([...cluster(), ingressOnly], TCP80, { allowed: true });
  });

  it("policies are additive: the union of their rules is allowed", () => {
    const fromXB = policy("x", "from-b", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }] });
    const fromYA = policy("x", "from-y-a", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } }, podSelector: { matchLabels: { pod: "a" } } }] }],
    });
    assertTable([...cluster(), fromXB, fromYA], TCP80, { allowed: true, except: ["y/b -> x/a"] });
  });

  it("needs both the source's egress and the destination's ingress to allow", () => {
    const aEgressToYA = policy("x", "a-to-y-a", {
      podSelector: { matchLabels: { pod: "a" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: "y" } }, podSelector: { matchLabels: { pod: "a" } } }] }],
    });
    const yaIngressFromXB = policy("y", "from-x-b", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "x" } }, podSelector: { matchLabels: { pod: "b" } } }] }],
    });
    // x/a -> y/a: egress allows, ingress does not.  x/b -> y/a: both allow.
    assertTable([...cluster(), aEgressToYA, yaIngressFromXB], TCP80, {
      allowed: true,
      except: ["x/a -> x/b", "x/a -> y/a", "x/a -> y/b", "y/b -> y/a"],
    });
  });

  it("never blocks a Pod's traffic to itself, but governs a workload's replicas", () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "x" },
      spec: { template: { metadata: { labels: { pod: "web" } }, spec: { containers: [{ name: "c" }] } } },
    };
    const model = buildModel([...cluster(), deployment, policy("x", "deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })]);
    for (const engine of ["reference", "fast"] as const) {
      const prepared = engineNamed(engine).prepare(model);
      const self = (id: string): boolean => {
        const i = model.pods.findIndex((p) => p.id === id);
        return prepared.allows(i, i, TCP80);
      };
      assert.deepEqual([self("x/a"), self("x/web")], [true, false], `${engine} engine`);
    }
  });
});

describe("netpol verdicts carry provenance", () => {
  const objects = [
    ...cluster(),
    policy("x", "deny-all", { podSelector: {} }),
    policy("x", "allow-b", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }] }),
  ];
  const model = buildModel(objects);
  const byId = (id: string) => model.pods.find((p) => p.id === id) ?? assert.fail(id);

  it("names the policies that allowed a connection", () => {
    const verdict = explain(model, byId("x/b"), byId("x/a"), TCP80);
    assert.equal(formatVerdict(verdict), "allowed (egress: not isolated; ingress: allowed by x/allow-b)");
  });

  it("names the policies that isolated a denied connection", () => {
    const verdict = explain(model, byId("y/a"), byId("x/a"), TCP80);
    assert.equal(verdict.allowed, false);
    assert.equal(formatVerdict(verdict), "denied (egress: not isolated; ingress: denied: isolated by x/allow-b, x/deny-all, no rule matched)");
  });

  it("explains loopback", () => {
    assert.match(formatVerdict(explain(model, byId("x/a"), byId("x/a"), TCP80)), /^allowed \(egress: a pod to itself/);
  });
});
