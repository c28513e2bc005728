/**
 * What a reviewer reads from `netpol diff`: the exact text, Markdown (pull-request comment) and JSON
 * for changes of every kind (added, removed, widened, narrowed, both), endpoints that appear and
 * disappear, the provenance of every side kind, long tables cut short, escaping, ordering, notes.
 */
import { strict as assert } from "assert";
import { diffJson, diffJsonLines, diffMarkdownLines, diffObjects, diffTextLines, FlowDiff, isIdentical } from "../../../netpol/diff";
import { namespace, pod, policy } from "../core/helpers";

type K8sObject = Record<string, unknown>;

const ADMIN = "policy.networking.k8s.io/v1alpha1";
const NAME = "kubernetes.io/metadata.name";

const deny = (ns: string): K8sObject => policy(ns, "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const app = (name: string): K8sObject => ({ podSelector: { matchLabels: { app: name } } });
const inNamespace = (ns: string, name: string): K8sObject => ({ namespaceSelector: { matchLabels: { [NAME]: ns } }, podSelector: { matchLabels: { app: name } } });
const ports = (numbers: readonly number[]): K8sObject[] => numbers.map((port) => ({ port }));
const egress = (ns: string, name: string, from: string, to: K8sObject, open: readonly number[]): K8sObject =>
  policy(ns, name, { podSelector: { matchLabels: { app: from } }, policyTypes: ["Egress"], egress: [{ to: [to], ports: ports(open) }] });
const ingress = (ns: string, name: string, to: string, from: K8sObject, open: readonly number[]): K8sObject =>
  policy(ns, name, { podSelector: { matchLabels: { app: to } }, policyTypes: ["Ingress"], ingress: [{ from: [from], ports: ports(open) }] });

/** shop/web -> shop/api on 8080 and 9090, shop/api -> bank/db on 5432; both namespaces deny by default. */
function shop(): K8sObject[] {
  return [
    namespace("shop"),
    namespace("bank"),
    pod("shop", "web", { labels: { app: "web" } }),
    pod("shop", "api", { labels: { app: "api" } }),
    pod("bank", "db", { labels: { app: "db" } }),
    deny("shop"),
    deny("bank"),
    egress("shop", "web-to-api", "web", app("api"), [8080, 9090]),
    ingress("shop", "api-from-web", "api", app("web"), [8080, 9090]),
    egress("shop", "api-to-db", "api", inNamespace("bank", "db"), [5432]),
    ingress("bank", "db-from-api", "db", inNamespace("shop", "api"), [5432]),
  ];
}

/** web -> api moves from 9090 to 443 (widened and narrowed), the db's ingress policy is gone, a new shop/cache talks to nobody. */
function shopHead(): K8sObject[] {
  return [
    ...shop().filter((object) => !["web-to-api", "api-from-web", "db-from-api"].includes((object["metadata"] as { name: string }).name)),
    pod("shop", "cache", { labels: { app: "cache" } }),
    egress("shop", "web-to-api", "web", app("api"), [8080, 443]),
    ingress("shop", "api-from-web", "api", app("web"), [8080, 443]),
  ];
}

const text = (diff: FlowDiff): string[] => [...diffTextLines(diff)];
const markdown = (diff: FlowDiff, options = {}): string[] => [...diffMarkdownLines(diff, options)];

/** An AdminNetworkPolicy on namespace x's ingress from namespace monitoring. */
function monitoringAnp(rule: K8sObject): K8sObject {
  return {
    apiVersion: ADMIN,
    kind: "AdminNetworkPolicy",
    metadata: { name: "monitoring" },
    spec: { priority: 10, subject: { namespaces: { matchLabels: { [NAME]: "x" } } }, ingress: [{ from: [{ namespaces: { matchLabels: { [NAME]: "monitoring" } } }], ...rule }] },
  };
}

const MONITORED = [namespace("x"), namespace("monitoring"), pod("x", "a"), pod("monitoring", "prom", { labels: { app: "prom" } })];

describe("netpol diff output", () => {
  describe("a pair widened and narrowed at once, a pair removed, an endpoint that talks to nobody", () => {
    const diff = (): FlowDiff => diffObjects(shop(), shopHead());

    it("text: endpoints first, then one line per pair in source order, the summary last", () => {
      assert.deepEqual(text(diff()), [
        "endpoint added:   shop/cache (Pod)",
        "removed: shop/api => bank/db : TCP 5432",
        "changed: shop/web => shop/api : TCP 8080,9090 -> TCP 443,8080 (added TCP 443; removed TCP 9090)  (egress: allowed by shop/web-to-api; ingress: allowed by shop/api-from-web)",
        "1 connection added or widened, 2 removed or narrowed; 1 endpoint added, 0 removed",
      ]);
    });

    it("md: the summary in bold, the endpoints, a table of added and one of removed connections", () => {
      assert.deepEqual(markdown(diff()), [
        "**1 connection added or widened, 2 removed or narrowed; 1 endpoint added, 0 removed.**",
        "",
        "Endpoints:",
        "",
        "- added: `shop/cache` (Pod)",
        "",
        "Connections added or widened (allowed by the head's policies):",
        "",
        "| from | to | added | before → after | allowed by |",
        "| --- | --- | --- | --- | --- |",
        "| `shop/web` | `shop/api` | **TCP 443** | TCP 8080,9090 → TCP 443,8080 | egress: `shop/web-to-api`; ingress: `shop/api-from-web` |",
        "",
        "Connections removed or narrowed:",
        "",
        "| from | to | removed | before → after |",
        "| --- | --- | --- | --- |",
        "| `shop/api` | `bank/db` | **TCP 5432** | TCP 5432 → none |",
        "| `shop/web` | `shop/api` | **TCP 9090** | TCP 8080,9090 → TCP 443,8080 |",
      ]);
    });

    it("md with maxRows: each table cut after that many rows, the rest counted, with the hint", () => {
      const lines = markdown(diff(), { maxRows: 1, moreHint: "run `netpol diff` to see them all" });
      assert.deepEqual(lines.slice(-7), [
        "Connections removed or narrowed:",
        "",
        "| from | to | removed | before → after |",
        "| --- | --- | --- | --- |",
        "| `shop/api` | `bank/db` | **TCP 5432** | TCP 5432 → none |",
        "",
        "…and 1 more: run `netpol diff` to see them all",
      ]);
      // The added table has one row: nothing is left out of it, so no count follows it.
      assert.equal(lines.filter((line) => line.startsWith("…and")).length, 1);
      assert.deepEqual(markdown(diff(), { maxRows: 1 }).slice(-1), ["…and 1 more"]);
      assert.deepEqual(markdown(diff(), { maxRows: 2 }), markdown(diff()));
      assert.deepEqual(markdown(diff(), { maxRows: 0 }).filter((line) => line.startsWith("…and") || line.startsWith("| `")), ["…and 1 more", "…and 2 more"]);
    });

    it("json: the counts, both sides' sizes, the endpoints and every change with presence and sets as text", () => {
      const lines = [...diffJsonLines(diff())];
      assert.deepEqual(lines, [
        '{"identical":false,"summary":{"added":1,"removed":2,"endpointsAdded":1,"endpointsRemoved":0},"base":{"endpoints":3,"policies":6},"head":{"endpoints":4,"policies":5},"externals":["0.0.0.0/0"],"endpoints":{"added":[{"id":"shop/cache","kind":"Pod"}],"removed":[]},"changes":[',
        '{"from":"shop/api","to":"bank/db","fromPresence":"both","toPresence":"both","before":"TCP 5432","after":"none","added":"none","removed":"TCP 5432"},',
        '{"from":"shop/web","to":"shop/api","fromPresence":"both","toPresence":"both","before":"TCP 8080,9090","after":"TCP 443,8080","added":"TCP 443","removed":"TCP 9090","allowedBy":{"egress":{"kind":"allowed","by":["shop/web-to-api"]},"ingress":{"kind":"allowed","by":["shop/api-from-web"]}}}',
        "]}",
      ]);
      // A change with nothing added has no allowedBy key at all (not one set to undefined).
      const changes = diffJson(diff())["changes"] as Record<string, unknown>[];
      assert.deepEqual(Object.keys(changes[0] as object), ["from", "to", "fromPresence", "toPresence", "before", "after", "added", "removed"]);
    });

    it("only narrowed: a changed line without provenance; in Markdown no endpoints and no added table", () => {
      const narrowed = [...shop().filter((object) => (object["metadata"] as { name: string }).name !== "web-to-api"), egress("shop", "web-to-api", "web", app("api"), [8080])];
      assert.deepEqual(text(diffObjects(shop(), narrowed)), [
        "changed: shop/web => shop/api : TCP 8080,9090 -> TCP 8080 (removed TCP 9090)",
        "0 connections added or widened, 1 removed or narrowed; 0 endpoints added, 0 removed",
      ]);
      // No endpoint appeared or disappeared, nothing was added: only the removed table.
      assert.deepEqual(markdown(diffObjects(shop(), narrowed)), [
        "**0 connections added or widened, 1 removed or narrowed; 0 endpoints added, 0 removed.**",
        "",
        "Connections removed or narrowed:",
        "",
        "| from | to | removed | before → after |",
        "| --- | --- | --- | --- |",
        "| `shop/web` | `shop/api` | **TCP 9090** | TCP 8080,9090 → TCP 8080 |",
      ]);
    });
  });

  describe("endpoints that appear and disappear", () => {
    const base = (): K8sObject[] => [namespace("shop"), pod("shop", "web", { labels: { app: "web" } }), pod("shop", "api", { labels: { app: "api" } }), ingress("shop", "api-a", "api", app("web"), [80])];
    /** shop/web is gone; tools/debug (no policy in its namespace) appears; two policies let it reach the api. */
    const head = (): K8sObject[] => [
      namespace("shop"),
      namespace("tools"),
      pod("shop", "api", { labels: { app: "api" } }),
      pod("tools", "debug", { labels: { app: "debug" } }),
      ingress("shop", "api-a", "api", { namespaceSelector: {} }, [80]),
      ingress("shop", "api-b", "api", { namespaceSelector: {} }, [80, 81]),
    ];

    it("text: (new) and (gone) on their pairs; not isolated, external and several policies as provenance", () => {
      assert.deepEqual(text(diffObjects(base(), head())), [
        "endpoint added:   tools/debug (Pod)",
        "endpoint removed: shop/web (Pod)",
        "removed: shop/api => shop/web (gone) : all",
        "added:   shop/api => tools/debug (new) : all  (egress: not isolated; ingress: not isolated)",
        "removed: shop/web (gone) => shop/api : TCP 80",
        "removed: shop/web (gone) => 0.0.0.0/0 : all",
        "added:   tools/debug (new) => shop/api : TCP 80-81  (egress: not isolated; ingress: allowed by shop/api-a, shop/api-b)",
        "added:   tools/debug (new) => 0.0.0.0/0 : all  (egress: not isolated; ingress: external, not governed by NetworkPolicy)",
        "removed: 0.0.0.0/0 => shop/web (gone) : all",
        "added:   0.0.0.0/0 => tools/debug (new) : all  (egress: external, not governed by NetworkPolicy; ingress: not isolated)",
        "4 connections added or widened, 4 removed or narrowed; 1 endpoint added, 1 removed",
      ]);
    });

    it("md: both endpoint lists, and each provenance kind in the allowed-by column", () => {
      assert.deepEqual(markdown(diffObjects(base(), head())), [
        "**4 connections added or widened, 4 removed or narrowed; 1 endpoint added, 1 removed.**",
        "",
        "Endpoints:",
        "",
        "- added: `tools/debug` (Pod)",
        "- removed: `shop/web` (Pod)",
        "",
        "Connections added or widened (allowed by the head's policies):",
        "",
        "| from | to | added | before → after | allowed by |",
        "| --- | --- | --- | --- | --- |",
        "| `shop/api` | `tools/debug` (new) | **all** | none → all | egress: not isolated; ingress: not isolated |",
        "| `tools/debug` (new) | `shop/api` | **TCP 80-81** | none → TCP 80-81 | egress: not isolated; ingress: `shop/api-a`, `shop/api-b` |",
        "| `tools/debug` (new) | `0.0.0.0/0` | **all** | none → all | egress: not isolated; ingress: external |",
        "| `0.0.0.0/0` | `tools/debug` (new) | **all** | none → all | egress: external; ingress: not isolated |",
        "",
        "Connections removed or narrowed:",
        "",
        "| from | to | removed | before → after |",
        "| --- | --- | --- | --- |",
        "| `shop/api` | `shop/web` (gone) | **all** | all → none |",
        "| `shop/web` (gone) | `shop/api` | **TCP 80** | TCP 80 → none |",
        "| `shop/web` (gone) | `0.0.0.0/0` | **all** | all → none |",
        "| `0.0.0.0/0` | `shop/web` (gone) | **all** | all → none |",
      ]);
    });

    it("json: presence of each end, and the endpoints by kind", () => {
      const json = diffJson(diffObjects(base(), head()));
      assert.deepEqual(json["endpoints"], { added: [{ id: "tools/debug", kind: "Pod" }], removed: [{ id: "shop/web", kind: "Pod" }] });
      const presence = (json["changes"] as { from: string; to: string; fromPresence: string; toPresence: string }[]).map((c) => `${c.from} ${c.fromPresence} -> ${c.to} ${c.toPresence}`);
      assert.deepEqual(presence, [
        "shop/api both -> shop/web base",
        "shop/api both -> tools/debug head",
        "shop/web base -> shop/api both",
        "shop/web base -> 0.0.0.0/0 both",
        "tools/debug head -> shop/api both",
        "tools/debug head -> 0.0.0.0/0 both",
        "0.0.0.0/0 both -> shop/web base",
        "0.0.0.0/0 both -> tools/debug head",
      ]);
    });

    it("an endpoint that appears or disappears with no connection is still a difference", () => {
      const closed = [namespace("x"), pod("x", "a"), deny("x")];
      const added = diffObjects(closed, [...closed, pod("x", "b")]);
      assert.equal(isIdentical(added), false);
      assert.deepEqual(added.changes, []);
      assert.deepEqual(text(added), ["endpoint added:   x/b (Pod)", "0 connections added or widened, 0 removed or narrowed; 1 endpoint added, 0 removed"]);
      assert.deepEqual(markdown(added), ["**0 connections added or widened, 0 removed or narrowed; 1 endpoint added, 0 removed.**", "", "Endpoints:", "", "- added: `x/b` (Pod)"]);
      assert.equal(JSON.parse([...diffJsonLines(added)].join("")).identical, false);
      const removed = diffObjects([...closed, pod("x", "b")], closed);
      assert.equal(isIdentical(removed), false);
      assert.deepEqual(text(removed), ["endpoint removed: x/b (Pod)", "0 connections added or widened, 0 removed or narrowed; 0 endpoints added, 1 removed"]);
    });

    it("a workload keeps its kind in the endpoint lists", () => {
      const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "worker", namespace: "x" }, spec: { template: { metadata: { labels: { app: "worker" } }, spec: { containers: [{ name: "main", image: "busybox" }] } } } };
      const closed = [namespace("x"), pod("x", "a"), deny("x")];
      assert.deepEqual(diffObjects(closed, [...closed, deployment]).endpointsAdded, [{ id: "x/worker", kind: "Deployment" }]);
      assert.deepEqual(diffObjects([...closed, deployment], closed).endpointsRemoved, [{ id: "x/worker", kind: "Deployment" }]);
    });
  });

  describe("no difference", () => {
    it("text and md say so with the head's counts, singular for one; json says identical", () => {
      const one = [namespace("x"), pod("x", "a"), policy("x", "p", { podSelector: {}, policyTypes: ["Ingress"] })];
      const diff = diffObjects(one, one);
      assert.deepEqual(text(diff), ["no difference: both sides allow the same connections (1 pod/workload, 1 policy)"]);
      assert.deepEqual(markdown(diff), ["**No difference**: both sides allow the same connections (1 pod/workload, 1 policy)."]);
      assert.deepEqual([...diffJsonLines(diff)], [
        '{"identical":true,"summary":{"added":0,"removed":0,"endpointsAdded":0,"endpointsRemoved":0},"base":{"endpoints":1,"policies":1},"head":{"endpoints":1,"policies":1},"externals":["0.0.0.0/0"],"endpoints":{"added":[],"removed":[]},"changes":[',
        "]}",
      ]);
    });
  });

  describe("order", () => {
    it("an endpoint new in head sorts among the others by id: its pairs come first when its id is first", () => {
      const base = [namespace("x"), pod("x", "b")];
      const diff = diffObjects(base, [...base, pod("x", "a")]);
      assert.deepEqual(diff.changes.map((change) => `${change.from} => ${change.to}`), ["x/a => x/b", "x/a => 0.0.0.0/0", "x/b => x/a", "0.0.0.0/0 => x/a"]);
    });

    it("changes are listed by source, then destination, however the change reached them", () => {
      // Dropping y's ingress isolation opens two destinations (columns) to every source.
      const base = [namespace("x"), namespace("y"), pod("x", "a"), pod("x", "b"), pod("y", "a"), pod("y", "b"), policy("y", "deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] })];
      const head = base.filter((object) => object["kind"] !== "NetworkPolicy");
      assert.deepEqual(diffObjects(base, head).changes.map((change) => `${change.from} => ${change.to}`), [
        "x/a => y/a", "x/a => y/b", "x/b => y/a", "x/b => y/b", "y/a => y/b", "y/b => y/a", "0.0.0.0/0 => y/a", "0.0.0.0/0 => y/b",
      ]);
    });
  });

  describe("tiered provenance (admin network policies)", () => {
    it("an allowing rule: its policy, rule index, name and tier, the name's pipe escaped in Markdown", () => {
      const anp = monitoringAnp({ name: "from|monitoring", action: "Allow", ports: [{ portNumber: { port: 9100, protocol: "TCP" } }] });
      const base = [...MONITORED, policy("x", "deny-ingress", { podSelector: {} })];
      const diff = diffObjects(base, [...base, anp]);
      assert.deepEqual(text(diff)[0], 'added:   monitoring/prom => x/a : TCP 9100  (egress: not isolated; ingress: allowed by tier adminnetworkpolicy: AdminNetworkPolicy monitoring rule 0 "from|monitoring" (Allow))');
      assert.deepEqual(markdown(diff).slice(-1), [
        "| `monitoring/prom` | `x/a` | **TCP 9100** | none → TCP 9100 | egress: not isolated; ingress: `AdminNetworkPolicy monitoring` rule 0 `from\\|monitoring` (tier adminnetworkpolicy) |",
      ]);
    });

    it("an unnamed rule: no name after its index", () => {
      const anp = monitoringAnp({ action: "Allow" });
      const base = [...MONITORED, policy("x", "deny-ingress", { podSelector: {} })];
      assert.match(markdown(diffObjects(base, [...base, anp])).slice(-1)[0] as string, /; ingress: `AdminNetworkPolicy monitoring` rule 0 \(tier adminnetworkpolicy\) \|$/);
    });

    it("passed on by every tier: the decision in words", () => {
      const diff = diffObjects([...MONITORED, monitoringAnp({ action: "Deny" })], [...MONITORED, monitoringAnp({ action: "Pass" })]);
      assert.deepEqual(markdown(diff).slice(-1), ["| `monitoring/prom` | `x/a` | **all** | none → all | egress: not isolated; ingress: allowed: passed by tier adminnetworkpolicy, then the namespace profile allows |"]);
    });

    it("notes: the head's engine note after its model's notes, per side", () => {
      const dual = { apiVersion: "v1", kind: "Pod", metadata: { name: "b", namespace: "x", labels: { pod: "b" } }, spec: { containers: [{ name: "main", image: "nginx" }] }, status: { podIPs: [{ ip: "10.0.0.5" }, { ip: "fd00::5" }] } };
      const defaulted = policy("x", "deny-ingress", { podSelector: null }); // read as {}, with a note
      const diff = diffObjects([...MONITORED, dual, defaulted], [...MONITORED, dual, defaulted, monitoringAnp({ action: "Allow" })]);
      const modelNotes = diff.notes.base;
      assert.equal(modelNotes.length, 1);
      assert.match(modelNotes[0] as string, /NetworkPolicy x\/deny-ingress: spec\.podSelector is null; read as \{\}/);
      assert.deepEqual(diff.notes.head, [
        ...modelNotes,
        "Calico or admin network policy tiers with pods of several IPs (x/b has 10.0.0.5, fd00::5) are decided per address pair, which the fast engine does not do; answered with the reference engine (it decides them; pair by pair: slower on large inputs)",
      ]);
      assert.deepEqual(diffObjects([...MONITORED, dual, defaulted], [...MONITORED, dual, defaulted, monitoringAnp({ action: "Allow" })], { engine: "reference" }).notes.head, modelNotes);
    });
  });
});
