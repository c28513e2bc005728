/** Which blocks hold which: the same family only, and both ends inside; canonical texts of addresses. */
import { strict as assert } from "assert";
import { cidrContainsAddress, cidrContainsCidr, parseAddress, parseCidr } from "../../../netpol/addresses";
import { Address, Cidr } from "../../../netpol/model";

const cidr = (text: string) => parseCidr(text) as Cidr;
const address = (text: string) => parseAddress(text) as Address;

describe("netpol CIDR containment", () => {
  it("a block holds another of its family whose both ends are inside it", () => {
    assert.equal(cidrContainsCidr(cidr("10.0.0.0/8"), cidr("10.1.0.0/16")), true);
    assert.equal(cidrContainsCidr(cidr("10.0.0.0/8"), cidr("10.0.0.0/8")), true);
    assert.equal(cidrContainsCidr(cidr("10.0.0.0/8"), cidr("9.255.255.255/32")), false, "before the first address");
    assert.equal(cidrContainsCidr(cidr("10.0.0.0/8"), cidr("11.0.0.0/32")), false, "after the last address");
    assert.equal(cidrContainsCidr(cidr("0.0.0.0/0"), cidr("::/96")), false, "IPv6 addresses with IPv4-sized values");
    assert.equal(cidrContainsAddress(cidr("0.0.0.0/0"), address("::1")), false);
  });

  it("addresses and blocks are written canonically: IPv6 as RFC 5952, zones refused, host bits masked", () => {
    assert.deepEqual([address("FD00:0:0:0:0:0:0:1").text, address("2001:db8:0:0:1:0:0:1").text, address("10.0.0.1").text], ["fd00::1", "2001:db8::1:0:0:1", "10.0.0.1"]);
    assert.equal(parseAddress("fe80::1%eth0"), undefined);
    assert.deepEqual([cidr("10.1.2.3/8").text, cidr("fd00::1/64").text], ["10.0.0.0/8", "fd00::/64"]);
    assert.deepEqual(["123", "10.0.0.1", "/8"].map(parseCidr), [undefined, undefined, undefined]);
  });
});
