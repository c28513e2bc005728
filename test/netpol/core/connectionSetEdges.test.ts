/**
 * ConnectionSet edges the everyday tests do not reach: equality must compare every range (not
 * just how many there are), and a cut that misses a range (above or below) leaves it whole.
 */
import { strict as assert } from "assert";
import { ConnectionSet } from "../../../netpol";

const tcp = (first: number, last?: number) => ConnectionSet.of("TCP", first, last);
const udp = (first: number, last?: number) => ConnectionSet.of("UDP", first, last);
const sctp = (first: number, last?: number) => ConnectionSet.of("SCTP", first, last);

describe("ConnectionSet edges", () => {
  describe("equals and isAll", () => {
    it("TCP 1-65535; UDP 1-65535; SCTP 1-100 is not all (same range count per protocol as all)", () => {
      const almost = ConnectionSet.allOf("TCP").union(ConnectionSet.allOf("UDP")).union(sctp(1, 100));
      assert.equal(almost.isAll(), false);
      assert.equal(almost.equals(ConnectionSet.ALL), false);
      assert.equal(ConnectionSet.ALL.equals(almost), false);
      assert.equal(almost.format(), "TCP 1-65535; UDP 1-65535; SCTP 1-100");
    });

    it("ranges ending early or starting late on any protocol are not all", () => {
      const variants = [
        tcp(2, 65535).union(ConnectionSet.allOf("UDP")).union(ConnectionSet.allOf("SCTP")),
        tcp(1, 65534).union(ConnectionSet.allOf("UDP")).union(ConnectionSet.allOf("SCTP")),
        ConnectionSet.allOf("TCP").union(udp(1, 1000)).union(ConnectionSet.allOf("SCTP")),
      ];
      for (const set of variants) assert.equal(set.isAll(), false, set.format());
    });

    it("compares the first and the last port of every range", () => {
      assert.equal(tcp(1, 5).equals(tcp(2, 5)), false, "first ports differ");
      assert.equal(tcp(1, 5).equals(tcp(1, 6)), false, "last ports differ");
      assert.equal(tcp(1, 5).union(tcp(10, 20)).equals(tcp(1, 5).union(tcp(10, 21))), false, "second range differs");
      assert.equal(tcp(1, 5).union(tcp(10, 20)).equals(tcp(1, 5).union(tcp(10, 20))), true);
      assert.equal(udp(53).equals(udp(54)), false);
      assert.equal(sctp(9).equals(sctp(9)), true);
    });
  });

  describe("subtract", () => {
    it("leaves a range whole when the cut lies entirely above it", () => {
      assert.equal(tcp(1, 10).subtract(tcp(20, 30)).format(), "TCP 1-10");
      assert.equal(tcp(1, 10).subtract(tcp(11)).format(), "TCP 1-10", "a cut starting just after the range");
    });

    it("leaves a range whole when the cut lies entirely below it", () => {
      assert.equal(tcp(20, 30).subtract(tcp(1, 10)).format(), "TCP 20-30");
      assert.equal(tcp(20, 30).subtract(tcp(19)).format(), "TCP 20-30", "a cut ending just before the range");
    });

    it("trims exactly the overlapping ends", () => {
      assert.equal(tcp(1, 10).subtract(tcp(10, 20)).format(), "TCP 1-9");
      assert.equal(tcp(10, 20).subtract(tcp(1, 10)).format(), "TCP 11-20");
      assert.equal(tcp(10, 20).subtract(tcp(10)).format(), "TCP 11-20");
      assert.equal(tcp(10, 20).subtract(tcp(20)).format(), "TCP 10-19");
      assert.equal(tcp(10, 20).subtract(tcp(10, 20)).format(), "none");
    });

    it("applies every cut in turn, and only on its own protocol", () => {
      const set = tcp(1, 100).union(udp(1, 100));
      assert.equal(set.subtract(tcp(10, 19).union(tcp(50)).union(tcp(90, 200))).format(), "TCP 1-9,20-49,51-89; UDP 1-100");
    });
  });

  describe("construction", () => {
    it("an inverted range is empty, a single port is one port", () => {
      assert.ok(tcp(10, 5).isEmpty());
      assert.ok(tcp(10, 5).equals(ConnectionSet.NONE));
      assert.equal(tcp(7).format(), "TCP 7");
      assert.equal(tcp(7, 7).format(), "TCP 7");
      assert.equal(ConnectionSet.unionAll([]).format(), "none");
      assert.equal(ConnectionSet.unionAll([tcp(1), udp(2), sctp(3)]).format(), "TCP 1; UDP 2; SCTP 3");
    });

    it("isEmpty looks at every protocol", () => {
      assert.equal(udp(1).isEmpty(), false);
      assert.equal(sctp(1).isEmpty(), false);
      assert.equal(tcp(1).isEmpty(), false);
    });

    it("contains a port at either end of a range, not outside", () => {
      assert.ok(tcp(80, 90).contains(80, "TCP"));
      assert.ok(tcp(80, 90).contains(90, "TCP"));
      assert.ok(!tcp(80, 90).contains(79, "TCP"));
    });

    it("keeps each protocol's ranges when combining: union, intersect and subtract", () => {
      const a = tcp(1, 10).union(udp(1, 10)).union(sctp(1, 10));
      const b = tcp(5, 20).union(udp(5, 20)).union(sctp(5, 20));
      assert.equal(a.union(b).format(), "TCP 1-20; UDP 1-20; SCTP 1-20");
      assert.equal(a.intersect(b).format(), "TCP 5-10; UDP 5-10; SCTP 5-10");
      assert.equal(a.subtract(b).format(), "TCP 1-4; UDP 1-4; SCTP 1-4");
    });

    it("merges a range swallowed by an earlier one without shrinking it", () => {
      assert.equal(tcp(1, 100).union(tcp(10, 20)).format(), "TCP 1-100");
      assert.equal(tcp(10, 20).union(tcp(1, 100)).format(), "TCP 1-100");
    });
  });
});
