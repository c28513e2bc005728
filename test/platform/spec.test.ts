// Pure platform rules, tested without the Pulumi engine.

import { strict as assert } from "node:assert";
import {
  accessEntryKey, adminAccessEntries, controlPlaneSettings, endpointAccess, managedAddons, NODE_MANAGED_POLICIES, nodeAmiType,
  nodeLaunchTemplate, vpcCniConfiguration,
} from "../../components/clusterSpec";
import {
  ebsCsiKmsPolicy, flowLogsTrustPolicy, flowLogWritePolicy, irsaTrustPolicy, logGroupArn, logsKeyPolicy, managedPolicyArn,
  serviceTrustPolicy, stableJson,
} from "../../components/iamDocuments";
import {
  clusterPhysicalName, controlPlaneLogGroupName, flowLogGroupName, resourcePrefix, stackLogGroupNames, stackTags,
} from "../../components/naming";
import { natGatewayCount, natGatewayStrategy } from "../../components/networkSpec";
import { dataProtection } from "../../components/protection";
import type { NodeGroupConfig } from "../../config/types";
import { testStackConfig } from "../fixtures/stackConfig";

const SCOPE = { partition: "aws-us-gov", region: "us-gov-west-1", account: "111122223333" };

const nodeGroup: NodeGroupConfig = {
  instanceTypes: ["m6i.large"], capacityType: "ON_DEMAND", minSize: 2, desiredSize: 3, maxSize: 6, diskSizeGiB: 80,
};

describe("platform naming", () => {
  it("derives every name from project and environment, so stacks can share an account", () => {
    const dev = { project: "zero-trust-eks", environment: "dev" };
    const prod = { project: "zero-trust-eks", environment: "prod" };
    assert.equal(resourcePrefix(dev), "zero-trust-eks-dev");
    assert.notEqual(clusterPhysicalName(dev), clusterPhysicalName(prod));
  });

  it("tags with project, environment and owner, in sorted key order", () => {
    const tags = stackTags({ project: "p", environment: "e", owner: "o" });
    assert.deepEqual(Object.entries(tags), [["environment", "e"], ["owner", "o"], ["project", "p"]]);
  });
});

describe("log group names (items 7 and 15)", () => {
  it("uses the name EKS writes control-plane logs to, and a stack-scoped flow-log group", () => {
    assert.equal(controlPlaneLogGroupName("zero-trust-eks-prod"), "/aws/eks/zero-trust-eks-prod/cluster");
    assert.equal(flowLogGroupName({ project: "zero-trust-eks", environment: "prod" }), "/zero-trust-eks-prod/vpc-flow-logs");
  });

  it("lists the flow-log group among the stack's log groups only when flow logs are on", () => {
    const config = testStackConfig();
    assert.deepEqual(stackLogGroupNames(config), ["/aws/eks/zero-trust-eks-test/cluster"]);
    assert.deepEqual(stackLogGroupNames({ ...config, network: { ...config.network, flowLogs: true } }), [
      "/aws/eks/zero-trust-eks-test/cluster", "/zero-trust-eks-test/vpc-flow-logs",
    ]);
  });
});

describe("item 16: data protection", () => {
  it("protects and retains in production, and nowhere else", () => {
    assert.deepEqual(dataProtection(true), { protect: true, retainOnDelete: true });
    assert.deepEqual(dataProtection(false), { protect: false, retainOnDelete: false });
  });
});

describe("network rules", () => {
  it("maps the NAT strategy to awsx and counts gateways per strategy", () => {
    assert.equal(natGatewayStrategy("single"), "Single");
    assert.equal(natGatewayStrategy("one-per-az"), "OnePerAz");
    assert.equal(natGatewayCount({ natStrategy: "single", availabilityZones: 3 }), 1);
    assert.equal(natGatewayCount({ natStrategy: "one-per-az", availabilityZones: 3 }), 3);
  });
});

describe("IAM documents", () => {
  it("renders JSON with sorted keys at every depth", () => {
    assert.equal(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 0 } }), '{"a":{"c":0,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it("limits a service trust to one source account when given", () => {
    const doc = JSON.parse(serviceTrustPolicy("vpc-flow-logs.amazonaws.com", { account: "111122223333" }));
    assert.deepEqual(doc.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
    assert.deepEqual(doc.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "111122223333" } });
    assert.equal(JSON.parse(serviceTrustPolicy("ec2.amazonaws.com")).Statement[0].Condition, undefined);
  });

  it("item 15: lets only this account's flow logs in this region assume the flow-log role", () => {
    const statement = JSON.parse(flowLogsTrustPolicy(SCOPE)).Statement[0];
    assert.deepEqual(statement.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
    assert.equal(statement.Action, "sts:AssumeRole");
    assert.deepEqual(statement.Condition, {
      StringEquals: { "aws:SourceAccount": "111122223333" },
      ArnLike: { "aws:SourceArn": "arn:aws-us-gov:ec2:us-gov-west-1:111122223333:vpc-flow-log/*" },
    });
  });

  it("item 7: lets the account administer the logs key and CloudWatch Logs use it for the named groups only", () => {
    const doc = JSON.parse(logsKeyPolicy(SCOPE, "amazonaws.com", ["/b/vpc-flow-logs", "/aws/eks/a/cluster"]));
    const [admin, logs] = doc.Statement;
    assert.deepEqual([admin.Principal, admin.Action, admin.Resource], [{ AWS: "arn:aws-us-gov:iam::111122223333:root" }, "kms:*", "*"]);
    assert.deepEqual(logs.Principal, { Service: "logs.us-gov-west-1.amazonaws.com" });
    assert.deepEqual(logs.Action, ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]);
    assert.deepEqual(logs.Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": [
      "arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/aws/eks/a/cluster",
      "arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/b/vpc-flow-logs",
    ] } });
    // The China partition's service principals end in its DNS suffix.
    const china = JSON.parse(logsKeyPolicy({ ...SCOPE, partition: "aws-cn", region: "cn-north-1" }, "amazonaws.com.cn", ["/g"]));
    assert.deepEqual(china.Statement[1].Principal, { Service: "logs.cn-north-1.amazonaws.com.cn" });
  });

  it("names a log group's ARN the way the logs encryption context does (no trailing :*)", () => {
    assert.equal(logGroupArn(SCOPE, "/aws/eks/x/cluster"), "arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/aws/eks/x/cluster");
  });

  it("item 13: lets the EBS CSI driver grant the volume key to AWS resources and use it, on that key only", () => {
    const key = "arn:aws:kms:eu-west-1:111122223333:key/volumes";
    const [grants, use] = JSON.parse(ebsCsiKmsPolicy(key)).Statement;
    assert.deepEqual(grants.Action, ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]);
    assert.deepEqual(grants.Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
    assert.deepEqual(use.Action, ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]);
    assert.equal(use.Condition, undefined);
    for (const statement of [grants, use]) assert.deepEqual([statement.Effect, statement.Resource], ["Allow", [key]]);
  });

  it("scopes flow-log writes to one log group", () => {
    const doc = JSON.parse(flowLogWritePolicy("arn:aws:logs:eu-west-1:1:log-group:g"));
    assert.deepEqual(doc.Statement[0].Resource, ["arn:aws:logs:eu-west-1:1:log-group:g", "arn:aws:logs:eu-west-1:1:log-group:g:*"]);
  });

  it("trusts exactly one service account of one cluster for IRSA", () => {
    const doc = JSON.parse(irsaTrustPolicy("arn:aws:iam::1:oidc-provider/oidc.example/id/X", "https://oidc.example/id/X", {
      namespace: "kube-system", name: "ebs-csi-controller-sa",
    }));
    const statement = doc.Statement[0];
    assert.equal(statement.Action, "sts:AssumeRoleWithWebIdentity");
    assert.deepEqual(statement.Principal, { Federated: "arn:aws:iam::1:oidc-provider/oidc.example/id/X" });
    assert.deepEqual(statement.Condition.StringEquals, {
      "oidc.example/id/X:aud": "sts.amazonaws.com",
      "oidc.example/id/X:sub": "system:serviceaccount:kube-system:ebs-csi-controller-sa",
    });
  });

  it("builds managed policy ARNs in the given partition", () => {
    assert.equal(managedPolicyArn("aws-us-gov", "AmazonEKSWorkerNodePolicy"), "arn:aws-us-gov:iam::aws:policy/AmazonEKSWorkerNodePolicy");
  });
});

describe("cluster rules", () => {
  it("passes endpoint access through and drops public CIDRs when the public endpoint is off", () => {
    assert.deepEqual(endpointAccess({ privateAccess: true, publicAccess: false, publicAccessCidrs: ["203.0.113.0/24"] }), {
      endpointPrivateAccess: true, endpointPublicAccess: false,
    });
    assert.deepEqual(endpointAccess({ privateAccess: false, publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }), {
      endpointPrivateAccess: false, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"],
    });
  });

  it("grants each admin role cluster-scoped admin under a key that survives reordering", () => {
    const a = "arn:aws:iam::111122223333:role/platform/Admin";
    const b = "arn:aws:iam::444455556666:role/BreakGlass";
    const entries = adminAccessEntries([b, a], "ADMIN_POLICY");
    assert.deepEqual(Object.keys(entries), [accessEntryKey(a), accessEntryKey(b)]);
    assert.deepEqual(entries, adminAccessEntries([a, b], "ADMIN_POLICY"));
    assert.equal(accessEntryKey(a), "admin-111122223333-Admin");
    assert.deepEqual(entries[accessEntryKey(b)].accessPolicies, {
      clusterAdmin: { policyArn: "ADMIN_POLICY", accessScope: { type: "cluster" } },
    });
  });

  it("hardens the node launch template: IMDSv2 only, hop limit 1, encrypted gp3 root of the configured size", () => {
    const template = nodeLaunchTemplate(nodeGroup, { owner: "o" });
    assert.deepEqual(template.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
    assert.deepEqual(template.blockDeviceMappings[0].ebs, {
      volumeSize: 80, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true",
    });
    assert.deepEqual(template.tagSpecifications.map((s) => [s.resourceType, s.tags]), [["instance", { owner: "o" }], ["volume", { owner: "o" }]]);
  });

  it("picks the AL2023 AMI matching the instance types' architecture", () => {
    assert.equal(nodeAmiType({ instanceTypes: ["m6i.large", "m5.large"] }), "AL2023_x86_64_STANDARD");
    assert.equal(nodeAmiType({ instanceTypes: ["m7g.large"] }), "AL2023_ARM_64_STANDARD");
  });

  it("turns the VPC CNI network-policy agent on only for the vpc-cni engine; item 3: pod IPs annotated only for calico", () => {
    assert.deepEqual(JSON.parse(vpcCniConfiguration("vpc-cni")), { enableNetworkPolicy: "true" });
    assert.deepEqual(JSON.parse(vpcCniConfiguration("calico")), { enableNetworkPolicy: "false", env: { ANNOTATE_POD_IP: "true" } });
  });

  it("installs the CNI and kube-proxy before nodes, coredns and EBS CSI (with IRSA) after", () => {
    const addons = managedAddons("calico");
    assert.deepEqual(addons.map((a) => [a.name, a.phase]), [
      ["vpc-cni", "before-nodes"], ["kube-proxy", "before-nodes"], ["coredns", "after-nodes"], ["aws-ebs-csi-driver", "after-nodes"],
    ]);
  });

  it("item 13: runs the EBS CSI driver under AmazonEBSCSIDriverPolicyV2, with the volume key", () => {
    const addons = managedAddons("calico");
    assert.deepEqual(addons.filter((a) => a.irsa).map((a) => [a.name, a.irsa?.serviceAccount.name, a.irsa?.managedPolicy, a.irsa?.usesVolumeKey]), [
      ["aws-ebs-csi-driver", "ebs-csi-controller-sa", "AmazonEBSCSIDriverPolicyV2", true],
    ]);
  });

  it("item 8: preserves the add-ons whose removal would cut pod networking or DNS", () => {
    const preserved = managedAddons("calico").filter((a) => a.preserve).map((a) => a.name);
    assert.deepEqual(preserved, ["vpc-cni", "kube-proxy", "coredns"]);
  });

  it("item 14: gives nodes ECR pull-only and SSM instead of ECR read-only", () => {
    assert.deepEqual([...NODE_MANAGED_POLICIES].sort(), [
      "AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore",
    ]);
  });

  it("item 9: takes the upgrade policy's support type from config", () => {
    const cluster = testStackConfig().cluster;
    assert.deepEqual(controlPlaneSettings(cluster).upgradePolicy, { supportType: "STANDARD" });
    assert.deepEqual(controlPlaneSettings({ ...cluster, supportType: "EXTENDED" }).upgradePolicy, { supportType: "EXTENDED" });
  });
});
