/**
 * CIDR ordering: blocks written widest-last (10.0.0.0/16, then 10.0.0.0/8) must give the same
 * atoms and verdicts as widest-first. Both engines share the atom builder, so the differential
 * test cannot see an ordering slip; these tests state the expected atoms outright.
 */
import { strict as assert } from "assert";
import { buildModel, engineNamed } from "../../../netpol";
import { compareCidrs, parseCidr } from "../../../netpol/addresses";
import { buildExternalAtoms } from "../../../netpol/ingest/atoms";
import { Cidr, IpFamily } from "../../../netpol/model";
import { namespace, pod, policy } from "./helpers";

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  assert.ok(parsed, `test CIDR ${text} does not parse`);
  return parsed;
}

function atomIds(blocks: readonly string[], families: readonly IpFamily[] = ["ipv4"]): string[] {
  return buildExternalAtoms(blocks.map(cidr), new Set(families)).map((atom) => atom.id);
}

const NESTED = ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8 except 10.0.0.0/16", "10.0.0.0/16"];

describe("netpol CIDR ordering", () => {
  describe("compareCidrs", () => {
    const sorted = (...texts: string[]): string[] => texts.map(cidr).sort(compareCidrs).map((c) => c.text);

    it("puts the shorter prefix first when two blocks start at the same address, whatever the input order", () => {
      assert.deepEqual(sorted("10.0.0.0/16", "10.0.0.0/8"), ["10.0.0.0/8", "10.0.0.0/16"]);
      assert.deepEqual(sorted("10.0.0.0/8", "10.0.0.0/16"), ["10.0.0.0/8", "10.0.0.0/16"]);
      assert.deepEqual(sorted("10.0.0.0/24", "10.0.0.0/16", "10.0.0.0/8"), ["10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24"]);
      assert.ok(compareCidrs(cidr("10.0.0.0/16"), cidr("10.0.0.0/8")) > 0);
      assert.ok(compareCidrs(cidr("10.0.0.0/8"), cidr("10.0.0.0/16")) < 0);
      assert.equal(compareCidrs(cidr("10.0.0.0/8"), cidr("10.1.2.3/8")), 0, "host bits are masked away: the same block");
    });

    it("orders by network address before prefix", () => {
      assert.deepEqual(sorted("10.1.0.0/16", "10.0.0.0/8", "9.0.0.0/8"), ["9.0.0.0/8", "10.0.0.0/8", "10.1.0.0/16"]);
      assert.ok(compareCidrs(cidr("10.1.0.0/16"), cidr("10.0.0.0/8")) > 0, "a later address sorts later even with a longer prefix");
      assert.ok(compareCidrs(cidr("9.0.0.0/24"), cidr("10.0.0.0/8")) < 0);
    });

    it("puts IPv4 before IPv6, even where the IPv6 number is smaller", () => {
      assert.deepEqual(sorted("::/0", "10.0.0.0/8", "0.0.0.0/0"), ["0.0.0.0/0", "10.0.0.0/8", "::/0"]);
      assert.ok(compareCidrs(cidr("::/0"), cidr("0.0.0.0/0")) > 0);
      assert.ok(compareCidrs(cidr("0.0.0.0/0"), cidr("::/0")) < 0);
      assert.deepEqual(sorted("fd00::/16", "fd00::/8"), ["fd00::/8", "fd00::/16"]);
    });
  });

  describe("external atoms", () => {
    it("are the same whether the wider block is written first or last", () => {
      assert.deepEqual(atomIds(["10.0.0.0/8", "10.0.0.0/16"]), NESTED);
      assert.deepEqual(atomIds(["10.0.0.0/16", "10.0.0.0/8"]), NESTED);
    });

    it("nest three blocks sharing their first address in any order", () => {
      const expected = ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8 except 10.0.0.0/16", "10.0.0.0/16 except 10.0.0.0/24", "10.0.0.0/24"];
      assert.deepEqual(atomIds(["10.0.0.0/24", "10.0.0.0/16", "10.0.0.0/8"]), expected);
      assert.deepEqual(atomIds(["10.0.0.0/16", "10.0.0.0/24", "10.0.0.0/8"]), expected);
    });

    it("nest under the universe when a block starts at 0.0.0.0 or :: (the universe shares its first address)", () => {
      assert.deepEqual(atomIds(["0.0.0.0/8"]), ["0.0.0.0/0 except 0.0.0.0/8", "0.0.0.0/8"]);
      assert.deepEqual(atomIds(["::/1", "::/16"], ["ipv4", "ipv6"]), ["0.0.0.0/0", "::/0 except ::/1", "::/1 except ::/16", "::/16"]);
    });
  });

  describe("verdicts through both engines", () => {
    // Egress from x/client: TCP 80 to 10.0.0.0/16 and TCP 443 to 10.0.0.0/8, rules written widest-last or widest-first.
    function objects(order: "widest-last" | "widest-first"): unknown[] {
      const narrow = { to: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 80 }] };
      const wide = { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 443 }] };
      return [
        namespace("x"),
        pod("x", "client", { labels: { role: "client" } }),
        pod("x", "near", { ip: "10.0.1.1" }),
        pod("x", "far", { ip: "10.9.0.1" }),
        policy("x", "egress", {
          podSelector: { matchLabels: { role: "client" } },
          policyTypes: ["Egress"],
          egress: order === "widest-last" ? [narrow, wide] : [wide, narrow],
        }),
      ];
    }

    const EXPECTED: Readonly<Record<string, string>> = {
      "0.0.0.0/0 except 10.0.0.0/8": "none",
      "10.0.0.0/8 except 10.0.0.0/16": "TCP 443",
      "10.0.0.0/16": "TCP 80,443",
      "x/near": "TCP 80,443",
      "x/far": "TCP 443",
    };

    for (const order of ["widest-last", "widest-first"] as const) {
      for (const engine of ["reference", "fast"] as const) {
        it(`${order}, ${engine} engine: the /16 gets both ports, the rest of the /8 only 443`, () => {
          const model = buildModel(objects(order));
          assert.deepEqual(model.externals.map((external) => external.id), NESTED);
          const prepared = engineNamed(engine).prepare(model);
          const from = model.endpoints.findIndex((endpoint) => endpoint.id === "x/client");
          const actual = Object.fromEntries(
            Object.keys(EXPECTED).map((id) => [id, prepared.connections(from, model.endpoints.findIndex((endpoint) => endpoint.id === id)).format()]),
          );
          assert.deepEqual(actual, EXPECTED);
        });
      }
    }
  });
});
