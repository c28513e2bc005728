// docs/verify-live.md and docs/local.md restate pinned facts: the permissions verify-live's calls
// need, the probe image, and the images and versions the local preview pins.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { PROBE_IMAGE } from "../../cli/verifyLive/probeScript";
import { PROJECT_DIR } from "../fixtures/stackFiles";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");

/** What each LiveCluster call of KubeCluster does on the API, as RBAC names it. */
const NEEDED: readonly [string, string][] = [
  ["namespaces", "create"], ["namespaces", "delete"],
  ["pods", "list"], ["pods", "get"], ["pods", "create"],
  ["pods/log", "get"],
  ["pods/ephemeralcontainers", "patch"],
];

describe("docs: verify-live and the local preview", () => {
  it("docs/verify-live.md's ClusterRole grants every call verify-live makes, and nothing beyond the core API group", () => {
    const block = /```yaml\n(apiVersion: rbac[\s\S]*?)```/.exec(read("docs/verify-live.md"))?.[1];
    assert.ok(block, "no ClusterRole in docs/verify-live.md");
    const role = YAML.parse(block) as { kind: string; rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    assert.equal(role.kind, "ClusterRole");
    const granted = role.rules.flatMap((rule) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${resource} ${verb}`)));
    assert.deepEqual([...granted].sort(), NEEDED.map(([resource, verb]) => `${resource} ${verb}`).sort());
    assert.ok(role.rules.every((rule) => JSON.stringify(rule.apiGroups) === '[""]'));
  });

  it("the docs name the probe image and the images and versions local/ pins", () => {
    const verifyLive = read("docs/verify-live.md");
    assert.ok(verifyLive.includes(PROBE_IMAGE));
    const local = read("docs/local.md");
    const localstack = /^LOCALSTACK_IMAGE=(\S+)$/m.exec(read("local/up.sh"))?.[1];
    assert.ok(localstack && local.includes(`\`${localstack}\``), `docs/local.md must name ${localstack}`);
    const node = /image: kindest\/node:(v[\d.]+)@/.exec(read("local/kind-cluster.yaml"))?.[1];
    assert.ok(node && local.includes(`Kubernetes ${node.slice(1, node.lastIndexOf("."))}`), `docs/local.md must name the node image's Kubernetes ${node}`);
    assert.ok(read("local/kind-cluster.yaml").includes("kind v0.30.0") && local.includes("kind v0.30.0"));
  });
});
