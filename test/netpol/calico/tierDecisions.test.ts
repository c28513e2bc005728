// Calico's tier walk (docs v3.31, "Understand policy tiers") as decisions and as connection sets:
// Log goes on in both, a tier's default action names the policies that applied, Pass through
// every tier ends at the namespace profile, and only a tier with default action Deny isolates.
import { strict as assert } from "assert";
import { buildModel, connectionReport, explain, formatVerdict } from "../../../netpol";
import { decideProbe, describeDecision, side, sideAllowedSet } from "../../../netpol/calico/evaluate";
import { PodEndpoint } from "../../../netpol/model";
import { sideConnections } from "../../../netpol/reference";

type Raw = Record<string, unknown>;

const ns = (name: string): Raw => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const pod = (namespace: string, name: string, labels: Record<string, string>): Raw => ({ apiVersion: "v1", kind: "Pod", metadata: { namespace, name, labels }, spec: { containers: [{ name: "c", image: "i" }] } });
const tier = (name: string, order: number, defaultAction?: string): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name }, spec: { order, ...(defaultAction ? { defaultAction } : {}) } });
const gnp = (name: string, spec: Raw): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
const k8sAllowAll = (namespace: string): Raw => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace, name: "allow-all" }, spec: { podSelector: {}, ingress: [{}] } });

const BASE = [ns("a"), ns("b"), pod("a", "client", { app: "client" }), pod("b", "web", { app: "web" })];
const connections = (objects: readonly Raw[]) => connectionReport(objects).pairs.find((p) => p.from === "a/client" && p.to === "b/web")?.connections.format() ?? "none";

function verdict(objects: readonly Raw[]): string {
  const model = buildModel(objects);
  const [from, to] = ["a/client", "b/web"].map((id) => model.endpoints.find((e) => e.id === id)!);
  return formatVerdict(explain(model, from, to, { port: 8080, protocol: "TCP" }));
}

/** The model's Calico context and the ingress side of b/web from a/client. */
function webIngress(objects: readonly Raw[]) {
  const model = buildModel(objects);
  const [client, web] = ["a/client", "b/web"].map((id) => model.endpoints.find((e) => e.id === id) as PodEndpoint);
  return { model, client, web, context: { calico: model.calico!, namespaces: model.namespaces }, s: side("ingress", web, client) };
}

describe("calico tier walk: decisions and connection sets", () => {
  it("a Log rule goes on in connection sets too: what follows it still decides", () => {
    const policy = gnp("log-then-allow", { selector: 'app == "web"', ingress: [{ action: "Log" }, { action: "Allow", protocol: "TCP", destination: { ports: ["8000:8090"] } }] });
    assert.equal(connections([...BASE, policy]), "TCP 8000-8090");
  });

  it("a tier's default action names every policy of the tier that applied", () => {
    const select = (name: string) => gnp(name, { tier: "security", selector: 'app == "web"', ingress: [{ action: "Allow", source: { selector: 'app == "nobody"' } }] });
    assert.match(verdict([...BASE, tier("security", 100), select("security.a"), select("security.b")]),
      /ingress: denied by tier security's default action \(no rule of GlobalNetworkPolicy security.a, GlobalNetworkPolicy security.b matched\)/);
  });

  it("passed by every tier: the verdict names them all, then the namespace profile allows", () => {
    const pass = (t: string) => gnp(`${t}.pass`, { tier: t, selector: "all()", ingress: [{ action: "Pass" }] });
    assert.match(verdict([...BASE, tier("one", 10), tier("two", 20), pass("one"), pass("two")]), /ingress: allowed: passed by tiers one, two, then the namespace profile allows/);
    assert.match(verdict([...BASE, tier("one", 10), pass("one")]), /ingress: allowed: passed by tier one, then the namespace profile allows/);
  });

  it("only a tier with default action Deny isolates a side: a Pass tier alone leaves it unrestricted", () => {
    const guard = [tier("guard", 10, "Pass"), gnp("guard.deny", { tier: "guard", selector: 'app == "web"', ingress: [{ action: "Deny", source: { selector: 'app == "nobody"' } }] })];
    const ingressSet = (objects: readonly Raw[]) => {
      const { model, client, web } = webIngress(objects);
      return sideConnections(model, "ingress", client, web)?.format();
    };
    assert.equal(ingressSet([...BASE, ...guard]), undefined);
    assert.equal(ingressSet([...BASE, ...guard, k8sAllowAll("b")]), "all");
  });

  it("the decision objects: no policy, a rule (without a name), a tier's default", () => {
    const probe = { port: 8080, protocol: "TCP" } as const;
    const none = webIngress([...BASE, gnp("other", { selector: 'app == "other"', ingress: [{ action: "Deny" }] })]);
    assert.deepEqual(decideProbe(none.context, none.s, probe), { kind: "no-policy", action: "Allow" });
    assert.equal(sideAllowedSet(none.context, none.s), undefined);
    assert.equal(describeDecision({ kind: "no-policy", action: "Allow" }), "not isolated (no policy in any tier applies)");
    const rule = webIngress([...BASE, gnp("deny", { selector: 'app == "web"', ingress: [{ action: "Deny" }] })]);
    assert.deepEqual(decideProbe(rule.context, rule.s, probe), { kind: "rule", action: "Deny", tier: "default", policy: "GlobalNetworkPolicy deny", rule: 0 });
    const closed = webIngress([...BASE, gnp("select", { selector: 'app == "web"', ingress: [] })]);
    assert.deepEqual(decideProbe(closed.context, closed.s, probe), { kind: "tier-default", action: "Deny", tier: "default", policies: ["GlobalNetworkPolicy select"] });
  });
});
