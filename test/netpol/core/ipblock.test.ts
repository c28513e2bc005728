/** Semantics: ipBlock (pod IPs where known, external address atoms, IPv4 and IPv6). */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { assertTable, connections, namespace, pod, policy, TCP80 } from "./helpers";

function ipCluster(): unknown[] {
  return [
    namespace("x"),
    pod("x", "target", { labels: { role: "target" } }),
    pod("x", "in", { ip: "10.0.1.5" }),
    pod("x", "hole", { ip: "10.0.2.5" }),
    pod("x", "out", { ip: "192.168.0.1" }),
    pod("x", "unknown"),
    pod("x", "v6", { ip: "fd00::5" }),
  ];
}

function ingressFrom(ipBlock: unknown): unknown[] {
  return [...ipCluster(), policy("x", "to-target", { podSelector: { matchLabels: { role: "target" } }, ingress: [{ from: [{ ipBlock }] }] })];
}

const SOURCES = ["in", "hole", "out", "unknown", "v6"];
const onlyFrom = (...allowed: string[]) => ({
  allowed: true,
  except: SOURCES.filter((source) => !allowed.includes(source)).map((source) => `x/${source} -> x/target`),
});

describe("netpol semantics: ipBlock", () => {
  it("matches pods whose known IP is in cidr and not in except", () => {
    assertTable(ingressFrom({ cidr: "10.0.0.0/16", except: ["10.0.2.0/24"] }), TCP80, onlyFrom("in"));
  });

  it("never matches a pod whose IP is unknown, even with 0.0.0.0/0", () => {
    assertTable(ingressFrom({ cidr: "0.0.0.0/0" }), TCP80, onlyFrom("in", "hole", "out"));
  });

  it("accepts host bits as written: 10.0.1.9/16 means 10.0.0.0/16", () => {
    assertTable(ingressFrom({ cidr: "10.0.1.9/16" }), TCP80, onlyFrom("in", "hole"));
  });

  it("matches IPv6 addresses with IPv6 blocks only", () => {
    assertTable(ingressFrom({ cidr: "fd00::/64" }), TCP80, onlyFrom("v6"));
    assertTable(ingressFrom({ cidr: "::/0" }), TCP80, onlyFrom("v6"));
  });

  it("splits the address space into named external atoms, one per block minus its nested blocks", () => {
    const model = buildModel(ingressFrom({ cidr: "10.0.0.0/16", except: ["10.0.2.0/24"] }));
    assert.deepEqual(
      model.externals.map((external) => external.id),
      ["0.0.0.0/0 except 10.0.0.0/16", "10.0.0.0/16 except 10.0.2.0/24", "10.0.2.0/24", "::/0"],
    );
  });

  it("has only the IPv4 world when the input never mentions IPv6", () => {
    const model = buildModel([namespace("x"), pod("x", "a")]);
    assert.deepEqual(model.externals.map((external) => external.id), ["0.0.0.0/0"]);
  });

  it("drops an atom fully covered by nested blocks", () => {
    const model = buildModel([
      ...ipCluster(),
      policy("x", "halves", { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/1" } }, { ipBlock: { cidr: "128.0.0.0/1" } }] }] }),
    ]);
    assert.deepEqual(model.externals.map((external) => external.id).filter((id) => !id.includes(":")), ["0.0.0.0/1", "128.0.0.0/1"]);
  });

  it("decides external atoms by cidr and except: ingress from the world", () => {
    const objects = ingressFrom({ cidr: "10.0.0.0/16", except: ["10.0.2.0/24"] });
    assert.equal(connections(objects, "10.0.0.0/16 except 10.0.2.0/24", "x/target"), "all");
    assert.equal(connections(objects, "10.0.2.0/24", "x/target"), "none");
    assert.equal(connections(objects, "0.0.0.0/0 except 10.0.0.0/16", "x/target"), "none");
    assert.equal(connections(objects, "::/0", "x/target"), "none");
    assert.equal(connections(objects, "10.0.2.0/24", "x/in"), "all", "non-isolated pods accept the world");
  });

  it("decides external atoms for egress, ports included", () => {
    const objects = [
      ...ipCluster(),
      policy("x", "egress", {
        podSelector: { matchLabels: { role: "target" } },
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ port: 443 }] }],
      }),
    ];
    assert.equal(connections(objects, "x/target", "0.0.0.0/0 except 10.0.0.0/8"), "TCP 443");
    assert.equal(connections(objects, "x/target", "10.0.0.0/8"), "none");
    assert.equal(connections(objects, "x/target", "x/out"), "TCP 443", "192.168.0.1 is a known pod IP outside 10/8");
    assert.equal(connections(objects, "x/target", "x/in"), "none");
  });
});
