/** Semantics: peers and label selectors. Every table isolates x/a for ingress and varies `from`. */
import { assertTable, cluster, namespace, pod, policy, TCP80 } from "./helpers";

const OTHERS_TO_XA = ["x/b -> x/a", "y/a -> x/a", "y/b -> x/a"];

/** x/a isolated for ingress, allowing the given ingress rules. */
function ingressToXA(ingress: unknown[]): unknown[] {
  return [...cluster(), policy("x", "to-a", { podSelector: { matchLabels: { pod: "a" } }, ingress })];
}

/** Only these sources reach x/a; everything else in the cluster stays allowed. */
function onlyFrom(sources: readonly string[]): { allowed: true; except: string[] } {
  return { allowed: true, except: OTHERS_TO_XA.filter((pair) => !sources.some((source) => pair.startsWith(`${source} `))) };
}

describe("netpol semantics: peers", () => {
  it("podSelector alone selects pods of the policy's namespace only", () => {
    assertTable(ingressToXA([{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }]), TCP80, onlyFrom(["x/b"]));
  });

  it("namespaceSelector alone selects every pod of the matching namespaces", () => {
    assertTable(ingressToXA([{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } } }] }]), TCP80, onlyFrom(["y/a", "y/b"]));
  });

  it("podSelector and namespaceSelector in one peer must both match (AND)", () => {
    const peer = { namespaceSelector: { matchLabels: { ns: "y" } }, podSelector: { matchLabels: { pod: "b" } } };
    assertTable(ingressToXA([{ from: [peer] }]), TCP80, onlyFrom(["y/b"]));
  });

  it("several peers in one rule are alternatives (OR)", () => {
    const peers = [{ podSelector: { matchLabels: { pod: "b" } } }, { namespaceSelector: { matchLabels: { ns: "y" } }, podSelector: { matchLabels: { pod: "a" } } }];
    assertTable(ingressToXA([{ from: peers }]), TCP80, onlyFrom(["x/b", "y/a"]));
  });

  it("an empty podSelector alone selects every pod of the policy's namespace", () => {
    assertTable(ingressToXA([{ from: [{ podSelector: {} }] }]), TCP80, onlyFrom(["x/b"]));
  });

  it("an empty namespaceSelector alone selects every pod of every namespace", () => {
    assertTable(ingressToXA([{ from: [{ namespaceSelector: {} }] }]), TCP80, onlyFrom(["x/b", "y/a", "y/b"]));
  });

  it("absent `from`, empty `from` and the empty rule {} allow every source", () => {
    for (const rule of [{ ports: [{ port: 80 }] }, { from: [], ports: [{ port: 80 }] }, {}]) {
      assertTable(ingressToXA([rule]), TCP80, { allowed: true });
    }
  });

  it("an empty ingress list allows nothing", () => {
    assertTable(ingressToXA([]), TCP80, onlyFrom([]));
  });

  it("namespaceSelector can match kubernetes.io/metadata.name, even for undeclared namespaces", () => {
    const objects = [
      ...cluster(),
      pod("z", "a"), // namespace z is never declared
      policy("x", "to-a", {
        podSelector: { matchLabels: { pod: "a" } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "z" } } }] }],
      }),
    ];
    assertTable(objects, TCP80, { allowed: true, except: [...OTHERS_TO_XA] });
  });
});

describe("netpol semantics: label selectors", () => {
  /** Pods of namespace x carry different labels; x/t is the isolated target. */
  function selectorCase(podSelector: unknown): unknown[] {
    return [
      namespace("x"),
      pod("x", "t", { labels: { role: "target" } }),
      pod("x", "web", { labels: { tier: "web", env: "prod" } }),
      pod("x", "api", { labels: { tier: "api", env: "dev" } }),
      pod("x", "bare", { labels: {} }),
      policy("x", "to-t", { podSelector: { matchLabels: { role: "target" } }, ingress: [{ from: [{ podSelector }] }] }),
    ];
  }
  const denied = (...sources: string[]) => ({ allowed: true, except: sources.map((source) => `x/${source} -> x/t`) });

  it("matchLabels requires every label", () => {
    assertTable(selectorCase({ matchLabels: { tier: "web", env: "prod" } }), TCP80, denied("api", "bare"));
    assertTable(selectorCase({ matchLabels: { tier: "web", env: "dev" } }), TCP80, denied("api", "bare", "web"));
  });

  it("In matches when the value is listed", () => {
    assertTable(selectorCase({ matchExpressions: [{ key: "tier", operator: "In", values: ["web", "db"] }] }), TCP80, denied("api", "bare"));
  });

  it("NotIn matches when the value is not listed, and when the key is absent", () => {
    assertTable(selectorCase({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }), TCP80, denied("web"));
  });

  it("Exists and DoesNotExist look at the key only", () => {
    assertTable(selectorCase({ matchExpressions: [{ key: "env", operator: "Exists" }] }), TCP80, denied("bare"));
    assertTable(selectorCase({ matchExpressions: [{ key: "env", operator: "DoesNotExist" }] }), TCP80, denied("api", "web"));
  });

  it("matchLabels and matchExpressions must all hold (AND)", () => {
    const selector = { matchLabels: { env: "prod" }, matchExpressions: [{ key: "tier", operator: "In", values: ["api"] }] };
    assertTable(selectorCase(selector), TCP80, denied("api", "bare", "web"));
  });

  it("matchExpressions apply to namespaceSelector too", () => {
    const objects = ingressToXA([{ from: [{ namespaceSelector: { matchExpressions: [{ key: "ns", operator: "NotIn", values: ["x"] }] } }] }]);
    assertTable(objects, TCP80, onlyFrom(["y/a", "y/b"]));
  });
});
