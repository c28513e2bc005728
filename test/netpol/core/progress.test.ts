/** The progress line is drawn by a worker while the main thread is busy, and cleared before messages and at the end. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startProgress } from "../../../cli/netpol/progress";

function busy(milliseconds: number): void {
  const until = Date.now() + milliseconds;
  while (Date.now() < until) {
    // the main thread computes; only the worker can draw
  }
}

describe("netpol progress line", function () {
  this.timeout(10000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-progress-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("draws the phase while the main thread is blocked, clears it at the end", async () => {
    const file = path.join(dir, "terminal");
    const fd = fs.openSync(file, "w");
    const progress = startProgress({ fd, columns: 40, delayMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the worker starts
    progress.phase("netpol: parsing a very long file name that will not fit");
    busy(800);
    progress.stop();
    fs.closeSync(fd);
    const written = fs.readFileSync(file, "utf8");
    assert.match(written, /^\r\u001b\[Knetpol: parsing a very long file name/);
    assert.ok(written.split("\r\u001b[K").every((line) => line.length <= 39), JSON.stringify(written));
    assert.ok(written.endsWith("\r\u001b[K"), JSON.stringify(written));
  });

  it("nothing is drawn before the delay", async () => {
    const file = path.join(dir, "quiet");
    const fd = fs.openSync(file, "w");
    const progress = startProgress({ fd, columns: 80, delayMs: 5000 });
    progress.phase("netpol: reading");
    busy(600);
    progress.stop();
    fs.closeSync(fd);
    assert.equal(fs.readFileSync(file, "utf8"), "");
  });
});
