/** netpol diff: what a change opens and closes, and who opens it, on small hand-made clusters. */
import { strict as assert } from "assert";
import { diffFails, diffObjects, diffTextLines, FlowDiff } from "../../../netpol/diff";
import { namespace, pod, policy } from "../core/helpers";

type K8sObject = Record<string, unknown>;

/** shop/web (app=web), shop/api (app=api), bank/db (app=db); default deny in shop and bank; web -> api on 8080. */
function shop(): K8sObject[] {
  return [
    namespace("shop", { team: "shop" }),
    namespace("bank", { team: "bank" }),
    pod("shop", "web", { labels: { app: "web" } }),
    pod("shop", "api", { labels: { app: "api" }, ports: [{ name: "http", containerPort: 8080 }] }),
    pod("bank", "db", { labels: { app: "db" } }),
    policy("shop", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("bank", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("shop", "web-to-api", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: 8080 }] }] }),
    policy("shop", "api-from-web", { podSelector: { matchLabels: { app: "api" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: "http" }] }] }),
  ];
}

function lines(diff: FlowDiff): string[] {
  return [...diffTextLines(diff)];
}

/** "from => to : before -> after" per change. */
function changes(diff: FlowDiff): string[] {
  return diff.changes.map((change) => `${change.from} => ${change.to} : ${change.before.format()} -> ${change.after.format()}`);
}

const OPEN_EGRESS = policy("shop", "open-egress", { podSelector: { matchLabels: { app: "api" } }, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] });

describe("netpol diff", () => {
  it("identical sides: no change, and the text says so", () => {
    const diff = diffObjects(shop(), shop());
    assert.deepEqual(lines(diff), ["no difference: both sides allow the same connections (3 pods/workloads, 4 policies)"]);
    assert.equal(diffFails(diff, "added"), false);
    assert.equal(diffFails(diff, "any"), false);
  });

  it("a policy opening egress to 0.0.0.0/0 adds the api's connections to external addresses, named with that policy", () => {
    const diff = diffObjects(shop(), [...shop(), OPEN_EGRESS]);
    assert.deepEqual(lines(diff), [
      "added:   shop/api => 0.0.0.0/0 : all  (egress: allowed by shop/open-egress; ingress: external, not governed by NetworkPolicy)",
      "1 connection added or widened, 0 removed or narrowed; 0 endpoints added, 0 removed",
    ]);
    assert.equal(diffFails(diff, "added"), true);
    assert.equal(diffFails(diff, "never"), false);
  });

  it("0.0.0.0/0 against 0.0.0.0/0 except 10.0.0.0/8: only the 10.0.0.0/8 atom differs", () => {
    const egress = (except?: string[]) => policy("shop", "open-egress", { podSelector: { matchLabels: { app: "api" } }, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", ...(except === undefined ? {} : { except }) } }] }] });
    const diff = diffObjects([...shop(), egress(["10.0.0.0/8"])], [...shop(), egress()]);
    assert.deepEqual(diff.externals, ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"]);
    assert.deepEqual(changes(diff), ["shop/api => 10.0.0.0/8 : none -> all"]);
    const back = diffObjects([...shop(), egress()], [...shop(), egress(["10.0.0.0/8"])]);
    assert.deepEqual(changes(back), ["shop/api => 10.0.0.0/8 : all -> none"]);
    assert.equal(diffFails(back, "added"), false);
    assert.equal(diffFails(back, "any"), true);
  });

  it("relabelling a tier consistently (pods and every selector) changes no connection", () => {
    const relabel = (objects: K8sObject[]): K8sObject[] => JSON.parse(JSON.stringify(objects).replace(/"app":"api"/g, '"app":"service"'));
    const head = relabel(shop());
    assert.notDeepEqual(head, shop());
    assert.deepEqual(lines(diffObjects(shop(), head)), ["no difference: both sides allow the same connections (3 pods/workloads, 4 policies)"]);
  });

  it("relabelling the pods only closes the flow the selectors no longer match", () => {
    const head = shop().map((object) => (object["kind"] === "Pod" && (object["metadata"] as { name: string }).name === "api" ? pod("shop", "api", { labels: { app: "service" }, ports: [{ name: "http", containerPort: 8080 }] }) : object));
    assert.deepEqual(changes(diffObjects(shop(), head)), ["shop/web => shop/api : TCP 8080 -> none"]);
  });

  it("a widened pair: only the policies allowing the added ports are named", () => {
    const more = policy("shop", "api-metrics", { podSelector: { matchLabels: { app: "api" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: 9090 }] }] });
    const webEgress = policy("shop", "web-to-api", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: 8080 }, { port: 9090 }] }] });
    const head = [...shop().filter((o) => (o["metadata"] as { name: string }).name !== "web-to-api"), webEgress, more];
    assert.deepEqual(lines(diffObjects(shop(), head)), [
      "changed: shop/web => shop/api : TCP 8080 -> TCP 8080,9090 (added TCP 9090)  (egress: allowed by shop/web-to-api; ingress: allowed by shop/api-metrics)",
      "1 connection added or widened, 0 removed or narrowed; 0 endpoints added, 0 removed",
    ]);
  });

  it("an endpoint that appears: listed, with its connections marked (new); a side no policy selects is 'not isolated'", () => {
    const head = [...shop(), namespace("tools"), pod("tools", "debug", { labels: { app: "debug" } })];
    const diff = diffObjects(shop(), head);
    assert.deepEqual(diff.endpointsAdded, [{ id: "tools/debug", kind: "Pod" }]);
    const text = lines(diff);
    assert.equal(text[0], "endpoint added:   tools/debug (Pod)");
    assert.ok(text.includes("added:   tools/debug (new) => 0.0.0.0/0 : all  (egress: not isolated; ingress: external, not governed by NetworkPolicy)"), text.join("\n"));
    // Everything else isolates its ingress: the new pod reaches nothing in shop or bank.
    assert.ok(!text.some((line) => /tools\/debug \(new\) => (shop|bank)\//.test(line)), text.join("\n"));
    assert.equal(text[text.length - 1], "2 connections added or widened, 0 removed or narrowed; 1 endpoint added, 0 removed");
  });

  it("an endpoint that disappears: listed with the connections it had, marked (gone)", () => {
    const head = shop().filter((o) => !(o["kind"] === "Pod" && (o["metadata"] as { name: string }).name === "web"));
    const diff = diffObjects(shop(), head);
    assert.deepEqual(diff.endpointsRemoved, [{ id: "shop/web", kind: "Pod" }]);
    assert.deepEqual(lines(diff), [
      "endpoint removed: shop/web (Pod)",
      "removed: shop/web (gone) => shop/api : TCP 8080",
      "0 connections added or widened, 1 removed or narrowed; 0 endpoints added, 1 removed",
    ]);
    assert.equal(diffFails(diff, "added"), false);
    assert.equal(diffFails(diff, "any"), true);
  });

  it("an IPv6 address on one side only: both sides are compared over ::/0", () => {
    const head = [...shop(), policy("bank", "v6", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "2001:db8::/32" } }] }] })];
    const diff = diffObjects(shop(), head);
    assert.deepEqual(diff.externals, ["0.0.0.0/0", "::/0 except 2001:db8::/32", "2001:db8::/32"]);
    assert.deepEqual(changes(diff), ["bank/db => 2001:db8::/32 : none -> all"]);
  });

  it("both engines give the same diff", () => {
    const head = [...shop(), OPEN_EGRESS, pod("bank", "cache", { labels: { app: "cache" } })];
    assert.deepEqual(lines(diffObjects(shop(), head, { engine: "fast" })), lines(diffObjects(shop(), head, { engine: "reference" })));
  });

  it("invalid manifests on both sides: every problem of both is reported at once", () => {
    const bad = (name: string) => policy("shop", name, { podSelector: {}, ingres: [] });
    assert.throws(() => diffObjects([...shop(), bad("a")], [...shop(), bad("b")]), (error: Error) => /shop\/a/.test(error.message) && /shop\/b/.test(error.message));
  });
});
