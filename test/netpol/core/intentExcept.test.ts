/** The intent's external notation `<cidr> except <cidr>[, <cidr>...]`: parsing and exact verify semantics. */
import { strict as assert } from "assert";
import { NetpolInputError, parseIntent, verifyIntent } from "../../../netpol";
import { namespace, pod, policy } from "./helpers";

/** web/frontend admits `source` on TCP 443; nothing else is allowed anywhere. */
function cluster(source: Record<string, unknown>): unknown[] {
  return [
    namespace("web"),
    pod("web", "frontend", { labels: { app: "frontend" } }),
    policy("web", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("web", "frontend", { podSelector: { matchLabels: { app: "frontend" } }, ingress: [{ from: [{ ipBlock: source }], ports: [{ port: 443 }] }] }),
  ];
}

const intentFrom = (from: string) => `flows:\n  - from: "${from}"\n    to: web/frontend\n    ports: ["TCP/443"]\n`;

function differences(objects: unknown[], from: string): string[] {
  const report = verifyIntent(objects, parseIntent(intentFrom(from), "intent.yaml"), "intent.yaml");
  const line = (kind: string) => (d: { from: string; to: string; connections: { format(): string } }) => `${kind} ${d.from} => ${d.to} : ${d.connections.format()}`;
  return [...report.extra.map(line("extra")), ...report.missing.map(line("missing"))];
}

function problems(from: string): string[] {
  try {
    parseIntent(intentFrom(from), "intent.yaml");
  } catch (error) {
    assert.ok(error instanceof NetpolInputError);
    return error.problems.map((p) => `${p.object}: ${p.reason}`);
  }
  return assert.fail(`expected "${from}" to be rejected`);
}

const EXPECTED = `(expected "<cidr> except <cidr>[, <cidr>...]", e.g. "0.0.0.0/0 except 10.0.0.0/16")`;

describe("netpol intent: <cidr> except <cidr>,...", () => {
  const aroundVpc = cluster({ cidr: "0.0.0.0/0", except: ["10.0.0.0/16"] });

  it("equals an ipBlock with the same except exactly", () => {
    assert.deepEqual(differences(aroundVpc, "0.0.0.0/0 except 10.0.0.0/16"), []);
  });

  it("without the except, the excluded addresses show up as missing", () => {
    assert.deepEqual(differences(aroundVpc, "0.0.0.0/0"), ["missing 10.0.0.0/16 => web/frontend : TCP 443"]);
  });

  it("against an ipBlock without the except, the excluded addresses show up as extra", () => {
    assert.deepEqual(differences(cluster({ cidr: "0.0.0.0/0" }), "0.0.0.0/0 except 10.0.0.0/16"), ["extra 10.0.0.0/16 => web/frontend : TCP 443"]);
  });

  it("accepts several excepts, with or without spaces after the commas (the atom names' notation)", () => {
    const twoHoles = cluster({ cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "192.168.0.0/16"] });
    assert.deepEqual(differences(twoHoles, "0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16"), []);
    assert.deepEqual(differences(twoHoles, "0.0.0.0/0 except 10.0.0.0/8,192.168.0.0/16"), []);
    assert.deepEqual(differences(twoHoles, "0.0.0.0/0 except 10.0.0.0/8"), ["missing 192.168.0.0/16 => web/frontend : TCP 443"]);
  });

  it("an intent except narrower than the policy's: exactly the addresses between them are missing", () => {
    assert.deepEqual(differences(aroundVpc, "0.0.0.0/0 except 10.0.5.0/24"), ["missing 10.0.0.0/16 except 10.0.5.0/24 => web/frontend : TCP 443"]);
  });

  it("rejects bad notation with the field, the text and what is expected", () => {
    assert.deepEqual(problems("0.0.0.0/0 except"), [`flows[0]: from: "0.0.0.0/0 except": an except is empty ${EXPECTED}`]);
    assert.deepEqual(problems("0.0.0.0/0 except 10.0.0.300/16"), [`flows[0]: from: "0.0.0.0/0 except 10.0.0.300/16": except "10.0.0.300/16" is not a valid CIDR ${EXPECTED}`]);
    assert.deepEqual(problems("internet except 10.0.0.0/16"), [`flows[0]: from: "internet except 10.0.0.0/16": "internet" is not a valid CIDR ${EXPECTED}`]);
    assert.deepEqual(problems("10.0.0.0/16 except 10.0.0.0/16, 192.168.0.0/16, ::/1"), [
      `flows[0]: from: "10.0.0.0/16 except 10.0.0.0/16, 192.168.0.0/16, ::/1": except "10.0.0.0/16" is not strictly inside 10.0.0.0/16 ${EXPECTED}`,
      `flows[0]: from: "10.0.0.0/16 except 10.0.0.0/16, 192.168.0.0/16, ::/1": except "192.168.0.0/16" is not strictly inside 10.0.0.0/16 ${EXPECTED}`,
      `flows[0]: from: "10.0.0.0/16 except 10.0.0.0/16, 192.168.0.0/16, ::/1": except "::/1" is not strictly inside 10.0.0.0/16 ${EXPECTED}`,
    ]);
    assert.deepEqual(problems("0.0.0.0/0 except 10.0.0.0/8,,10.1.0.0/16"), [`flows[0]: from: "0.0.0.0/0 except 10.0.0.0/8,,10.1.0.0/16": an except is empty ${EXPECTED}`]);
    assert.deepEqual(problems("0.0.0.0/0 except 10.0.0.0/8 except 10.1.0.0/16"), [`flows[0]: from: "0.0.0.0/0 except 10.0.0.0/8 except 10.1.0.0/16": "except" appears 2 times ${EXPECTED}`]);
  });
});
