// The AWS rules against the resources a real preview registers. `@pulumi/eks` v4 and `awsx` are
// remote components: under the Pulumi mocks `eks:index:Cluster` and `awsx:ec2:Vpc` register NO
// children, so stackResources.ts derives the children they create (aws:eks/cluster:Cluster, the
// VPC and its subnets) from the components' recorded inputs, as pulumi-eks v4.3.0 and awsx 3.9.0 do.
// The node group, launch template, KMS keys and flow log are registered by the program itself.
import { strict as assert } from "node:assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { type PackConfig, type PackResource, policyNamed, validateResource, validateStack } from "./crossguard";
import { clone, findResource, stackResources } from "./stackResources";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const T = {
  eks: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  instance: "aws:ec2/instance:Instance",
  key: "aws:kms/key:Key",
  flowLog: "aws:ec2/flowLog:FlowLog",
} as const;

async function resourceMessages(rule: string, resource: PackResource, config: PackConfig = {}): Promise<string[]> {
  return (await validateResource(policyNamed(rule) as ResourceValidationPolicy, resource, config)).map((d) => d.message);
}

async function stackMessages(rule: string, resources: readonly PackResource[], config: PackConfig = {}): Promise<string[]> {
  return (await validateStack(policyNamed(rule) as StackValidationPolicy, resources, config)).map((d) => d.message);
}

function weakened(resource: PackResource, change: (props: Json) => void): PackResource {
  const copy = clone(resource);
  change(copy.props as Json);
  return copy;
}

describe("policy pack: AWS rules on the resources a real preview registers", () => {
  let dev: PackResource[];
  let prod: PackResource[];
  before(async () => {
    dev = await stackResources("dev");
    prod = await stackResources("prod");
  });

  it("the eks:index:Cluster component's child aws:eks/cluster:Cluster carries what the rules read", () => {
    const cluster = findResource(prod, T.eks).props as Json;
    assert.deepEqual(cluster.encryptionConfig.resources, ["secrets"]);
    assert.equal(cluster.vpcConfig.endpointPublicAccess, false);
    assert.deepEqual(cluster.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  });

  describe("EKS control plane", () => {
    const rules = ["eks-secrets-encrypted", "eks-audit-logs", "eks-endpoint-not-open-to-world"];
    it("passes dev (public endpoint limited to one range) and prod (private only)", async () => {
      for (const stack of [dev, prod]) for (const rule of rules) assert.deepEqual(await resourceMessages(rule, findResource(stack, T.eks)), [], rule);
    });
    const cases: readonly [string, string, (p: Json) => void, string][] = [
      ["eks-secrets-encrypted", "no encryptionConfig (unencrypted secrets)", (p) => { delete p.encryptionConfig; }, "EKS cluster zero-trust-eks-dev does not encrypt Secrets with a KMS key (no encryptionConfig)"],
      ["eks-secrets-encrypted", "the AWS-managed key", (p) => { p.encryptionConfig.provider.keyArn = "arn:aws:kms:eu-west-1:123456789012:alias/aws/eks"; }, 'EKS cluster zero-trust-eks-dev encrypts Secrets with "arn:aws:kms:eu-west-1:123456789012:alias/aws/eks", which is not a customer-managed KMS key ARN'],
      ["eks-audit-logs", "audit logs off", (p) => { p.enabledClusterLogTypes = ["api"]; }, "EKS cluster zero-trust-eks-dev does not log audit (enabledClusterLogTypes: [api])"],
      ["eks-endpoint-not-open-to-world", "a public endpoint open to 0.0.0.0/0", (p) => { p.vpcConfig.publicAccessCidrs = ["203.0.113.0/24", "0.0.0.0/0"]; }, "EKS cluster zero-trust-eks-dev opens its public endpoint to 0.0.0.0/0 (broader than /1)"],
      ["eks-endpoint-not-open-to-world", "a public endpoint without CIDRs", (p) => { delete p.vpcConfig.publicAccessCidrs; }, "EKS cluster zero-trust-eks-dev has a public endpoint without publicAccessCidrs (EKS opens it to 0.0.0.0/0)"],
      ["eks-endpoint-not-open-to-world", "endpointPublicAccess left to the EKS default (public) without CIDRs", (p) => { delete p.vpcConfig.endpointPublicAccess; delete p.vpcConfig.publicAccessCidrs; }, "EKS cluster zero-trust-eks-dev has a public endpoint without publicAccessCidrs (EKS opens it to 0.0.0.0/0)"],
      ["eks-control-plane-logs-complete", "(advisory) dev's two log types", () => undefined, "EKS cluster zero-trust-eks-dev does not log authenticator, controllerManager, scheduler"],
    ];
    for (const [rule, label, change, expected] of cases) {
      it(`${rule} fails ${label}`, async () => {
        assert.deepEqual(await resourceMessages(rule, weakened(findResource(dev, T.eks), change)), [expected]);
      });
    }
    it("eks-endpoint-not-open-to-world: config minimumPrefixLength 16 keeps the endpoint to operator networks", async () => {
      const wide = weakened(findResource(dev, T.eks), (p) => { p.vpcConfig.publicAccessCidrs = ["100.64.0.0/10"]; });
      assert.deepEqual(await resourceMessages("eks-endpoint-not-open-to-world", wide), []);
      assert.deepEqual(await resourceMessages("eks-endpoint-not-open-to-world", wide, { "eks-endpoint-not-open-to-world": { minimumPrefixLength: 16 } }), [
        "EKS cluster zero-trust-eks-dev opens its public endpoint to 100.64.0.0/10 (broader than /16)",
      ]);
    });
  });

  describe("nodes", () => {
    it("instance-metadata-hardened passes the node launch template, the node group and prod's deploy runner", async () => {
      for (const resource of [findResource(prod, T.launchTemplate), findResource(prod, T.nodeGroup), findResource(prod, T.instance)]) {
        assert.deepEqual(await resourceMessages("instance-metadata-hardened", resource), [], resource.type);
      }
    });
    it("instance-metadata-hardened fails IMDSv1, a hop limit of 2, and a node group on the EKS default launch template", async () => {
      const template = weakened(findResource(prod, T.launchTemplate), (p) => { p.metadataOptions = { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 2 }; });
      assert.deepEqual(await resourceMessages("instance-metadata-hardened", template), [
        'launch template zero-trust-eks-prod-node-template does not require IMDSv2 (metadataOptions.httpTokens is optional, expected "required")',
        "launch template zero-trust-eks-prod-node-template lets metadata responses travel 2 hops (metadataOptions.httpPutResponseHopLimit must be 1, so pods cannot reach the node's role)",
      ]);
      const group = weakened(findResource(prod, T.nodeGroup), (p) => { delete p.launchTemplate; });
      assert.deepEqual(await resourceMessages("instance-metadata-hardened", group), [
        "node group zero-trust-eks-prod-nodes has no launch template (the EKS default one allows 2 metadata hops and IMDSv1)",
      ]);
    });
    it("node-groups-private-subnets passes the program's node group (awsx's private subnets)", async () => {
      assert.deepEqual(await stackMessages("node-groups-private-subnets", prod), []);
    });
    it("node-groups-private-subnets fails a public subnet and a subnet the stack does not own, unless config lists it", async () => {
      const resources = clone(prod);
      (findResource(resources, T.nodeGroup).props as Json).subnetIds = ["subnet-private-0", "subnet-public-1", "subnet-elsewhere"];
      assert.deepEqual(await stackMessages("node-groups-private-subnets", resources), [
        "node group zero-trust-eks-prod-nodes uses public subnet subnet-public-1",
        "node group zero-trust-eks-prod-nodes uses subnet subnet-elsewhere, which this stack does not show to be private (list it in config privateSubnetIds if it is)",
      ]);
      assert.deepEqual(await stackMessages("node-groups-private-subnets", resources, { "node-groups-private-subnets": { privateSubnetIds: ["subnet-elsewhere"] } }), [
        "node group zero-trust-eks-prod-nodes uses public subnet subnet-public-1",
      ]);
    });
  });

  describe("keys and logs", () => {
    it("kms-key-rotation passes every key of prod and fails one without rotation; asymmetric keys are left alone", async () => {
      for (const key of prod.filter((r) => r.type === T.key)) assert.deepEqual(await resourceMessages("kms-key-rotation", key), [], key.name);
      const key = prod.find((r) => r.type === T.key && r.name.endsWith("-secrets-key")) as PackResource;
      assert.deepEqual(await resourceMessages("kms-key-rotation", weakened(key, (p) => { p.enableKeyRotation = false; })), [
        "KMS key zero-trust-eks-prod-secrets-key does not rotate (enableKeyRotation is false, expected true)",
      ]);
      assert.deepEqual(await resourceMessages("kms-key-rotation", weakened(key, (p) => { delete p.enableKeyRotation; p.customerMasterKeySpec = "RSA_2048"; })), []);
    });
    it("flow-logs-in-production (advisory) passes prod, ignores dev (no flow logs, not production), fails prod without its flow log", async () => {
      assert.deepEqual(await stackMessages("flow-logs-in-production", prod), []);
      assert.deepEqual(await stackMessages("flow-logs-in-production", dev), []);
      const withoutFlowLog = clone(prod).filter((r) => r.type !== T.flowLog);
      assert.deepEqual(await stackMessages("flow-logs-in-production", withoutFlowLog), [
        "production VPC zero-trust-eks-prod-vpc (vpc-zero-trust-eks-prod-vpc) has no flow log recording ALL traffic",
      ]);
    });
    it("flow-logs-in-production: config productionEnvironments decides which stacks are production", async () => {
      const devAsProduction = { "flow-logs-in-production": { productionEnvironments: ["dev"] } };
      assert.deepEqual(await stackMessages("flow-logs-in-production", dev, devAsProduction), [
        "production VPC zero-trust-eks-dev-vpc (vpc-zero-trust-eks-dev-vpc) has no flow log recording ALL traffic",
      ]);
    });
  });
});
