import { strict as assert } from "assert";
import { ConnectionSet } from "../../../netpol";

const tcp = (first: number, last?: number) => ConnectionSet.of("TCP", first, last);
const udp = (first: number, last?: number) => ConnectionSet.of("UDP", first, last);

describe("ConnectionSet", () => {
  it("formats like `TCP 80,443; UDP 53`, with ranges, `all` and `none`", () => {
    assert.equal(tcp(443).union(udp(53)).union(tcp(80)).format(), "TCP 80,443; UDP 53");
    assert.equal(tcp(8000, 8080).format(), "TCP 8000-8080");
    assert.equal(ConnectionSet.ALL.format(), "all");
    assert.equal(ConnectionSet.NONE.format(), "none");
    assert.equal(ConnectionSet.allOf("SCTP").format(), "SCTP 1-65535");
    assert.equal(`${tcp(443).union(udp(53))}`, "TCP 443; UDP 53", "as text too");
  });

  it("union merges overlapping and adjacent ranges", () => {
    assert.equal(tcp(1, 10).union(tcp(11, 20)).union(tcp(15, 30)).format(), "TCP 1-30");
    assert.equal(tcp(1, 10).union(tcp(12)).format(), "TCP 1-10,12");
  });

  it("intersect keeps what both allow, per protocol", () => {
    assert.equal(tcp(1, 100).union(udp(53)).intersect(tcp(50, 200)).format(), "TCP 50-100");
    assert.ok(tcp(80).intersect(udp(80)).isEmpty());
    assert.ok(ConnectionSet.ALL.intersect(tcp(80)).equals(tcp(80)));
  });

  it("subtract cuts holes and ends", () => {
    assert.equal(tcp(1, 100).subtract(tcp(50)).format(), "TCP 1-49,51-100");
    assert.equal(ConnectionSet.ALL.subtract(ConnectionSet.allOf("UDP")).subtract(ConnectionSet.allOf("SCTP")).format(), "TCP 1-65535");
    assert.ok(tcp(80).subtract(tcp(1, 65535)).isEmpty());
  });

  it("equals compares content, not construction", () => {
    assert.ok(tcp(1, 5).union(tcp(6, 9)).equals(tcp(1, 9)));
    assert.ok(!tcp(1, 9).equals(udp(1, 9)));
    assert.ok(ConnectionSet.allOf("TCP").union(ConnectionSet.allOf("UDP")).union(ConnectionSet.allOf("SCTP")).isAll());
  });

  it("contains a probe only on its protocol", () => {
    assert.ok(tcp(80, 90).contains(85, "TCP"));
    assert.ok(!tcp(80, 90).contains(85, "UDP"));
    assert.ok(!tcp(80, 90).contains(91, "TCP"));
  });

  it("is immutable: operations return new sets", () => {
    const base = tcp(80);
    base.union(udp(53));
    assert.equal(base.format(), "TCP 80");
  });
});
