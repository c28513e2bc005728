// The local stack (platform kind) under mocks: the in-cluster layer through one Kubernetes provider
// on the configured kubeconfig context, and nothing of AWS (no EKS cluster, no network, no AWS
// provider, no AWS call) unless LocalStack is on; with it, only the logs key and the network, every
// call sent to LocalStack.
import { strict as assert } from "node:assert";
import { LOCALSTACK_CREDENTIALS, LOCALSTACK_SERVICES } from "../../components/kindSpec";
import { fromPulumiAllConfig } from "../../config";
import { revealSecrets, type Registration } from "../fixtures/pulumiMocks";
import { runProgram, runStackFile, stackFileConfig, type ProgramRun } from "./harness";

const LOCALSTACK = "http://localhost:4566";
const isAws = (r: Registration) => /^(aws|awsx|eks):/.test(r.type) || r.type === "pulumi:providers:aws";

function providerOf(run: ProgramRun, type: string): Registration {
  return run.mocks.one(type);
}

describe("program under mocks: Pulumi.local.yaml (kind)", () => {
  let run: ProgramRun;
  const config = fromPulumiAllConfig(stackFileConfig("local"));
  before(async () => {
    run = await runStackFile("local");
  });

  it("registers no AWS provider, no AWS, awsx or EKS resource, and calls no AWS API", () => {
    assert.deepEqual(run.mocks.registrations.filter(isAws).map((r) => r.type), []);
    assert.deepEqual(run.mocks.calls, []);
    assert.deepEqual(run.mocks.invokes, []);
  });

  it("applies every in-cluster resource through one Kubernetes provider on the configured context", () => {
    const provider = providerOf(run, "pulumi:providers:kubernetes");
    assert.equal(provider.inputs.context, "kind-zero-trust-eks");
    assert.equal(provider.inputs.kubeconfig, undefined, "the context of your kubeconfig, not a generated one");
    const inCluster = run.mocks.registrations.filter((r) => r.type.startsWith("kubernetes:"));
    assert.ok(inCluster.length > 20);
    const strays = inCluster.filter((r) => !r.provider?.startsWith(`${provider.urn}::`));
    assert.deepEqual(strays.map((r) => r.name), []);
  });

  it("installs Calico as the CNI and the app, with no StorageClass of its own", () => {
    const installation = run.mocks.registrations.find((r) => r.type === "kubernetes:operator.tigera.io/v1:Installation");
    assert.ok(installation);
    const pools = (installation.inputs.spec as { calicoNetwork: { ipPools: { cidr: string }[] } }).calicoNetwork.ipPools;
    assert.deepEqual(pools.map((p) => p.cidr), ["192.168.0.0/16"]);
    assert.deepEqual(run.mocks.ofType("kubernetes:storage.k8s.io/v1:StorageClass"), []);
    assert.equal(run.mocks.ofType("kubernetes:apps/v1:StatefulSet").length, config.app.tenants.length);
  });

  it("outputs the context and how to reach each frontend, and no AWS output", () => {
    assert.deepEqual(run.stackOutputs, {
      kubeContext: "kind-zero-trust-eks",
      frontendPortForwards: ["kubectl --context kind-zero-trust-eks -n bank-frontend port-forward svc/frontend 8080:8080"],
    });
  });
});

describe("program under mocks: Pulumi.local.yaml with localstackEndpoint", () => {
  let run: ProgramRun;
  before(async () => {
    run = await runProgram("local", { ...stackFileConfig("local"), "zero-trust-eks:localstackEndpoint": LOCALSTACK });
  });

  it("sends every AWS call of the preview to LocalStack, with placeholder credentials and no AWS account lookups", () => {
    const provider = providerOf(run, "pulumi:providers:aws");
    const endpoints = JSON.parse(String(provider.inputs.endpoints)) as Record<string, string>[];
    assert.deepEqual(endpoints, [Object.fromEntries(LOCALSTACK_SERVICES.map((service) => [service, LOCALSTACK]))]);
    assert.equal(revealSecrets(provider.inputs.accessKey), LOCALSTACK_CREDENTIALS.accessKey);
    for (const flag of ["skipCredentialsValidation", "skipRequestingAccountId", "skipMetadataApiCheck"]) {
      assert.equal(String(provider.inputs[flag]), "true", flag);
    }
    assert.equal(provider.inputs.region, "us-east-1");
  });

  it("creates the network and the logs key only: no EKS cluster, no backups, no deploy runner, no API access rules", () => {
    const types = new Set(run.mocks.registrations.filter(isAws).map((r) => r.type));
    for (const expected of ["awsx:ec2:Vpc", "aws:kms/key:Key", "aws:ec2/flowLog:FlowLog", "aws:cloudwatch/logGroup:LogGroup"]) {
      assert.ok(types.has(expected), expected);
    }
    for (const absent of ["eks:index:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:backup/vault:Vault", "aws:ec2/instance:Instance", "aws:ec2/securityGroupRule:SecurityGroupRule"]) {
      assert.ok(!types.has(absent), absent);
    }
  });

  it("creates every AWS resource and makes every AWS call through that provider; the logs key covers the flow logs only", () => {
    const provider = providerOf(run, "pulumi:providers:aws");
    const custom = run.mocks.registrations.filter((r) => r.type.startsWith("aws:"));
    assert.deepEqual(custom.filter((r) => !r.provider?.startsWith(`${provider.urn}::`)).map((r) => r.name), []);
    assert.ok(run.mocks.invokes.length > 0);
    assert.deepEqual(run.mocks.invokes.filter((i) => !i.provider?.startsWith(`${provider.urn}::`)).map((i) => i.token), []);
    const key = run.mocks.one("aws:kms/key:Key");
    assert.doesNotMatch(String(key.inputs.description), /aws\/eks/);
    assert.match(String(key.inputs.description), /vpc-flow-logs/);
  });

  it("still applies the in-cluster layer to the kind context, and outputs the LocalStack VPC", () => {
    assert.equal(providerOf(run, "pulumi:providers:kubernetes").inputs.context, "kind-zero-trust-eks");
    assert.equal(run.stackOutputs.vpcId, "vpc-zero-trust-eks-local-vpc");
  });
});
