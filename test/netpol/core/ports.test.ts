/** Semantics: ports, protocols, endPort ranges, named ports. */
import { strict as assert } from "assert";
import { PortProbe } from "../../../netpol";
import { assertTable, cluster, connections, namespace, pod, policy, TCP80 } from "./helpers";

const UDP80: PortProbe = { port: 80, protocol: "UDP" };
const SCTP80: PortProbe = { port: 80, protocol: "SCTP" };
const XA_DENIED = { allowed: true, except: ["x/b -> x/a", "y/a -> x/a", "y/b -> x/a"] };
const ALLOWED = { allowed: true };

function ingressPorts(ports: unknown): unknown[] {
  return [...cluster(), policy("x", "to-a", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ ports }] })];
}

describe("netpol semantics: ports", () => {
  it("absent or empty ports allow every port and protocol", () => {
    for (const objects of [ingressPorts(undefined), ingressPorts([])]) {
      assert.equal(connections(objects, "x/b", "x/a"), "all");
    }
  });

  it("protocol defaults to TCP", () => {
    const objects = ingressPorts([{ port: 80 }]);
    assertTable(objects, TCP80, ALLOWED);
    assertTable(objects, UDP80, XA_DENIED);
  });

  it("TCP, UDP and SCTP are distinct", () => {
    const objects = ingressPorts([{ port: 80, protocol: "SCTP" }]);
    assertTable(objects, SCTP80, ALLOWED);
    assertTable(objects, TCP80, XA_DENIED);
    assertTable(objects, UDP80, XA_DENIED);
  });

  it("a protocol without a port allows every port of that protocol", () => {
    assert.equal(connections(ingressPorts([{ protocol: "UDP" }]), "x/b", "x/a"), "UDP 1-65535");
  });

  it("endPort makes an inclusive range", () => {
    const objects = ingressPorts([{ port: 8000, endPort: 8080 }]);
    assert.equal(connections(objects, "x/b", "x/a"), "TCP 8000-8080");
    for (const [port, allowed] of [[7999, false], [8000, true], [8080, true], [8081, false]] as const) {
      assertTable(objects, { port, protocol: "TCP" }, allowed ? ALLOWED : XA_DENIED);
    }
  });

  it("ports of one rule are a union and rules add up", () => {
    const objects = [
      ...cluster(),
      policy("x", "to-a", {
        podSelector: { matchLabels: { pod: "a" } },
        ingress: [{ ports: [{ port: 443 }, { port: 53, protocol: "UDP" }] }, { ports: [{ port: 80 }] }],
      }),
    ];
    assert.equal(connections(objects, "x/b", "x/a"), "TCP 80,443; UDP 53");
  });
});

describe("netpol semantics: named ports", () => {
  /** x/a names port 80 "http"; x/alt names 8080 "http" and 53/TCP "dns" (x/a's dns is UDP). */
  function namedCluster(rules: Record<string, unknown>): unknown[] {
    return [
      namespace("x"),
      pod("x", "a", { labels: { app: "web" } }),
      pod("x", "alt", { labels: { app: "web" }, ports: [{ name: "http", containerPort: 8080 }, { name: "dns", containerPort: 53 }] }),
      pod("x", "client", { labels: { app: "client" } }),
      policy("x", "named", rules),
    ];
  }

  it("resolves an ingress named port against each destination pod's container ports", () => {
    const objects = namedCluster({ podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: "http" }] }] });
    assert.equal(connections(objects, "x/client", "x/a"), "TCP 80");
    assert.equal(connections(objects, "x/client", "x/alt"), "TCP 8080");
  });

  it("needs the protocol to match too", () => {
    const objects = namedCluster({ podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: "dns", protocol: "UDP" }] }] });
    assert.equal(connections(objects, "x/client", "x/a"), "UDP 53");
    assert.equal(connections(objects, "x/client", "x/alt"), "none", "x/alt's dns is TCP");
  });

  it("resolves an egress named port against the destination, not the source", () => {
    const objects = namedCluster({
      podSelector: { matchLabels: { app: "client" } },
      policyTypes: ["Egress"],
      egress: [{ ports: [{ port: "http" }] }],
    });
    assert.equal(connections(objects, "x/client", "x/a"), "TCP 80");
    assert.equal(connections(objects, "x/client", "x/alt"), "TCP 8080");
    assert.equal(connections(objects, "x/client", "0.0.0.0/0"), "none", "an external address has no named ports");
  });

  it("matches nothing when the destination lacks the name", () => {
    const objects = namedCluster({ podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: "metrics" }] }] });
    assert.equal(connections(objects, "x/client", "x/a"), "none");
  });
});
