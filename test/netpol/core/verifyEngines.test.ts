/**
 * verify's differences are the same, in the same order and with the same wording, whichever engine
 * finds them: the fast engine compares at class level (only the pairs the intent lists or some
 * probe allows), the reference engine every pair one by one.
 */
import { strict as assert } from "assert";
import { parseIntent, verifyIntent, VerifyReport } from "../../../netpol";
import { VerifyOptions } from "../../../netpol/verify";
import { namespace, pod, policy } from "./helpers";

const PIN = (ns: string) => ({ "kubernetes.io/metadata.name": ns });

/**
 * web/frontend may reach api/backend on TCP 8080-8081 (egress), api/backend admits all of web on
 * TCP 8080 (ingress); web/stranger is not egress-isolated; 10.0.0.0/8 may reach web/frontend on 443.
 */
const OBJECTS = [
  namespace("web"),
  namespace("api"),
  pod("web", "frontend", { labels: { app: "frontend" } }),
  pod("web", "stranger", { labels: { app: "stranger" } }),
  pod("api", "backend", { labels: { app: "backend" } }),
  policy("web", "frontend", {
    podSelector: { matchLabels: { app: "frontend" } },
    policyTypes: ["Ingress", "Egress"],
    ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 443 }] }],
    egress: [{ to: [{ namespaceSelector: { matchLabels: PIN("api") } }], ports: [{ port: 8080, endPort: 8081 }] }],
  }),
  policy("api", "backend", {
    podSelector: { matchLabels: { app: "backend" } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: PIN("web") } }], ports: [{ port: 8080 }] }],
  }),
];

type Line = string;

function lines(report: VerifyReport): { extra: Line[]; missing: Line[] } {
  const line = (d: VerifyReport["extra"][number]): Line =>
    `${d.from} => ${d.to} : ${d.connections.format()}${d.side === undefined ? "" : ` [${d.side}]`}${d.layer === undefined ? "" : ` [${d.layer}]`}${d.because === undefined ? "" : ` (${d.because})`}`;
  return { extra: report.extra.map(line), missing: report.missing.map(line) };
}

/** Both engines' reports, asserted identical (objects too: no key set to undefined), as lines. */
function verified(objects: readonly unknown[], intentText: string, options: VerifyOptions = {}): { extra: Line[]; missing: Line[] } {
  const intent = parseIntent(intentText, "i.yaml");
  const reference = verifyIntent(objects, intent, "i.yaml", { ...options, engine: "reference" });
  const fast = verifyIntent(objects, intent, "i.yaml", { ...options, engine: "fast" });
  assert.deepEqual(fast, reference);
  return lines(reference);
}

const EXACT = [
  "  - {from: web/frontend, to: api/backend, ports: [TCP/8080]}",
  "  - {from: web/stranger, to: api/backend, ports: [TCP/8080]}",
  "  - {from: 10.0.0.0/8, to: web/frontend, ports: [TCP/443]}",
];
/** What neither side isolates: web/stranger's egress, api/backend's egress, web/stranger's ingress. */
const OPEN = [
  "  - {from: web/stranger, to: 0.0.0.0/0, ports: [all]}",
  "  - {from: 0.0.0.0/0, to: web/stranger, ports: [all]}",
  "  - {from: api/backend, to: web/stranger, ports: [all]}",
  "  - {from: api/backend, to: 0.0.0.0/0, ports: [all]}",
];

const flows = (...rows: string[]) => `flows:\n${rows.join("\n")}\n`;

describe("netpol verify, class level and pair by pair alike", () => {
  it("the exact intent passes", () => {
    const exact = flows(...EXACT, ...OPEN);
    assert.deepEqual(verified(OBJECTS, exact), { extra: [], missing: [] });
  });

  it("differences in pair order (source, destination, then end to end before each side), with what let extra flows through", () => {
    // Listed in reverse: the order of the report is the pairs', not the intent's.
    const intent = flows(...[...OPEN].reverse(), "  - {from: web/stranger, to: api/backend, ports: [all]}", "  - {from: api/backend, to: web/frontend, ports: [UDP/53]}", "  - {from: 10.0.0.0/16, to: web/frontend, ports: [TCP/443, TCP/444]}", "  - {from: web/frontend, to: api/backend, ports: [TCP/8081]}");
    assert.deepEqual(verified(OBJECTS, intent, { eachSide: true }), {
      extra: [
        "web/frontend => api/backend : TCP 8080 (egress: allowed by web/frontend; ingress: allowed by api/backend)",
        "web/frontend => api/backend : TCP 8080 [egress] (the egress side alone: egress: allowed by web/frontend)",
        "web/frontend => api/backend : TCP 8080 [ingress] (the ingress side alone: ingress: allowed by api/backend)",
        "10.0.0.0/8 except 10.0.0.0/16 => web/frontend : TCP 443 (egress: external, not governed by NetworkPolicy; ingress: allowed by web/frontend)",
        "10.0.0.0/8 except 10.0.0.0/16 => web/frontend : TCP 443 [ingress] (the ingress side alone: ingress: allowed by web/frontend)",
      ],
      missing: [
        "api/backend => web/frontend : UDP 53",
        "api/backend => web/frontend : UDP 53 [ingress]",
        "web/frontend => api/backend : TCP 8081",
        "web/frontend => api/backend : TCP 8081 [ingress]",
        // web/stranger's egress isolates nothing: only the ingress side is compared alone.
        "web/stranger => api/backend : TCP 1-8079,8081-65535; UDP 1-65535; SCTP 1-65535",
        "web/stranger => api/backend : TCP 1-8079,8081-65535; UDP 1-65535; SCTP 1-65535 [ingress]",
        "10.0.0.0/16 => web/frontend : TCP 444",
        "10.0.0.0/16 => web/frontend : TCP 444 [ingress]",
      ],
    });
  });

  it("the differences of one source come in destination order, whatever the intent's order", () => {
    const open = [pod("x", "a"), pod("x", "b"), pod("x", "c")];
    const intent = flows("  - {from: x/a, to: x/c, ports: [TCP/80]}", "  - {from: x/a, to: x/b, ports: [TCP/80]}");
    assert.deepEqual(verified(open, intent).extra.filter((line) => line.startsWith("x/a")).map((line) => line.split(" : ")[0]), ["x/a => x/b", "x/a => x/c", "x/a => 0.0.0.0/0"]);
  });

  it("an intent CIDR that splits the atoms before an allowed one: the engine prepared again finds the extra flow", () => {
    // x/a may send to 10.0.0.0/8; the intent's 1.0.0.0/8 splits the atom before it.
    const objects = [namespace("x"), pod("x", "a"), policy("x", "a", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 443 }] }] })];
    assert.deepEqual(verified(objects, flows("  - {from: x/a, to: 1.0.0.0/8, ports: [TCP/443]}", "  - {from: 0.0.0.0/0, to: x/a, ports: [all]}")), {
      extra: ["x/a => 10.0.0.0/8 : TCP 443 (egress: allowed by x/a; ingress: external, not governed by NetworkPolicy)"],
      missing: ["x/a => 1.0.0.0/8 : TCP 443"],
    });
  });

  it("a CIDR whose excepts cover it whole covers no atom, and is no unknown endpoint", () => {
    const objects = [namespace("x"), pod("x", "a")];
    const intent = flows("  - {from: x/a, to: \"0.0.0.0/0 except 0.0.0.0/1, 128.0.0.0/1\", ports: [all]}");
    assert.deepEqual(verified(objects, intent).missing, []);
  });

  it("flows listed twice for one pair add up; a Pod listed with itself is not compared", () => {
    const intent = flows(...EXACT.slice(1), ...OPEN,
      "  - {from: web/frontend, to: api/backend, ports: [TCP/8080]}", "  - {from: web/frontend, to: api/backend, ports: [TCP/8081]}", "  - {from: web/frontend, to: web/frontend, ports: [UDP/53]}");
    assert.deepEqual(verified(OBJECTS, intent), { extra: [], missing: ["web/frontend => api/backend : TCP 8081"] });
  });
});

/** x/a may send TCP 80-81 (a NetworkPolicy); Calico admits only x/a to x/b, on TCP 80. */
function calico(ips: Record<string, string[]> = {}): unknown[] {
  const withIps = (name: string) => ({ ...pod("x", name), ...(ips[name] === undefined ? {} : { status: { podIPs: ips[name].map((ip) => ({ ip })) } }) });
  return [
    namespace("x"),
    withIps("a"),
    withIps("b"),
    { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "g" }, spec: { selector: "pod == 'b'", types: ["Ingress"], ingress: [{ action: "Allow", protocol: "TCP", source: { selector: "pod == 'a'" }, destination: { ports: [80] } }] } },
    policy("x", "a-out", { podSelector: { matchLabels: { pod: "a" } }, policyTypes: ["Egress"], egress: [{ ports: [{ port: 80 }, { port: 81 }] }] }),
  ];
}

const A_TO_B = "flows:\n  - {from: x/a, to: x/b, ports: [TCP/80]}\n  - {from: x/a, to: 0.0.0.0/0, ports: [TCP/80-81]}\n  - {from: x/b, to: x/a, ports: [all]}\n  - {from: x/b, to: 0.0.0.0/0, ports: [all]}\n  - {from: 0.0.0.0/0, to: x/a, ports: [all]}\n";

describe("netpol verify options", () => {
  it("under Calico's tiers, each side alone is decided pair by pair, by either engine", () => {
    assert.deepEqual(verified(calico(), A_TO_B, { eachSide: true }), {
      extra: ["x/a => x/b : TCP 81 [egress] (the egress side alone: egress: allowed by tier default: x/a-out rule 0 (Allow))"],
      missing: [],
    });
  });

  it("the engine given alone by name: the fast engine hands pods of several IPs under tiers to the reference engine, with a note", () => {
    const objects = calico({ a: ["10.0.0.1", "fd00::1"], b: ["10.0.0.2"] });
    const intent = parseIntent(A_TO_B, "i.yaml");
    assert.deepEqual(verifyIntent(objects, intent, "i.yaml", "reference").notes, []);
    assert.deepEqual(verifyIntent(objects, intent, "i.yaml", "fast").notes, [
      "Calico or admin network policy tiers with pods of several IPs (x/a has 10.0.0.1, fd00::1) are decided per address pair, which the fast engine does not do; answered with the reference engine (it decides them; pair by pair: slower on large inputs)",
    ]);
  });
});

describe("netpol verify: the kubernetesLayer section, and warnings", () => {
  /** shop: every pod may send to the namespace, a admits b; an AdminNetworkPolicy (not in the layer) admits b to every pod too. */
  const ADMIN = { apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata: { name: "b-in" }, spec: { priority: 1, subject: { namespaces: { matchLabels: PIN("shop") } }, ingress: [{ name: "from-b", action: "Allow", from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { pod: "b" } } } }] }] } };
  const SHOP = [
    namespace("shop"),
    pod("shop", "a"),
    pod("shop", "b"),
    policy("shop", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("shop", "out", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }] }] }),
    policy("shop", "a-in", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }] }),
  ];
  const intent = (layerEachSide: boolean) => parseIntent(`flows:\n  - {from: shop/b, to: shop/a, ports: [all]}\nkubernetesLayer:\n  eachSide: ${layerEachSide}\n  flows:\n    - {from: shop/b, to: shop/a, ports: [all]}\n`, "i");
  const extra = (objects: readonly unknown[], layerEachSide: boolean, options: VerifyOptions | "fast") =>
    verifyIntent(objects, intent(layerEachSide), "i", options).extra.map((d) => `${d.from} => ${d.to} : ${d.connections.format()} [${d.side ?? "end to end"}] [${d.layer ?? "whole"}]`);
  const A_TO_B_EGRESS = "shop/a => shop/b : all [egress]";

  it("each side alone in the layer: as the layer says, unless the command line says otherwise", () => {
    const objects = [...SHOP, ADMIN];
    assert.deepEqual(extra(objects, false, {}), []);
    assert.deepEqual(extra(objects, true, {}), [`${A_TO_B_EGRESS} [kubernetes]`]);
    assert.deepEqual(extra(objects, true, "fast"), [`${A_TO_B_EGRESS} [kubernetes]`]);
    assert.deepEqual(extra(objects, true, { eachSide: false }), []);
    assert.deepEqual(extra(objects, false, { eachSide: true, engine: "fast" }), [`${A_TO_B_EGRESS} [whole]`, `${A_TO_B_EGRESS} [kubernetes]`]);
  });

  it("without Calico or admin objects the whole input is the layer: compared once", () => {
    assert.deepEqual(extra(SHOP, true, {}), []);
  });

  it("passes the model's warnings on, and none when there are none", () => {
    const ignoredHostPolicy = { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "host" }, spec: { selector: "all()", applyOnForward: true } };
    const flows = parseIntent("flows: []", "i");
    assert.deepEqual(verifyIntent(SHOP, flows, "i").warnings, []);
    assert.deepEqual(verifyIntent([...SHOP, ignoredHostPolicy], flows, "i").warnings.length, 1);
  });
});
