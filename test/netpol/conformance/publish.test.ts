import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderExpectedMarkdown } from "./publish";

const EXPECTED_FILE = path.join(__dirname, "EXPECTED.md");

describe("netpol conformance: published expected tables", () => {
  it("EXPECTED.md is exactly what the cases define (CONFORMANCE_UPDATE=1 rewrites it)", () => {
    const rendered = renderExpectedMarkdown();
    if (process.env.CONFORMANCE_UPDATE === "1") fs.writeFileSync(EXPECTED_FILE, rendered);
    const published = fs.existsSync(EXPECTED_FILE) ? fs.readFileSync(EXPECTED_FILE, "utf8") : "";
    assert.ok(published === rendered, "EXPECTED.md is stale: rerun with CONFORMANCE_UPDATE=1 and review the diff");
  });
});
