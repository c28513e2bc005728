// The kind path's pure rules: LocalStack's provider settings, the port-forward commands, the log groups.
import { strict as assert } from "node:assert";
import { frontendPortForwards, LOCALSTACK_SERVICES, localstackProviderArgs } from "../../components/kindSpec";
import { flowLogGroupName, stackLogGroupNames } from "../../components/naming";
import { buildTopology } from "../../topology";
import { testKindStackConfig, testStackConfig } from "../fixtures/stackConfig";

describe("kind path: pure rules", () => {
  it("LocalStack's URL serves every listed service, a trailing slash dropped; the stack tags stay default tags", () => {
    const args = localstackProviderArgs("us-east-1", "http://localhost:4566/", { project: "p" });
    assert.deepEqual(args.endpoints, [Object.fromEntries(LOCALSTACK_SERVICES.map((s) => [s, "http://localhost:4566"]))]);
    assert.deepEqual(args.defaultTags, { tags: { project: "p" } });
    assert.equal(args.region, "us-east-1");
  });

  it("one port-forward per tenant's frontend, on the stack's context and the frontend's port", () => {
    const config = testKindStackConfig({ tenants: ["alpha", "beta"], frontend: { port: 8443, replicas: 1 } });
    assert.deepEqual(frontendPortForwards(buildTopology(config), "kind-x"), [
      "kubectl --context kind-x -n alpha-frontend port-forward svc/frontend 8443:8443",
      "kubectl --context kind-x -n beta-frontend port-forward svc/frontend 8443:8443",
    ]);
  });

  it("a kind stack has no control-plane log group: the logs key covers the flow logs only", () => {
    const eks = { ...testStackConfig(), network: { ...testStackConfig().network, flowLogs: true } };
    const kind = { ...testKindStackConfig(), network: eks.network };
    assert.equal(stackLogGroupNames(eks).length, 2);
    assert.deepEqual(stackLogGroupNames(kind), [flowLogGroupName(kind)]);
  });
});
