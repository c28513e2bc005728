/** The base side: rendered by a project's own cli/render.ts in a child process; an invalid config gives its errors, a missing stack file "absent". */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderBase } from "../../cli/review/sides";
import { PROJECT_DIR } from "./fixtures";

describe("review: rendering the base with its own code", function () {
  this.timeout(60000);
  let project: string;

  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "review-base-"));
    for (const entry of ["cli", "config", "manifests", "netpol", "topology", "node_modules", "package.json", "tsconfig.json", "Pulumi.yaml", "Pulumi.dev.yaml"]) {
      fs.symlinkSync(path.join(PROJECT_DIR, entry), path.join(project, entry));
    }
    const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
    fs.writeFileSync(path.join(project, "Pulumi.bad.yaml"), dev.replace(/(zero-trust-eks:natStrategy: )\S+/, "$1sometimes").replace(/(zero-trust-eks:nodeMinSize: )\S+/, "$1many"));
  });

  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it("a valid stack: every file the render writes, as render writes them", () => {
    const side = renderBase(project, "dev", path.join(project, "out-dev"));
    assert.equal(side.kind, "rendered");
    const files = side.kind === "rendered" ? side.files.map((file) => file.path) : [];
    assert.deepEqual(files, ["analysis/context.yaml", "analysis/intent-with-context.yaml", "analysis/intent.yaml", "bank-backend.yaml", "bank-database.yaml", "bank-frontend.yaml", "cluster.yaml"]);
  });

  it("an invalid stack config: one line per problem, the key first", () => {
    const side = renderBase(project, "bad", path.join(project, "out-bad"));
    assert.equal(side.kind, "invalid");
    const errors = side.kind === "invalid" ? side.errors : [];
    assert.equal(errors.length, 2, errors.join("\n"));
    assert.match(errors[0] ?? "", /^`zero-trust-eks:natStrategy`: got "sometimes"; expected /);
    assert.match(errors[1] ?? "", /^`zero-trust-eks:nodeMinSize`: got "many"; expected /);
  });

  it("no stack file: absent", () => {
    assert.deepEqual(renderBase(project, "qa", path.join(project, "out-qa")), { kind: "absent" });
  });
});
