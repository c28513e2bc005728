/**
 * verify's intent file read as bytes into shared memory (cli/netpol/input.ts readIntentBytes): the
 * file's bytes exactly, whatever its size, even when the file has more than its size said (a file
 * that grew, or one of /proc, whose size is 0), and a missing file named.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readIntentBytes } from "../../../cli/netpol/input";
import { NetpolInputError } from "../../../netpol";

describe("netpol verify: the intent file's bytes", () => {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-intent-bytes-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("are the file's, in shared memory (the intent's thread decodes them without a copy)", () => {
    for (const content of [Buffer.alloc(0), Buffer.from("flows: []\n"), Buffer.from([0xe2, 0x82, 0xac, 0xff, 0x00]), Buffer.alloc(200_000, "a")]) {
      const file = path.join(dir, `intent-${content.length}.yaml`);
      fs.writeFileSync(file, content);
      const bytes = readIntentBytes(file);
      assert.ok(bytes.equals(content));
      assert.ok(bytes.buffer instanceof SharedArrayBuffer);
    }
  });

  it("are all there when the file holds more than its size said (/proc reports 0)", function () {
    if (!fs.existsSync("/proc/self/status")) this.skip();
    const bytes = readIntentBytes("/proc/self/status").toString("utf8");
    assert.match(bytes, /^Name:/);
    assert.match(bytes, /\nPid:\s+\d+\n/);
  });

  it("of a missing file or a directory: a problem naming it", () => {
    for (const missing of [path.join(dir, "nope.json"), dir]) {
      assert.throws(() => readIntentBytes(missing), (error: unknown) => error instanceof NetpolInputError && error.message === `${missing}: intent: no such file`);
    }
  });
});
