/**
 * The reference engine's explanations (what verify's "because" and diff's reasons print): which
 * policies, or which Calico rule, decided each side, for one probe (explain), for anything at all
 * (explainConnections) or for some connections (explainSet); under Calico's tiers, pods with
 * several IPs are decided per address pair of one family (see viewPairs in netpol/reference.ts).
 */
import { strict as assert } from "assert";
import { buildModel, ConnectionSet } from "../../../netpol";
import { connectionsBetween, explain, explainConnections, explainSet, formatVerdict, sideConnections } from "../../../netpol/reference";
import { pod, policy } from "./helpers";

type Raw = Record<string, unknown>;

const ipPod = (name: string, ips: readonly string[]): Raw => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "x", labels: { app: name } }, spec: { containers: [{ name: "c" }] },
  ...(ips.length === 0 ? {} : { status: { podIPs: ips.map((ip) => ({ ip })) } }),
});
const gnp = (name: string, spec: Raw): Raw => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });

/** Per pair: what passes end to end and each side alone, then the three explanations (explainSet of `wanted`). */
function explained(objects: readonly Raw[], pairs: readonly string[], wanted: ConnectionSet): string[] {
  const model = buildModel(objects);
  const endpoint = (id: string) => {
    const found = model.endpoints.find((e) => e.id === id);
    assert.ok(found !== undefined, id);
    return found;
  };
  return pairs.flatMap((pair) => {
    const [from, to] = pair.split(" -> ").map(endpoint) as [ReturnType<typeof endpoint>, ReturnType<typeof endpoint>];
    return [
      `${pair}: ${connectionsBetween(model, from, to).format()}; egress alone ${sideConnections(model, "egress", from, to)?.format() ?? "-"}; ingress alone ${sideConnections(model, "ingress", from, to)?.format() ?? "-"}`,
      `  80/TCP ${formatVerdict(explain(model, from, to, { port: 80, protocol: "TCP" }))}`,
      `  any ${formatVerdict(explainConnections(model, from, to))}`,
      `  wanted ${formatVerdict(explainSet(model, from, to, wanted))}`,
    ];
  });
}

const LOOPBACK = "allowed (egress: a pod to itself, never blocked; ingress: a pod to itself, never blocked)";

describe("netpol reference explanations", () => {
  it("NetworkPolicies: a Pod with itself, the policies that allow, isolate and deny", () => {
    const objects = [pod("x", "a"), pod("x", "b"), policy("x", "in", { podSelector: { matchLabels: { pod: "b" } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: "a" } } }], ports: [{ port: 80 }] }] })];
    assert.deepEqual(explained(objects, ["x/b -> x/b", "x/a -> x/b", "x/b -> x/a"], ConnectionSet.of("UDP", 53)), [
      "x/b -> x/b: all; egress alone -; ingress alone none",
      `  80/TCP ${LOOPBACK}`,
      `  any ${LOOPBACK}`,
      `  wanted ${LOOPBACK}`,
      "x/a -> x/b: TCP 80; egress alone -; ingress alone TCP 80",
      "  80/TCP allowed (egress: not isolated; ingress: allowed by x/in)",
      "  any allowed (egress: not isolated; ingress: allowed by x/in)",
      "  wanted denied (egress: not isolated; ingress: denied: isolated by x/in, no rule matched)",
      "x/b -> x/a: all; egress alone -; ingress alone -",
      "  80/TCP allowed (egress: not isolated; ingress: not isolated)",
      "  any allowed (egress: not isolated; ingress: not isolated)",
      "  wanted allowed (egress: not isolated; ingress: not isolated)",
    ]);
  });

  it("Calico: the rule that decided, and external ends are not policed", () => {
    const objects = [ipPod("a", ["10.0.0.1"]), ipPod("b", ["10.0.0.2"]), gnp("g", { selector: "app == 'b'", types: ["Ingress"], ingress: [{ action: "Allow", protocol: "TCP", destination: { ports: [80, 443] } }] })];
    const rule0 = "allowed by tier default: GlobalNetworkPolicy g rule 0 (Allow)";
    assert.deepEqual(explained(objects, ["x/a -> x/a", "x/a -> x/b", "0.0.0.0/0 -> x/b", "x/b -> 0.0.0.0/0"], ConnectionSet.of("UDP", 53)), [
      "x/a -> x/a: all; egress alone -; ingress alone -",
      `  80/TCP ${LOOPBACK}`,
      `  any ${LOOPBACK}`,
      `  wanted ${LOOPBACK}`,
      "x/a -> x/b: TCP 80,443; egress alone -; ingress alone TCP 80,443",
      `  80/TCP allowed (egress: not isolated; ingress: ${rule0})`,
      `  any allowed (egress: not isolated; ingress: ${rule0})`,
      "  wanted denied (egress: not isolated; ingress: denied by tier default's default action (no rule of GlobalNetworkPolicy g matched))",
      "0.0.0.0/0 -> x/b: TCP 80,443; egress alone -; ingress alone TCP 80,443",
      `  80/TCP allowed (egress: external, not governed by NetworkPolicy; ingress: ${rule0})`,
      `  any allowed (egress: external, not governed by NetworkPolicy; ingress: ${rule0})`,
      "  wanted denied (egress: external, not governed by NetworkPolicy; ingress: denied by tier default's default action (no rule of GlobalNetworkPolicy g matched))",
      "x/b -> 0.0.0.0/0: all; egress alone -; ingress alone -",
      "  80/TCP allowed (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
      "  any allowed (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
      "  wanted allowed (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
    ]);
  });

  it("Calico, pods of several IPs: per address pair of one family; whole pods when no family is shared; a pod without IP meets every address", () => {
    const objects = [
      ipPod("a", ["10.0.0.1", "fd00::1"]),
      ipPod("b", ["10.0.0.2", "fd00::2"]),
      ipPod("v4", ["10.0.0.3", "10.0.0.4"]),
      ipPod("v6", ["fd00::6"]),
      ipPod("none", []),
      gnp("g", {
        selector: "app == 'b' || app == 'v6' || app == 'none'",
        types: ["Ingress"],
        ingress: [{ action: "Deny", source: { nets: ["10.0.0.1/32"] } }, { action: "Allow", protocol: "TCP", destination: { ports: [80] } }, { action: "Allow", protocol: "UDP", source: { nets: ["10.0.0.0/8"] } }],
      }),
    ];
    const tcp80 = "allowed (egress: not isolated; ingress: allowed by tier default: GlobalNetworkPolicy g rule 1 (Allow))";
    const udp = "allowed (egress: not isolated; ingress: allowed by tier default: GlobalNetworkPolicy g rule 2 (Allow))";
    assert.deepEqual(explained(objects, ["x/a -> x/b", "x/v4 -> x/v6", "x/a -> x/none", "x/none -> x/b", "x/v4 -> x/b", "x/a -> ::/0"], ConnectionSet.of("UDP", 53)), [
      // a's IPv4 address is denied; its IPv6 address is not in 10.0.0.0/8.
      "x/a -> x/b: TCP 80; egress alone -; ingress alone TCP 80",
      `  80/TCP ${tcp80}`,
      `  any ${tcp80}`,
      "  wanted denied (egress: not isolated; ingress: denied by tier default: GlobalNetworkPolicy g rule 0 (Deny))",
      "x/v4 -> x/v6: TCP 80; UDP 1-65535; egress alone -; ingress alone TCP 80; UDP 1-65535",
      `  80/TCP ${tcp80}`,
      `  any ${tcp80}`,
      `  wanted ${udp}`,
      "x/a -> x/none: TCP 80; egress alone -; ingress alone TCP 80",
      `  80/TCP ${tcp80}`,
      `  any ${tcp80}`,
      "  wanted denied (egress: not isolated; ingress: denied by tier default: GlobalNetworkPolicy g rule 0 (Deny))",
      "x/none -> x/b: TCP 80; egress alone -; ingress alone TCP 80",
      `  80/TCP ${tcp80}`,
      `  any ${tcp80}`,
      "  wanted denied (egress: not isolated; ingress: denied by tier default's default action (no rule of GlobalNetworkPolicy g matched))",
      "x/v4 -> x/b: TCP 80; UDP 1-65535; egress alone -; ingress alone TCP 80; UDP 1-65535",
      `  80/TCP ${tcp80}`,
      `  any ${tcp80}`,
      `  wanted ${udp}`,
      "x/a -> ::/0: all; egress alone -; ingress alone -",
      "  80/TCP allowed (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
      "  any allowed (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
      "  wanted allowed (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
    ]);
  });
  it("under Calico's tiers too, a NetworkPolicy isolates pods of its own namespace only", () => {
    const objects = [pod("x", "a"), pod("y", "b"), policy("x", "deny", { podSelector: {}, policyTypes: ["Ingress"] }), gnp("nothing", { selector: "app == 'none'", types: ["Ingress"], ingress: [{ action: "Deny" }] })];
    const model = buildModel(objects);
    const [a, b] = ["x/a", "y/b"].map((id) => model.endpoints.find((e) => e.id === id)) as [NonNullable<(typeof model.endpoints)[number]>, NonNullable<(typeof model.endpoints)[number]>];
    assert.equal(formatVerdict(explain(model, a, b, { port: 80, protocol: "TCP" })), "allowed (egress: not isolated; ingress: not isolated)");
    assert.equal(formatVerdict(explain(model, b, a, { port: 80, protocol: "TCP" })), "denied (egress: not isolated; ingress: denied by tier default's default action (no rule of x/deny matched))");
  });
  it("Calico, pods of several IPs: each side is explained by the address pair where it lets the connections through", () => {
    const objects = [
      ipPod("a", ["10.0.0.1", "fd00::1"]),
      ipPod("b", ["10.0.0.2", "fd00::2"]),
      gnp("out", { selector: "app == 'a'", types: ["Egress"], egress: [{ action: "Allow", protocol: "UDP", destination: { nets: ["10.0.0.0/8"] } }] }),
      gnp("in", { selector: "app == 'b'", types: ["Ingress"], ingress: [{ action: "Allow", protocol: "UDP", source: { nets: ["fd00::/8"] } }] }),
    ];
    // Over IPv4 the egress lets UDP out and the ingress keeps it out; over IPv6 the other way round.
    assert.deepEqual(explained(objects, ["x/a -> x/b"], ConnectionSet.of("UDP", 53)), [
      "x/a -> x/b: none; egress alone UDP 1-65535; ingress alone UDP 1-65535",
      "  80/TCP denied (egress: denied by tier default's default action (no rule of GlobalNetworkPolicy out matched); ingress: denied by tier default's default action (no rule of GlobalNetworkPolicy in matched))",
      "  any denied (egress: allowed by tier default: GlobalNetworkPolicy out rule 0 (Allow); ingress: allowed by tier default: GlobalNetworkPolicy in rule 0 (Allow))",
      "  wanted denied (egress: allowed by tier default: GlobalNetworkPolicy out rule 0 (Allow); ingress: allowed by tier default: GlobalNetworkPolicy in rule 0 (Allow))",
    ]);
  });
  it("Calico, pods of several IPs: a packet never mixes families, and a pod without IP meets each address on its own", () => {
    const objects = [
      ipPod("a", ["10.0.0.1", "fd00::1"]),
      ipPod("b", ["10.0.0.2", "fd00::2"]),
      ipPod("none", []),
      gnp("b-in", {
        selector: "app == 'b'",
        types: ["Ingress"],
        // The first rule would need an IPv4 source and an IPv6 destination: no packet has both.
        ingress: [{ action: "Allow", protocol: "TCP", source: { nets: ["10.0.0.1/32"] }, destination: { nets: ["fd00::2/128"] } }, { action: "Deny", protocol: "UDP", destination: { nets: ["10.0.0.2/32"] } }, { action: "Allow", protocol: "UDP" }],
      }),
      gnp("a-out", { selector: "app == 'a'", types: ["Egress"], egress: [{ action: "Deny", source: { nets: ["10.0.0.1/32"] } }, { action: "Allow" }] }),
    ];
    const model = buildModel(objects);
    const endpoint = (id: string) => model.endpoints.find((e) => e.id === id) as NonNullable<(typeof model.endpoints)[number]>;
    const sets = (from: string, to: string) => {
      const [f, t] = [endpoint(from), endpoint(to)];
      return [connectionsBetween(model, f, t), sideConnections(model, "egress", f, t), sideConnections(model, "ingress", f, t)].map((set) => set?.format() ?? "-");
    };
    assert.deepEqual(sets("x/a", "x/b"), ["UDP 1-65535", "all", "UDP 1-65535"]);
    assert.deepEqual(sets("x/none", "x/b"), ["UDP 1-65535", "-", "UDP 1-65535"], "UDP over IPv6 passes; over IPv4 it is denied");
    assert.deepEqual(sets("x/a", "x/none"), ["all", "all", "-"], "a's IPv6 address may send");
  });
  it("Calico, pods of several IPs: a side is explained by the address pair that lets connections through end to end, when there is one", () => {
    const objects = [
      ipPod("a", ["10.0.0.1", "fd00::1"]),
      ipPod("b", ["10.0.0.2", "fd00::2"]),
      gnp("out", { selector: "app == 'a'", types: ["Egress"], egress: [{ action: "Allow", protocol: "UDP", destination: { nets: ["10.0.0.0/8"] } }, { action: "Allow", protocol: "UDP", destination: { nets: ["fd00::/8"] } }] }),
      gnp("in", { selector: "app == 'b'", types: ["Ingress"], ingress: [{ action: "Allow", protocol: "UDP", source: { nets: ["fd00::/8"] } }] }),
    ];
    // Both pairs let UDP out; only the IPv6 pair lets it in: the egress side is explained by that pair's rule 1.
    const model = buildModel(objects);
    const [a, b] = ["x/a", "x/b"].map((id) => model.endpoints.find((e) => e.id === id)) as [NonNullable<(typeof model.endpoints)[number]>, NonNullable<(typeof model.endpoints)[number]>];
    const through = "allowed (egress: allowed by tier default: GlobalNetworkPolicy out rule 1 (Allow); ingress: allowed by tier default: GlobalNetworkPolicy in rule 0 (Allow))";
    assert.equal(formatVerdict(explainConnections(model, a, b)), through);
    assert.equal(formatVerdict(explainSet(model, a, b, ConnectionSet.of("UDP", 53))), through);
  });
  it("NetworkPolicies: every policy that allows is named, for a probe and for some connections", () => {
    const objects = [
      pod("x", "a"),
      pod("x", "b"),
      policy("x", "web", { podSelector: { matchLabels: { pod: "b" } }, ingress: [{ ports: [{ port: 80 }] }] }),
      policy("x", "web-and-dns", { podSelector: { matchLabels: { pod: "b" } }, ingress: [{ ports: [{ port: 80 }, { protocol: "UDP", port: 53 }] }] }),
    ];
    const model = buildModel(objects);
    const [a, b] = ["x/a", "x/b"].map((id) => model.endpoints.find((e) => e.id === id)) as [NonNullable<(typeof model.endpoints)[number]>, NonNullable<(typeof model.endpoints)[number]>];
    assert.equal(formatVerdict(explain(model, a, b, { port: 80, protocol: "TCP" })), "allowed (egress: not isolated; ingress: allowed by x/web, x/web-and-dns)");
    assert.equal(formatVerdict(explainSet(model, a, b, ConnectionSet.of("UDP", 53))), "allowed (egress: not isolated; ingress: allowed by x/web-and-dns)");
  });
});
