/**
 * Probe signatures (probe.ts probeSignature): probes that every rule treats alike share their
 * rows, so two probes must share a signature exactly when every port list makes the same of them
 * (a range admits both or neither; a named port present on some class is hit by both or neither).
 * Checked by hand on one small cluster (issue 14).
 */
import { strict as assert } from "assert";
import { buildModel, PortProbe } from "../../../netpol";
import { groupIntoClasses } from "../../../netpol/fast";
import { compilePolicies } from "../../../netpol/fast/compile";
import { probeSignature } from "../../../netpol/fast/probe";
import { namespace, pod, policy } from "../core/helpers";

const objects = [
  namespace("x"),
  pod("x", "web", { labels: { app: "web" }, ports: [{ name: "http", containerPort: 8080 }, { name: "dns", containerPort: 53, protocol: "UDP" }] }),
  pod("x", "client", { labels: { app: "client" }, ports: [] }),
  policy("x", "in", { podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 90 }] }, { ports: [{ port: "http" }, { port: "dns", protocol: "UDP" }] }] }),
];

/** Compiled inside each test (not while the file loads), so that per-test coverage sees it. */
function signature(port: number, protocol: PortProbe["protocol"]): string {
  const model = buildModel(objects);
  return probeSignature(compilePolicies(model, groupIntoClasses(model)), { port, protocol });
}

describe("netpol fast engine: probe signatures", () => {
  it("probes inside the same ranges and hitting no named port share one", () => {
    assert.equal(signature(85, "TCP"), signature(80, "TCP"));
    assert.equal(signature(90, "TCP"), signature(80, "TCP"));
    assert.equal(signature(91, "TCP"), signature(79, "TCP"));
    assert.equal(signature(91, "UDP"), signature(8080, "UDP"), "a named TCP port is not hit on UDP");
    assert.equal(signature(80, "SCTP"), signature(80, "UDP"));
  });

  it("a range admitting one and not the other, or a named port hit by one only, sets them apart", () => {
    assert.notEqual(signature(91, "TCP"), signature(90, "TCP"));
    assert.notEqual(signature(79, "TCP"), signature(80, "TCP"));
    assert.notEqual(signature(80, "UDP"), signature(80, "TCP"));
    assert.notEqual(signature(8080, "TCP"), signature(91, "TCP"));
    assert.notEqual(signature(53, "UDP"), signature(54, "UDP"));
    assert.notEqual(signature(53, "UDP"), signature(8080, "TCP"));
    assert.equal(signature(53, "TCP"), signature(54, "TCP"), "dns is a UDP port here");
  });
});
