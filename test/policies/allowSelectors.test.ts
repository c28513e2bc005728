// Each allow policy selects only its own workload. Every tier namespace holds one workload, so an
// emptied podSelector would still pass the reachability tests; here the selector is pinned, and a
// second pod placed beside each workload (same tenant and tier labels, another app name) must stay
// fully closed.
import { strict as assert } from "assert";
import type { StackConfig } from "../../config/types";
import { allObjects, renderStack } from "../../manifests";
import { analysisContext } from "../../manifests/analysisContext";
import type { K8sObject } from "../../manifests/k8s";
import { LABEL_POLICY_KIND } from "../../manifests/policies";
import { buildModel, engineNamed } from "../../netpol";
import { LABEL_APP, type Workload } from "../../topology";
import { testStackConfig } from "../fixtures/stackConfig";
import { allConfigs } from "../manifests/stacks";
import { specOf } from "./helpers";
import { CALICO_API_VERSION } from "../../manifests/calico";

const CONFIGS: readonly { name: string; config: StackConfig }[] = [
  ...allConfigs(),
  {
    name: "three tenants, egress from every tier",
    config: testStackConfig({
      tenants: ["alpha", "beta", "gamma"],
      egressAllowList: [
        { tier: "frontend", cidr: "203.0.113.200/32", ports: [{ port: 443, protocol: "TCP" }], description: "CDN purge API" },
        { tier: "backend", cidr: "192.0.2.0/24", ports: [{ port: 443, protocol: "TCP" }], description: "payment gateway" },
        { tier: "database", cidr: "2001:db8::/32", ports: [{ port: 5432, protocol: "TCP" }], description: "off-site replica" },
      ],
    }),
  },
];

/** A pod beside `workload`: its namespace, its container ports, and every label but the app name. */
function neighbour(workload: Workload): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "neighbour", namespace: workload.namespace, labels: { ...workload.podLabels, [LABEL_APP]: "neighbour" } },
    spec: { containers: [{ name: "main", image: "busybox", ports: workload.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })) }] },
  };
}

describe("allow policies select only their own workload", () => {
  for (const { name, config } of CONFIGS) {
    it(`${name}: each allow policy's podSelector is exactly its namespace's workload's pod labels`, () => {
      const { topology, networkPolicies } = renderStack(config);
      const allows = networkPolicies.filter((p) => p.metadata.labels?.[LABEL_POLICY_KIND] === "allow");
      assert.ok(allows.length >= topology.workloads.length);
      for (const policy of allows) {
        const owners = topology.workloads.filter((w) => w.namespace === policy.metadata.namespace);
        assert.equal(owners.length, 1, `${policy.metadata.namespace} holds one workload`);
        assert.deepEqual(specOf(policy).podSelector, { matchLabels: { ...owners[0]!.podLabels } }, `${policy.metadata.namespace}/${policy.metadata.name}`);
      }
    });

    it(`${name}: a neighbour pod beside each workload can neither send nor receive under the NetworkPolicies (analyzer, both engines)`, () => {
      const rendered = renderStack(config);
      const neighbours = rendered.topology.workloads.map(neighbour);
      // The Kubernetes layer alone: the allow policies' selectors are the claim (with Calico's layer,
      // every pod of a tier namespace may also reach DNS through the cluster default deny).
      const kubernetesLayer = allObjects(rendered).filter((o) => o.apiVersion !== CALICO_API_VERSION);
      const model = buildModel([...kubernetesLayer, ...analysisContext(rendered.topology), ...neighbours]);
      const neighbourIds = new Set(neighbours.map((n) => `${n.metadata.namespace}/${n.metadata.name}`));
      for (const engine of ["reference", "fast"] as const) {
        const prepared = engineNamed(engine).prepare(model);
        const open: string[] = [];
        model.endpoints.forEach((from, i) => model.endpoints.forEach((to, j) => {
          if (i === j || (!neighbourIds.has(from.id) && !neighbourIds.has(to.id))) return;
          const connections = prepared.connections(i, j);
          if (!connections.isEmpty()) open.push(`${from.id} -> ${to.id}: ${connections.format()}`);
        }));
        assert.deepEqual(open, [], `${engine} engine`);
      }
    });
  }
});
