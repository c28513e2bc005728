/**
 * Pods with several IPs under Calico's tiers and the admin policies: a packet has one address per
 * end, of one family, and each packet meets the tier walk on its own. A Deny or Pass of a pod's
 * IPv4 address decides its IPv4 traffic only; the IPv6 traffic goes on through the walk. The
 * reference engine decides such pairs per address pair; the fast engine hands such models to it.
 */
import { strict as assert } from "assert";
import { buildModel, connectionReport, engineFor, explain, fastEngineLimit, formatVerdict, prepare } from "../../../netpol";
import { Endpoint, NetpolModel } from "../../../netpol/model";
import { sideConnections } from "../../../netpol/reference";

type Raw = Record<string, unknown>;

const dualPod = (namespace: string, name: string, ips: readonly string[]): Raw => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec: { containers: [{ name: "c" }] }, status: { podIPs: ips.map((ip) => ({ ip })) },
});
const CLIENT = dualPod("a", "client", ["10.0.0.1", "fd00::1"]);
const DB = dualPod("b", "db", ["10.0.0.5", "fd00::5"]);
const gnp = (name: string, spec: Raw): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
const tier = (name: string, order: number): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name }, spec: { order } });
const anp = (name: string, spec: Raw): Raw => ({ apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata: { name }, spec });
const denyDbIngressFrom = (name: string, order: number, net: string): Raw =>
  gnp(name, { order, selector: "projectcalico.org/namespace == 'b'", types: ["Ingress"], ingress: [{ action: "Deny", source: { nets: [net] } }, { action: "Allow" }] });

/** The connections from a/client to b/db, per engine asked for ("none" when the pair is not listed). */
function clientToDb(objects: readonly Raw[]): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const engine of ["reference", "fast"] as const) {
    const pair = connectionReport(objects, engine).pairs.find((p) => p.from === "a/client" && p.to === "b/db");
    answers[engine] = pair === undefined ? "none" : pair.connections.format();
  }
  return answers;
}

function endpoint(model: NetpolModel, id: string): Endpoint {
  const found = model.endpoints.find((e) => e.id === id);
  assert.ok(found !== undefined, id);
  return found;
}

describe("calico and admin tiers: pods with several IPs are decided per address pair", () => {
  it("an ANP Deny of the peer's IPv4 address leaves IPv6 allowed (both engines)", () => {
    const objects = [CLIENT, DB, anp("block-db-net", { priority: 1, subject: { namespaces: { matchLabels: { "kubernetes.io/metadata.name": "a" } } }, egress: [{ action: "Deny", to: [{ networks: ["10.0.0.5/32"] }] }] })];
    assert.deepEqual(clientToDb(objects), { reference: "all", fast: "all" });
  });

  it("a Calico Deny of the source's IPv4 address leaves IPv6 allowed (both engines); each side alone is the union over address pairs", () => {
    const objects = [CLIENT, DB, denyDbIngressFrom("calico-deny", 1, "10.0.0.1/32")];
    assert.deepEqual(clientToDb(objects), { reference: "all", fast: "all" });
    const model = buildModel(objects);
    const [client, db] = [endpoint(model, "a/client"), endpoint(model, "b/db")];
    assert.equal(sideConnections(model, "ingress", client, db)?.format(), "all");
    const verdict = explain(model, client, db, { port: 80, protocol: "TCP" });
    assert.equal(verdict.allowed, true);
    assert.equal(formatVerdict(verdict), "allowed (egress: not isolated; ingress: allowed by tier default: GlobalNetworkPolicy calico-deny rule 1 (Allow))");
  });

  it("a Deny of the IPv4 address and a Deny of the IPv6 address: really nothing", () => {
    const objects = [CLIENT, DB, gnp("deny-both", { order: 1, selector: "projectcalico.org/namespace == 'b'", types: ["Ingress"], ingress: [{ action: "Deny", source: { nets: ["10.0.0.1/32"] } }, { action: "Deny", source: { nets: ["fd00::1/128"] } }, { action: "Allow" }] })];
    assert.deepEqual(clientToDb(objects), { reference: "none", fast: "none" });
    const model = buildModel(objects);
    const [client, db] = [endpoint(model, "a/client"), endpoint(model, "b/db")];
    assert.equal(sideConnections(model, "ingress", client, db)?.format(), "none");
    assert.equal(explain(model, client, db, { port: 80, protocol: "TCP" }).allowed, false);
  });

  it("a Pass of the IPv4 address, then a Deny of everything: allowed over IPv4 (passed on), denied over IPv6", () => {
    const objects = [
      CLIENT, DB, tier("security", 10),
      gnp("security.guard", { tier: "security", order: 1, selector: "projectcalico.org/namespace == 'b'", types: ["Ingress"], ingress: [{ action: "Pass", source: { nets: ["10.0.0.1/32"] } }, { action: "Deny" }] }),
    ];
    assert.deepEqual(clientToDb(objects), { reference: "all", fast: "all" });
    const model = buildModel(objects);
    const verdict = explain(model, endpoint(model, "a/client"), endpoint(model, "b/db"), { port: 80, protocol: "TCP" });
    assert.equal(formatVerdict(verdict), "allowed (egress: not isolated; ingress: allowed: passed by tier security, then the namespace profile allows)");
    // An IPv6-only client meets the Deny: the pair of its only address is denied.
    const v6Client = dualPod("a", "client", ["fd00::1"]);
    assert.deepEqual(clientToDb([v6Client, DB, ...objects.slice(2)]), { reference: "none", fast: "none" });
  });

  it("the fast engine hands tiered models with pods of several IPs to the reference engine, with a note; other models it answers", () => {
    const tiered = buildModel([CLIENT, DB, denyDbIngressFrom("calico-deny", 1, "10.0.0.1/32")]);
    const reason = fastEngineLimit(tiered);
    assert.ok(reason !== undefined && reason.includes("a/client") && reason.includes("per address pair"), reason);
    const chosen = engineFor("fast", tiered);
    assert.equal(chosen.engine.name, "reference");
    assert.ok(chosen.note?.includes("answered with the reference engine"), chosen.note);
    assert.ok(prepare([CLIENT, DB, denyDbIngressFrom("calico-deny", 1, "10.0.0.1/32")], "fast").engineNote !== undefined);
    assert.equal(fastEngineLimit(buildModel([CLIENT, DB])), undefined, "no tiers: Kubernetes semantics, answered by the fast engine");
    assert.equal(fastEngineLimit(buildModel([dualPod("a", "client", ["10.0.0.1"]), dualPod("b", "db", ["10.0.0.5"]), denyDbIngressFrom("d", 1, "10.0.0.1/32")])), undefined);
  });
});
