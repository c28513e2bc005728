// What a Calico rule's source and destination (EntityRule) match, field by field, as Calico's docs
// (v3.31, "Global network policy" / "Network policy" EntityRule, "Global network set", "Network
// set", "Selectors") describe them: nets and notNets (any of the listed CIDRs), selector and
// notSelector over pods and network sets, namespaceSelector (global() for the non-namespaced
// sets), serviceAccounts (names and selector), protocol, notProtocol and notPorts.
import { strict as assert } from "assert";
import { buildModel, connectionReport, explain, PortProbe } from "../../../netpol";
import { parseCidr } from "../../../netpol/addresses";
import { entityMatches, singleAddressViews, wholeEndpoint } from "../../../netpol/calico/match";
import { Cidr, PodEndpoint } from "../../../netpol/model";

type Raw = Record<string, unknown>;

const ns = (name: string, labels: Record<string, string> = {}): Raw => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
const pod = (namespace: string, name: string, labels: Record<string, string>, ip: string, serviceAccountName?: string): Raw => ({
  apiVersion: "v1", kind: "Pod", metadata: { namespace, name, labels },
  spec: { containers: [{ name: "c", image: "i" }], ...(serviceAccountName === undefined ? {} : { serviceAccountName }) },
  status: { podIP: ip },
});
const serviceAccount = (namespace: string, name: string, labels: Record<string, string>): Raw => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { namespace, name, labels } });
const gnp = (name: string, spec: Raw): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
const cnp = (namespace: string, name: string, spec: Raw): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { namespace, name }, spec });
const globalSet = (name: string, labels: Record<string, string>, nets: string[]): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkSet", metadata: { name, labels }, spec: { nets } });
const networkSet = (namespace: string, name: string, labels: Record<string, string>, nets: string[]): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "NetworkSet", metadata: { namespace, name, labels }, spec: { nets } });

const BASE = [ns("a"), ns("b"), pod("a", "client", { app: "client" }, "10.0.0.1"), pod("a", "other", { app: "other" }, "10.0.0.2"), pod("b", "web", { app: "web" }, "10.0.1.1")];
const TCP = (port: number): PortProbe => ({ port, protocol: "TCP" });

/** Is `from` -> `to` allowed for the probe (pods by "ns/name", external atoms by their id)? */
function allowed(objects: readonly Raw[], from: string, to: string, probe: PortProbe = TCP(8080)): boolean {
  const model = buildModel(objects);
  const find = (id: string) => {
    const found = [...model.endpoints, ...model.externals].find((e) => e.id === id);
    assert.ok(found !== undefined, `${id} (externals: ${model.externals.map((e) => e.id).join("; ")})`);
    return found;
  };
  return explain(model, find(from), find(to), probe).allowed;
}

/** The client's egress toward the external atoms named, with only `destination` allowed (the default tier denies the rest). */
function egressTo(destination: Raw, extra: readonly Raw[], atoms: readonly string[]): Record<string, boolean> {
  const objects = [...BASE, ...extra, gnp("client-egress", { selector: 'app == "client"', types: ["Egress"], egress: [{ action: "Allow", destination }] })];
  return Object.fromEntries(atoms.map((atom) => [atom, allowed(objects, "a/client", atom)]));
}

describe("calico entity rules: network sets and their selectors", () => {
  const partners = globalSet("partners", { role: "partner" }, ["192.0.2.0/24", "198.51.100.0/24"]);
  const blocked = globalSet("blocked", { role: "blocked" }, ["203.0.113.0/24"]);

  it("a selector picks network sets by their labels; a set with several nets holds each of them", () => {
    assert.deepEqual(egressTo({ selector: 'role == "partner"' }, [partners, blocked], ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]), {
      "192.0.2.0/24": true,
      "198.51.100.0/24": true,
      "203.0.113.0/24": false,
    });
  });

  it("global() picks the GlobalNetworkSets only, not a namespace's NetworkSet", () => {
    const local = networkSet("a", "local", { role: "partner" }, ["203.0.113.0/24"]);
    assert.deepEqual(egressTo({ selector: "global()" }, [partners, local], ["192.0.2.0/24", "203.0.113.0/24"]), { "192.0.2.0/24": true, "203.0.113.0/24": false });
  });

  it("in a namespaced policy, a selector picks its namespace's NetworkSets; namespaceSelector global() picks the GlobalNetworkSets instead", () => {
    const local = networkSet("a", "local", { role: "partner" }, ["203.0.113.0/24"]);
    const elsewhere = networkSet("b", "elsewhere", { role: "partner" }, ["198.18.0.0/15"]);
    const objects = (destination: Raw) => [...BASE, partners, local, elsewhere, cnp("a", "client-egress", { selector: 'app == "client"', types: ["Egress"], egress: [{ action: "Allow", destination }] })];
    const atoms = ["192.0.2.0/24", "203.0.113.0/24", "198.18.0.0/15"];
    const decide = (destination: Raw) => atoms.map((atom) => allowed(objects(destination), "a/client", atom));
    assert.deepEqual(decide({ selector: 'role == "partner"' }), [false, true, false]);
    assert.deepEqual(decide({ selector: 'role == "partner"', namespaceSelector: "global()" }), [true, false, false]);
    assert.deepEqual(decide({ selector: 'role == "partner"', namespaceSelector: 'projectcalico.org/name == "b"' }), [false, false, true]);
  });

  it("a namespaceSelector alone picks the NetworkSets of those namespaces too", () => {
    const sets = [networkSet("a", "in-a", {}, ["203.0.113.0/24"]), networkSet("b", "in-b", {}, ["198.18.0.0/15"])];
    assert.deepEqual(egressTo({ namespaceSelector: 'projectcalico.org/name == "a"' }, sets, ["203.0.113.0/24", "198.18.0.0/15"]), { "203.0.113.0/24": true, "198.18.0.0/15": false });
  });

  it("a notSelector of every pod still admits external addresses (they carry no pod labels)", () => {
    const objects = [...BASE, gnp("web-ingress", { selector: 'app == "web"', types: ["Ingress"], ingress: [{ action: "Allow", source: { notSelector: "projectcalico.org/orchestrator == 'k8s'" } }] })];
    assert.equal(allowed(objects, "a/client", "b/web"), false);
    assert.equal(allowed(objects, "0.0.0.0/0", "b/web"), true);
  });

  it("notSelector excludes the pods and the network sets it matches", () => {
    const objects = [...BASE, blocked, gnp("web-ingress", { selector: 'app == "web"', types: ["Ingress"], ingress: [{ action: "Allow", source: { nets: ["0.0.0.0/0"], notSelector: 'app == "client" || role == "blocked"' } }] })];
    assert.equal(allowed(objects, "a/client", "b/web"), false);
    assert.equal(allowed(objects, "a/other", "b/web"), true);
    assert.equal(allowed(objects, "203.0.113.0/24", "b/web"), false);
    assert.equal(allowed(objects, "0.0.0.0/0 except 203.0.113.0/24", "b/web"), true);
  });
});

describe("calico entity rules: nets, namespaces and service accounts", () => {
  const webIngress = (source: Raw, extra: readonly Raw[] = []) => [...BASE, ...extra, gnp("web-ingress", { selector: 'app == "web"', types: ["Ingress"], ingress: [{ action: "Allow", source }] })];

  it("nets match an address in any listed CIDR; notNets exclude an address in any of them", () => {
    assert.equal(allowed(webIngress({ nets: ["192.168.0.0/16", "10.0.0.0/24"] }), "a/client", "b/web"), true);
    assert.equal(allowed(webIngress({ nets: ["192.168.0.0/16", "10.0.0.0/24"] }), "0.0.0.0/0 except 10.0.0.0/24,192.168.0.0/16", "b/web"), false);
    assert.equal(allowed(webIngress({ notNets: ["192.168.0.0/16", "10.0.0.0/24"] }), "a/client", "b/web"), false);
  });

  it("a namespaceSelector alone matches every pod of the namespaces it selects, and only those", () => {
    assert.equal(allowed(webIngress({ namespaceSelector: 'projectcalico.org/name == "a"' }), "a/client", "b/web"), true);
    assert.equal(allowed(webIngress({ namespaceSelector: 'projectcalico.org/name == "c"' }), "a/client", "b/web"), false);
  });

  it("serviceAccounts.names matches pods running as one of those accounts (no serviceAccountName: default)", () => {
    const objects = [ns("a"), ns("b"), pod("a", "client", { app: "client" }, "10.0.0.1", "payments"), pod("a", "other", { app: "other" }, "10.0.0.2"), pod("b", "web", { app: "web" }, "10.0.1.1")];
    const withNames = (names: string[]) => [...objects, gnp("web-ingress", { selector: 'app == "web"', types: ["Ingress"], ingress: [{ action: "Allow", source: { serviceAccounts: { names } } }] })];
    assert.deepEqual([allowed(withNames(["payments"]), "a/client", "b/web"), allowed(withNames(["payments"]), "a/other", "b/web")], [true, false]);
    assert.deepEqual([allowed(withNames(["default"]), "a/client", "b/web"), allowed(withNames(["default"]), "a/other", "b/web")], [false, true]);
  });

  it("serviceAccounts.selector matches the accounts' labels, together with names when both are given", () => {
    const objects = [ns("a"), ns("b"), serviceAccount("a", "payments", { team: "money" }), serviceAccount("a", "default", { team: "ops" }),
      pod("a", "client", { app: "client" }, "10.0.0.1", "payments"), pod("a", "other", { app: "other" }, "10.0.0.2"), pod("b", "web", { app: "web" }, "10.0.1.1")];
    const withAccounts = (serviceAccounts: Raw) => [...objects, gnp("web-ingress", { selector: 'app == "web"', types: ["Ingress"], ingress: [{ action: "Allow", source: { serviceAccounts } }] })];
    const decide = (serviceAccounts: Raw) => ["a/client", "a/other"].map((from) => allowed(withAccounts(serviceAccounts), from, "b/web"));
    assert.deepEqual(decide({ selector: 'team == "money"' }), [true, false]);
    assert.deepEqual(decide({ selector: 'team == "ops"' }), [false, true]);
    assert.deepEqual(decide({ names: ["payments"], selector: 'team == "ops"' }), [false, false]);
  });

  it("serviceAccounts match pods only: the addresses of a network set are not matched by them", () => {
    const set = globalSet("partners", { role: "partner" }, ["192.0.2.0/24"]);
    assert.deepEqual(egressTo({ serviceAccounts: { names: ["default"] } }, [set], ["192.0.2.0/24"]), { "192.0.2.0/24": false });
    const objects = [...BASE, set, gnp("client-egress", { selector: 'app == "client"', types: ["Egress"], egress: [{ action: "Allow", destination: { serviceAccounts: { names: ["default"] } } }] })];
    assert.equal(allowed(objects, "a/client", "b/web"), true);
  });

  it("a policy's serviceAccountSelector applies it to the pods whose account has those labels (no serviceAccountName: default)", () => {
    const deny = gnp("deny-money", { selector: "all()", serviceAccountSelector: 'team == "money"', types: ["Ingress"], ingress: [{ action: "Deny" }] });
    const web = (serviceAccountName?: string) => pod("b", "web", { app: "web" }, "10.0.1.1", serviceAccountName);
    const cluster = (account: string, labels: Record<string, string>, webAccount?: string) => [ns("a"), ns("b"), pod("a", "client", { app: "client" }, "10.0.0.1"), web(webAccount), serviceAccount("b", account, labels), deny];
    assert.equal(allowed(cluster("shop", { team: "money" }, "shop"), "a/client", "b/web"), false);
    assert.equal(allowed(cluster("shop", { team: "ops" }, "shop"), "a/client", "b/web"), true);
    assert.equal(allowed(cluster("default", { team: "money" }), "a/client", "b/web"), false);
    assert.equal(allowed(cluster("shop", { team: "money" }), "a/client", "b/web"), true);
  });

  it("a pod's service account is a label selectors see (projectcalico.org/serviceaccount; default when none is named)", () => {
    const objects = [...BASE, gnp("deny-default-account", { selector: 'projectcalico.org/serviceaccount == "default"', types: ["Ingress"], ingress: [{ action: "Deny" }] })];
    assert.equal(allowed(objects, "a/client", "b/web"), false);
  });
});

describe("calico rules: protocol, notProtocol and notPorts", () => {
  const webIngress = (rule: Raw) => [...BASE, gnp("web-ingress", { selector: 'app == "web"', types: ["Ingress"], ingress: [{ action: "Allow", ...rule }] })];
  const decide = (rule: Raw, probes: PortProbe[]) => probes.map((probe) => allowed(webIngress(rule), "a/client", "b/web", probe));

  it("a rule on a protocol outside the model (ICMP) matches no TCP, UDP or SCTP probe", () => {
    assert.deepEqual(decide({ protocol: "ICMP" }, [TCP(8080), { port: 53, protocol: "UDP" }]), [false, false]);
  });

  it("notProtocol takes that protocol out of what the rule matches; one outside the model takes nothing out", () => {
    assert.deepEqual(decide({ notProtocol: "UDP" }, [TCP(8080), { port: 53, protocol: "UDP" }, { port: 9, protocol: "SCTP" }]), [true, false, true]);
    assert.deepEqual(decide({ notProtocol: "ICMP" }, [TCP(8080), { port: 53, protocol: "UDP" }]), [true, true]);
  });

  it("destination notPorts take those ports out of the rule's protocol", () => {
    assert.deepEqual(decide({ protocol: "TCP", destination: { notPorts: [8080, "9000:9001"] } }, [TCP(8080), TCP(8081), TCP(9001), { port: 8080, protocol: "UDP" }]), [false, true, false, false]);
  });
});

describe("calico under a pod's several addresses", () => {
  const dualPod = (namespace: string, name: string, ips: string[]): Raw => ({
    apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec: { containers: [{ name: "c" }] }, status: { podIPs: ips.map((ip) => ({ ip })) },
  });

  it("a Kubernetes NetworkPolicy's ipBlock in the default tier reads the whole pod: naming its IPv4 address admits its IPv6 traffic too", () => {
    const objects = [
      dualPod("a", "client", ["10.0.0.1", "fd00::1"]), dualPod("b", "db", ["10.0.0.5", "fd00::5"]),
      // The client may not reach the db's IPv4 address, so only the IPv6 pair can carry traffic.
      gnp("client-egress", { selector: "projectcalico.org/namespace == 'a'", types: ["Egress"], egress: [{ action: "Deny", destination: { nets: ["10.0.0.5/32"] } }, { action: "Allow" }] }),
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace: "b", name: "from-client" }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.1/32" } }] }] } },
    ];
    assert.equal(connectionReport(objects).pairs.find((p) => p.from === "a/client" && p.to === "b/db")?.connections.format(), "all");
  });

  it("an entity's address conditions hold for one address at a time, and views of a pod are stable objects", () => {
    const model = buildModel([ns("a"), dualPod("a", "client", ["10.0.0.1", "192.168.1.1"]), gnp("any", { selector: "all()", ingress: [{ action: "Allow" }] })]);
    const context = { calico: model.calico!, namespaces: model.namespaces };
    const client = model.endpoints.find((e) => e.id === "a/client") as PodEndpoint;
    const cidrs = (...texts: string[]) => texts.map((text) => parseCidr(text) as Cidr);
    // The doc example: 0.0.0.0/0 but not 10.0.0.0/8 matches through the second address.
    assert.equal(entityMatches(context, { nets: cidrs("0.0.0.0/0"), notNets: cidrs("10.0.0.0/8") }, client, undefined), true);
    assert.equal(entityMatches(context, { nets: cidrs("0.0.0.0/0"), notNets: cidrs("10.0.0.0/8", "192.168.0.0/16") }, client, undefined), false);
    const views = singleAddressViews(client);
    assert.deepEqual(views.map((view) => view.ips.length), [1, 1]);
    assert.equal(singleAddressViews(client), views);
    assert.deepEqual(views.map(wholeEndpoint), [client, client]);
    assert.equal(wholeEndpoint(client), client);
  });
});
