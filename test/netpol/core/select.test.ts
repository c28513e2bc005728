/** reach --from/--to: namespaces, namespace/name, wildcards, external atoms, and patterns that match nothing. */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { globToRegExp } from "../../../netpol/glob";
import { selectEndpoints } from "../../../netpol/select";
import { pod, policy } from "./helpers";

const MODEL = buildModel([
  pod("bank-frontend", "frontend"),
  pod("bank-backend", "backend"),
  pod("bank-backend", "frontend"),
  pod("shop", "web"),
  policy("shop", "out", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }] }),
]);
const ALL = MODEL.endpoints.map((_, index) => index);

function select(...patterns: string[]): string[] {
  return selectEndpoints(MODEL.endpoints, ALL, patterns).selected.map((index) => MODEL.endpoints[index]?.id ?? "?");
}

describe("netpol endpoint filters", () => {
  it("a pattern without / names namespaces, exactly or with wildcards", () => {
    assert.deepEqual(select("shop"), ["shop/web"]);
    assert.deepEqual(select("bank-*"), ["bank-backend/backend", "bank-backend/frontend", "bank-frontend/frontend"]);
    assert.deepEqual(select("bank-?ackend"), ["bank-backend/backend", "bank-backend/frontend"]);
    assert.deepEqual(select("bank"), []);
  });

  it("a pattern with / names endpoints: ns/name, */name, ns/*, and external atoms", () => {
    assert.deepEqual(select("shop/web"), ["shop/web"]);
    assert.deepEqual(select("*/frontend"), ["bank-backend/frontend", "bank-frontend/frontend"]);
    assert.deepEqual(select("bank-backend/*"), ["bank-backend/backend", "bank-backend/frontend"]);
    assert.deepEqual(select("0.0.0.0/0*"), ["0.0.0.0/0 except 10.0.0.0/8"]);
    assert.deepEqual(select("10.0.0.0/8"), ["10.0.0.0/8"]);
  });

  it("several patterns are alternatives; no pattern selects everything; unmatched patterns are reported", () => {
    assert.deepEqual(select("shop", "*/backend"), ["bank-backend/backend", "shop/web"]);
    assert.equal(select().length, MODEL.endpoints.length);
    assert.deepEqual(selectEndpoints(MODEL.endpoints, ALL, ["shop", "bnak-*", "x/y"]).unmatched, ["bnak-*", "x/y"]);
  });

  it("wildcards: * any run (/ included), ? one character, everything else literal", () => {
    assert.equal(globToRegExp("a.b").test("axb"), false);
    assert.equal(globToRegExp("a.b").test("a.b"), true);
    assert.equal(globToRegExp("(a)+[b]").test("(a)+[b]"), true);
    assert.equal(globToRegExp("*").test("a/b"), true);
    assert.equal(globToRegExp("a?").test("ab"), true);
    assert.equal(globToRegExp("a?").test("abc"), false);
    assert.equal(globToRegExp("web").test("web2"), false);
  });
  it("a namespace pattern never names an external atom, whatever it matches", () => {
    assert.deepEqual(select("*"), ["bank-backend/backend", "bank-backend/frontend", "bank-frontend/frontend", "shop/web"]);
    assert.deepEqual(select("undefined"), []);
    assert.deepEqual(selectEndpoints(MODEL.endpoints, ALL, []).unmatched, []);
  });

  it("wildcards match any character, a line break too", () => {
    assert.equal(globToRegExp("a?").test("a\n"), true);
    assert.equal(globToRegExp("a*").test("a\nb"), true);
  });
});
