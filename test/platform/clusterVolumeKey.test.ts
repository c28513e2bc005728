// Item 13, the cluster side: the EBS CSI driver's IRSA role runs under AmazonEBSCSIDriverPolicyV2
// and, once the stack has a volume KMS key (ClusterArgs.volumeKmsKeyArn), may use that key.
import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import { Cluster } from "../../components/cluster";
import { ebsCsiKmsPolicy } from "../../components/iamDocuments";
import { recordRegistrations, type Registration } from "../fixtures/pulumiMocks";
import { testStackConfig } from "../fixtures/stackConfig";
import { MOCK_ACCOUNT, programRecorder, type ProgramRecorder } from "./harness";

const VOLUME_KEY = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/volumes`;
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

async function clusterWith(volumeKmsKeyArn: string | undefined): Promise<ProgramRecorder> {
  const config = testStackConfig();
  return await recordRegistrations(() => {
    const awsProvider = new aws.Provider("aws", { region: "eu-west-1" });
    new Cluster("c", {
      clusterName: "c", cluster: config.cluster, policyEngine: "calico", vpcId: "vpc-1", privateSubnetIds: ["subnet-a", "subnet-b"],
      tags: {}, logKeyArn: `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/logs`, volumeKmsKeyArn, production: false, storageClasses: [], inCluster: false,
    }, { providers: { aws: awsProvider } });
  }, programRecorder()) as ProgramRecorder;
}

function ebsRole(mocks: ProgramRecorder): Registration {
  const addon = mocks.ofType("aws:eks/addon:Addon").find((a) => a.inputs.addonName === "aws-ebs-csi-driver");
  const roleName = String(addon?.inputs.serviceAccountRoleArn).split("/").pop();
  const role = mocks.ofType("aws:iam/role:Role").find((r) => r.name === roleName);
  if (role === undefined) throw new Error("the EBS CSI add-on should run under its own role");
  return role;
}

describe("item 13: the EBS CSI driver and the volume KMS key", () => {
  it("lets the driver's role use the volume key, and installs the driver only after that grant", async () => {
    const mocks = await clusterWith(VOLUME_KEY);
    const role = ebsRole(mocks);
    const grants = mocks.ofType(ROLE_POLICY).filter((p) => p.inputs.role === `${role.name}-id`);
    assert.deepEqual(grants.map((p) => JSON.parse(String(p.inputs.policy))), [JSON.parse(ebsCsiKmsPolicy(VOLUME_KEY))]);
    assert.ok(mocks.dependenciesOf("c-aws-ebs-csi-driver").includes(grants[0].name), "the add-on should wait for the key grant");
    const attached = mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.name);
    assert.deepEqual(attached.map((a) => a.inputs.policyArn), ["arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicyV2"]);
  });

  it("grants no KMS access while the stack has no volume key", async () => {
    const mocks = await clusterWith(undefined);
    assert.deepEqual(mocks.ofType(ROLE_POLICY).filter((p) => p.inputs.role === `${ebsRole(mocks).name}-id`), []);
  });
});
