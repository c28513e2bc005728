// Calico's projectcalico.org/v3 objects: more bad input (issue 11's list: an unknown tier, a policy
// in a tier that does not exist, invalid selectors with the position of the error, conflicting
// fields; calico.test.ts has the first cases), and diff when only Calico objects change.
import { strict as assert } from "assert";
import { modelProblems } from "../core/helpers";
import { diffObjects } from "../../../netpol/diff";

const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const pod = (namespace: string, name: string, labels: Record<string, string>) => ({
  apiVersion: "v1", kind: "Pod", metadata: { namespace, name, labels }, spec: { containers: [{ name: "c", image: "i" }] },
});
const tier = (name: string, order: number, defaultAction?: string) => ({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name }, spec: { order, ...(defaultAction ? { defaultAction } : {}) } });
const gnp = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
const cnp = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name, namespace: "a" }, spec });
const BASE = [ns("a"), ns("b"), pod("a", "client", { app: "client" }), pod("b", "web", { app: "web" })];

const problems = modelProblems;

describe("calico: bad input names the object and the field (more)", () => {
  it("Tier fields, selectors nested in rules (with the position), fields of the other policy kind, invalid values", () => {
    assert.deepEqual(problems([...BASE,
      { ...tier("t1", 10), spec: { order: 10, defualtAction: "Pass" } },
      { ...tier("t2", 20), spec: { order: "high", defaultAction: "Allow" } },
      gnp("nested", { tier: "t1", ingress: [{ action: "Allow", source: { selector: "app in {'a'", namespaceSelector: "has(x" } }] }),
      cnp("namespaced", { namespaceSelector: "all()", tier: "nope" }),
      gnp("empty-tier", { tier: "", order: "first", selector: 5 }),
      gnp("values", { ingress: [{ action: "Allow", protocol: "UDP", source: { nets: ["10.0.0.0/33"] }, destination: { ports: [0, "90:80"] } }] }),
      gnp("infinite", { order: Infinity }), // YAML's .inf
    ]), [
      'Tier t1: spec.defualtAction: unknown field "defualtAction" (did you mean "defaultAction"?)',
      'Tier t2: spec.defaultAction: "Allow" is not a tier default action (expected Deny or Pass)',
      'Tier t2: spec.order: expected a finite number, got "high"',
      `GlobalNetworkPolicy nested: spec.ingress[0].source.selector: invalid selector "app in {'a'": at position 12: expected "}", found the end`,
      'GlobalNetworkPolicy nested: spec.ingress[0].source.namespaceSelector: invalid selector "has(x": at position 6: expected ")", found the end',
      'NetworkPolicy a/namespaced: spec.namespaceSelector: unknown field "namespaceSelector" (known fields: egress, ingress, order, performanceHints, selector, serviceAccountSelector, tier, types)',
      'NetworkPolicy a/namespaced: spec.tier: tier "nope" does not exist (declared tiers: adminnetworkpolicy, baselineadminnetworkpolicy, default, t1, t2; add a projectcalico.org/v3 Tier)',
      'GlobalNetworkPolicy empty-tier: spec.tier: "" is not a tier name',
      `GlobalNetworkPolicy empty-tier: spec.selector: expected a selector string like 'app == "web"', got 5`,
      'GlobalNetworkPolicy empty-tier: spec.order: expected a finite number, got "first"',
      'GlobalNetworkPolicy values: spec.ingress[0].source.nets[0]: "10.0.0.0/33" is not a valid CIDR or address (expected like 10.0.0.0/8 or fd00::/64)',
      'GlobalNetworkPolicy values: spec.ingress[0].destination.ports[0]: 0 is not a port (expected a number 1-65535, a range like "8000:8080", or a port name)',
      'GlobalNetworkPolicy values: spec.ingress[0].destination.ports[1]: "90:80" is not a port (expected a number 1-65535, a range like "8000:8080", or a port name)',
      "GlobalNetworkPolicy infinite: spec.order: expected a finite number, got Infinity",
    ]);
  });
});

describe("calico: diff when only Calico objects change", () => {
  const changes = (base: unknown[], head: unknown[]) => diffObjects(base, head).changes.map((c) => `${c.from} -> ${c.to}: ${c.before} -> ${c.after}`);

  it("a Calico policy added alone shows in diff (the pairs of the pods it applies to)", () => {
    // The default tier now applies to b/web: what no rule decides meets its default Deny.
    const deny = gnp("deny-web", { selector: 'app == "web"', ingress: [{ action: "Deny", source: { namespaceSelector: 'projectcalico.org/name == "a"' } }] });
    assert.deepEqual(changes([...BASE], [...BASE, deny]), ["a/client -> b/web: all -> none", "0.0.0.0/0 -> b/web: all -> none"]);
  });

  it("a policy edited, or a tier's default action changed, alone shows in diff", () => {
    const select = gnp("sec.select", { tier: "sec", selector: 'app == "web"', ingress: [{ action: "Allow", source: { selector: 'app == "nobody"' } }] });
    assert.deepEqual(changes([...BASE, tier("sec", 100), select], [...BASE, tier("sec", 100, "Pass"), select]), ["a/client -> b/web: none -> all", "0.0.0.0/0 -> b/web: none -> all"]);
    const opened = gnp("sec.select", { ...select.spec, ingress: [{ action: "Allow", source: { selector: 'app == "client"' } }] });
    assert.deepEqual(changes([...BASE, tier("sec", 100), select], [...BASE, tier("sec", 100), opened]), ["a/client -> b/web: none -> all"]);
    assert.deepEqual(changes([...BASE, tier("sec", 100), select], [...BASE, tier("sec", 100), select]), []);
  });

  it("a pod changing service account alone shows in diff (both engines)", () => {
    const withAccount = (account: string) => ({ ...pod("b", "web", { app: "web" }), spec: { serviceAccountName: account, containers: [{ name: "c", image: "i" }] } });
    const deny = gnp("deny-sa", { order: 10, selector: "projectcalico.org/serviceaccount == 'web'", types: ["Ingress"], ingress: [{ action: "Deny" }] });
    const side = (account: string) => [ns("a"), ns("b"), pod("a", "client", { app: "client" }), withAccount(account), deny];
    for (const engine of ["reference", "fast"] as const) {
      const found = diffObjects(side("web"), side("other"), { engine }).changes.map((c) => `${c.from} -> ${c.to}: ${c.before} -> ${c.after}`);
      assert.deepEqual(found, ["a/client -> b/web: none -> all", "0.0.0.0/0 -> b/web: none -> all"], engine);
    }
  });

  it("relabelling the namespace holding a NetworkSet alone shows in diff (both engines)", () => {
    const side = (team: string) => [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "sets", labels: { team } } }, ns("a"), pod("a", "client", { app: "client" }),
      { apiVersion: "projectcalico.org/v3", kind: "NetworkSet", metadata: { name: "bad", namespace: "sets", labels: { kind: "bad" } }, spec: { nets: ["203.0.113.0/24"] } },
      gnp("deny-bad", { order: 10, types: ["Egress"], egress: [{ action: "Deny", destination: { namespaceSelector: "team == 'x'", selector: "kind == 'bad'" } }, { action: "Allow" }] }),
    ];
    for (const engine of ["reference", "fast"] as const) {
      const found = diffObjects(side("x"), side("y"), { engine }).changes.map((c) => `${c.from} -> ${c.to}: ${c.before} -> ${c.after}`);
      assert.deepEqual(found, ["a/client -> 203.0.113.0/24: none -> all"], engine);
    }
  });
});
