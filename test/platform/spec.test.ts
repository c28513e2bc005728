// Pure platform rules, tested without the Pulumi engine.

import { strict as assert } from "node:assert";
import {
  accessEntryKey, adminAccessEntries, endpointAccess, managedAddons, nodeAmiType, nodeLaunchTemplate, vpcCniConfiguration,
} from "../../components/clusterSpec";
import { flowLogWritePolicy, irsaTrustPolicy, managedPolicyArn, serviceTrustPolicy, stableJson } from "../../components/iamDocuments";
import { clusterPhysicalName, resourcePrefix, stackTags } from "../../components/naming";
import { natGatewayCount, natGatewayStrategy } from "../../components/networkSpec";
import type { NodeGroupConfig } from "../../config/types";

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
    const doc = JSON.parse(serviceTrustPolicy("vpc-flow-logs.amazonaws.com", "111122223333"));
    assert.deepEqual(doc.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
    assert.deepEqual(doc.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "111122223333" } });
    assert.equal(JSON.parse(serviceTrustPolicy("ec2.amazonaws.com")).Statement[0].Condition, undefined);
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
    assert.deepEqual(addons.filter((a) => a.irsa).map((a) => [a.name, a.irsa?.serviceAccount.name, a.irsa?.managedPolicy]), [
      ["aws-ebs-csi-driver", "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy"],
    ]);
  });
});
