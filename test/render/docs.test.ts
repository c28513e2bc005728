// docs/render.md and docs/policies.md restate pinned facts of the builders (images, UIDs, names,
// Calico orders and exemptions). These checks fail when a constant changes and the docs do not.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  DEFAULT_DENY_NAME,
  DEFAULT_DENY_ORDER,
  INSTANCE_METADATA_CIDR,
  METADATA_DENY_NAME,
  METADATA_DENY_ORDER,
  SECURITY_TIER,
  SECURITY_TIER_ORDER,
  SYSTEM_NAMESPACES,
} from "../../manifests/calico";
import {
  BACKEND_IMAGE,
  DATABASE_IMAGE,
  ENCRYPTED_STORAGE_CLASS,
  FRONTEND_IMAGE,
  LOAD_BALANCER_PORT,
  SECRET_PLACEHOLDER,
  type PinnedImage,
} from "../../manifests/workloads";

import { loadStackFile } from "../../config";
import { renderStack } from "../../manifests";
import { helmChartComment } from "../../manifests/helm";

const DOCS_DIR = path.resolve(__dirname, "../../docs");
const read = (file: string) => fs.readFileSync(path.join(DOCS_DIR, file), "utf8");

describe("docs restate the builders' pinned facts correctly", () => {
  it("docs/render.md: each tier's image and the UID/GID it runs as, in the workloads table", () => {
    const docs = read("render.md");
    const rows: [string, PinnedImage][] = [["frontend", FRONTEND_IMAGE], ["backend", BACKEND_IMAGE], ["database", DATABASE_IMAGE]];
    for (const [tier, image] of rows) {
      const row = docs.split("\n").find((line) => line.startsWith(`| ${tier} |`));
      assert.ok(row, `no ${tier} row in the workloads table`);
      assert.ok(row.includes(`\`${image.image}\``), `${tier}: ${image.image} not in "${row}"`);
      const ids = image.uid === image.gid ? `UID/GID ${image.uid}` : `UID ${image.uid}`;
      assert.ok(row.includes(ids), `${tier}: ${ids} not in "${row}"`);
    }
  });

  it("docs/render.md: the StorageClass, the secret placeholder and the load balancer port", () => {
    const docs = read("render.md");
    assert.ok(docs.includes(`\`${ENCRYPTED_STORAGE_CLASS}\``));
    assert.ok(docs.includes(`\`${SECRET_PLACEHOLDER}\``));
    assert.ok(docs.includes(`port ${LOAD_BALANCER_PORT} (\`LOAD_BALANCER_PORT\`)`));
  });

  it("docs/render.md: the Helm chart's comment block is what render writes for the dev stack", () => {
    const docs = read("render.md");
    const example = /```yaml\n(# Helm release:[^]*?)#     …\n```/.exec(docs)?.[1];
    assert.ok(example, "no chart comment example in docs/render.md");
    const [chart] = renderStack(loadStackFile(path.resolve(__dirname, "../.."), "dev")).calicoCharts;
    assert.ok(chart && helmChartComment(chart).startsWith(example), `docs example differs from:\n${chart && helmChartComment(chart)}`);
  });

  it("docs/policies.md: the Calico layering table's names, orders and exempt namespaces", () => {
    const docs = read("policies.md");
    const row = (name: string) => docs.split("\n").find((line) => line.startsWith("| `") && line.includes(`\`${name}\``));
    const metadata = row(METADATA_DENY_NAME) ?? "";
    assert.ok(metadata.startsWith(`| \`${SECURITY_TIER}\` (${SECURITY_TIER_ORDER},`), metadata);
    assert.ok(metadata.includes(`| ${METADATA_DENY_ORDER} |`) && metadata.includes(`\`${INSTANCE_METADATA_CIDR}\``), metadata);
    const defaultDeny = row(DEFAULT_DENY_NAME) ?? "";
    assert.ok(defaultDeny.includes(`| ${DEFAULT_DENY_ORDER} |`), defaultDeny);
    assert.ok(defaultDeny.includes(`except ${SYSTEM_NAMESPACES.map((n) => `\`${n}\``).join(", ")}:`), defaultDeny);
  });

  it("README.md and docs/*.md: every `npm run` whose output is piped or redirected uses --silent (npm's banner would pollute it)", () => {
    const files = ["../README.md", ...fs.readdirSync(DOCS_DIR).filter((f) => f.endsWith(".md"))];
    const offenders = files.flatMap((file) => read(file).split("\n").flatMap((line, i) => {
      const command = line.replace(/\s+#.*$/, "");
      const piped = /^\s*npm run\b/.test(command) && /\||>/.test(command);
      return piped && !command.includes("npm run --silent") ? [`${file}:${i + 1}: ${line.trim()}`] : [];
    }));
    assert.deepEqual(offenders, []);
  });
});
