// Runs the real program (index.ts) under Pulumi mocks with each stack file's config and asserts on
// what it asks the providers to create. Expectations come from that stack's parsed config, so the
// tests check the wiring; the per-environment differences the issue demands are asserted literally.

import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { accessEntryKey } from "../../components/clusterSpec";
import { clusterPhysicalName, flowLogGroupName, resourcePrefix } from "../../components/naming";
import { fromPulumiAllConfig, type StackConfig } from "../../config";
import type { Props, Registration } from "../fixtures/pulumiMocks";
import {
  MOCK_OIDC_ISSUER, MOCK_OIDC_PROVIDER_ARN, mockKubeconfig, mockLoadBalancerHostname, type ProgramRun,
  runStackFile, stackFileConfig,
} from "./harness";
import { stacksOn } from "../fixtures/stackFiles";

const T = {
  awsProvider: "pulumi:providers:aws",
  k8sProvider: "pulumi:providers:kubernetes",
  network: "zero-trust-eks:network:Network",
  cluster: "zero-trust-eks:cluster:Cluster",
  vpc: "awsx:ec2:Vpc",
  eks: "eks:index:Cluster",
  kmsKey: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  addon: "aws:eks/addon:Addon",
  flowLog: "aws:ec2/flowLog:FlowLog",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
} as const;

function get(props: Props, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((value, key) => (value as Props | undefined)?.[key], props);
}

function byName(resources: Registration[], name: string): Registration {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name} among ${resources.map((r) => r.name).join(", ")}`);
  return found;
}

/** The resource whose mocked ARN (`arn:...:role/<name>` etc.) equals `arn`. */
function roleWithArn(run: ProgramRun, arn: unknown): Registration {
  return byName(run.mocks.ofType(T.role), String(arn).split("/").pop() ?? "");
}

for (const stack of stacksOn("eks")) {
  describe(`program under mocks: Pulumi.${stack}.yaml`, () => {
    let config: StackConfig;
    let run: ProgramRun;
    const prefix = () => resourcePrefix(config);

    before(async () => {
      config = fromPulumiAllConfig(stackFileConfig(stack));
      run = await runStackFile(stack);
    });

    it("registers the network and cluster components under their type tokens", () => {
      assert.equal(run.mocks.one(T.network).name, prefix());
      assert.equal(run.mocks.one(T.cluster).name, prefix());
    });

    it("creates one AWS provider with the stack's region and project/environment/owner default tags", () => {
      const provider = run.mocks.one(T.awsProvider);
      assert.equal(provider.inputs.region, config.region);
      assert.deepEqual(JSON.parse(String(provider.inputs.defaultTags)), {
        tags: { project: config.project, environment: config.environment, owner: config.owner },
      });
    });

    it("creates every AWS resource through that provider", () => {
      const provider = run.mocks.one(T.awsProvider);
      const aws = run.mocks.registrations.filter((r) => r.type.startsWith("aws:"));
      assert.ok(aws.length > 10);
      const strays = aws.filter((r) => !r.provider?.endsWith(`::${provider.name}::${provider.name}-id`));
      assert.deepEqual(strays.map((r) => r.name), []);
    });

    it("builds the VPC from config: CIDR, AZ count, NAT strategy, DNS, load-balancer subnet tags", () => {
      const vpc = run.mocks.one(T.vpc).inputs;
      assert.equal(vpc.cidrBlock, config.network.vpcCidr);
      assert.equal(vpc.numberOfAvailabilityZones, config.network.availabilityZones);
      assert.deepEqual(vpc.natGateways, { strategy: config.network.natStrategy === "single" ? "Single" : "OnePerAz" });
      assert.equal(vpc.enableDnsHostnames, true);
      assert.deepEqual(vpc.subnetSpecs, [
        { type: "Public", tags: { "kubernetes.io/role/elb": "1" } },
        { type: "Private", tags: { "kubernetes.io/role/internal-elb": "1" } },
      ]);
    });

    it("sends VPC flow logs to a retained log group through a scoped role, when configured", () => {
      const flowLogs = run.mocks.ofType(T.flowLog);
      if (!config.network.flowLogs) {
        assert.equal(flowLogs.length, 0);
        return;
      }
      const flowLog = flowLogs[0].inputs;
      assert.equal(flowLogs.length, 1);
      assert.equal(flowLog.vpcId, `vpc-${prefix()}-vpc`);
      assert.equal(flowLog.trafficType, "ALL");
      const logGroup = byName(run.mocks.ofType(T.logGroup), `${prefix()}-flow-logs`);
      assert.equal(logGroup.inputs.name, flowLogGroupName(config));
      assert.equal(logGroup.inputs.retentionInDays, config.network.flowLogRetentionDays);
      assert.ok(String(flowLog.logDestination).endsWith(`/${logGroup.name}`));
      const trust = JSON.parse(String(roleWithArn(run, flowLog.iamRoleArn).inputs.assumeRolePolicy));
      assert.deepEqual(trust.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
      const writePolicy = run.mocks.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === `${roleWithArn(run, flowLog.iamRoleArn).name}-id`);
      assert.ok(writePolicy, "the flow-log role should have a write policy");
      assert.ok(run.mocks.dependenciesOf(flowLogs[0].name).includes(writePolicy.name), "the flow log should wait for its role's write policy");
    });

    it("encrypts Kubernetes secrets with a customer-managed KMS key that rotates", () => {
      const key = byName(run.mocks.ofType(T.kmsKey), `${prefix()}-secrets-key`);
      assert.equal(key.inputs.enableKeyRotation, true);
      assert.equal(run.mocks.one(T.eks).inputs.encryptionConfigKeyArn, `arn:aws:kms:eu-west-1:123456789012:key/${key.name}`);
    });

    it("configures the EKS control plane from config: version, logs, endpoint access, OIDC, API auth", () => {
      const eks = run.mocks.one(T.eks).inputs;
      assert.equal(eks.name, clusterPhysicalName(config));
      assert.equal(eks.version, config.cluster.kubernetesVersion);
      assert.deepEqual(eks.enabledClusterLogTypes, [...config.cluster.logTypes].sort());
      assert.equal(eks.endpointPrivateAccess, config.cluster.endpoint.privateAccess);
      assert.equal(eks.endpointPublicAccess, config.cluster.endpoint.publicAccess);
      assert.deepEqual(eks.publicAccessCidrs, config.cluster.endpoint.publicAccess ? config.cluster.endpoint.publicAccessCidrs : undefined);
      assert.equal(eks.createOidcProvider, true);
      assert.equal(eks.authenticationMode, "API");
      assert.equal(eks.skipDefaultNodeGroup, true);
      assert.equal(eks.vpcId, `vpc-${prefix()}-vpc`);
    });

    it("protects a production cluster from deletion, and only a production one", () => {
      assert.equal(run.mocks.one(T.eks).inputs.deletionProtection, config.production);
    });

    it("grants each admin role cluster-wide AmazonEKSClusterAdminPolicy through an access entry", () => {
      const entries = (run.mocks.one(T.eks).inputs.accessEntries ?? {}) as Props;
      assert.deepEqual(Object.keys(entries).sort(), config.cluster.adminRoleArns.map(accessEntryKey).sort());
      for (const arn of config.cluster.adminRoleArns) {
        assert.deepEqual(entries[accessEntryKey(arn)], {
          principalArn: arn,
          type: "STANDARD",
          accessPolicies: { clusterAdmin: {
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
          } },
        });
      }
    });

    it("leaves every add-on to the program, so nothing else writes the VPC CNI's settings", () => {
      const eks = run.mocks.one(T.eks).inputs;
      assert.equal(eks.useDefaultVpcCni, true);
      assert.equal(eks.bootstrapSelfManagedAddons, false);
      assert.equal(eks.vpcCniOptions, undefined);
      assert.equal(get(eks, "corednsAddonOptions.enabled"), false);
      assert.equal(get(eks, "kubeProxyAddonOptions.enabled"), false);
    });

    it("runs an AL2023 managed node group, sized from config, in the private subnets only", () => {
      const nodes = run.mocks.one(T.nodeGroup).inputs;
      const zones = config.network.availabilityZones;
      assert.deepEqual(nodes.subnetIds, Array.from({ length: zones }, (_, i) => `subnet-private-${i}`));
      assert.equal(nodes.clusterName, clusterPhysicalName(config));
      assert.match(String(nodes.amiType), /^AL2023_/);
      assert.equal(nodes.capacityType, config.cluster.nodeGroup.capacityType);
      assert.deepEqual(nodes.instanceTypes, config.cluster.nodeGroup.instanceTypes);
      const { minSize, desiredSize, maxSize } = config.cluster.nodeGroup;
      assert.deepEqual(nodes.scalingConfig, { minSize, desiredSize, maxSize });
    });

    it("pins the node group to the control plane's version, so a version bump in config rolls the nodes", () => {
      // The AWS provider diffs a node group's `version` only when it is set (aws.eks.NodeGroup docs).
      assert.equal(run.mocks.one(T.nodeGroup).inputs.version, config.cluster.kubernetesVersion);
      assert.equal(run.mocks.one(T.eks).inputs.version, config.cluster.kubernetesVersion);
    });

    it("boots nodes from a launch template with IMDSv2 required, hop limit 1 and an encrypted gp3 root", () => {
      const template = run.mocks.one(T.launchTemplate);
      assert.deepEqual(get(run.mocks.one(T.nodeGroup).inputs, "launchTemplate"), { id: `${template.name}-id`, version: "1" });
      assert.equal(get(template.inputs, "metadataOptions.httpTokens"), "required");
      assert.equal(get(template.inputs, "metadataOptions.httpPutResponseHopLimit"), 1);
      const mappings = template.inputs.blockDeviceMappings as Props[];
      assert.deepEqual(get(mappings[0], "ebs"), {
        volumeSize: config.cluster.nodeGroup.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true",
      });
    });

    it("item 14: gives the node role exactly the worker, CNI, ECR pull-only and SSM policies", () => {
      const nodeRole = roleWithArn(run, run.mocks.one(T.nodeGroup).inputs.nodeRoleArn);
      const policies = run.mocks.ofType(T.attachment).filter((a) => a.inputs.role === nodeRole.name).map((a) => a.inputs.policyArn);
      assert.deepEqual(policies.sort(), [
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      ]);
    });

    it("installs vpc-cni, kube-proxy, coredns and the EBS CSI driver as EKS managed add-ons", () => {
      const addons = run.mocks.ofType(T.addon);
      assert.deepEqual(addons.map((a) => a.inputs.addonName).sort(), ["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
      for (const addon of addons) assert.equal(addon.inputs.clusterName, clusterPhysicalName(config));
    });

    it("item 8: runs every add-on at its pinned version, looked up nowhere at deploy time", () => {
      // EKS does not update managed add-ons after a cluster upgrade (EKS user guide, "Update an Amazon EKS add-on").
      const addons = run.mocks.ofType(T.addon);
      const versions = Object.fromEntries(addons.map((a) => [String(a.inputs.addonName), a.inputs.addonVersion]));
      assert.deepEqual(versions, config.cluster.addonVersions);
      assert.deepEqual(run.mocks.invokes.filter((i) => i.token.startsWith("aws:eks/getAddonVersion")), []);
    });

    it("orders add-ons around the nodes: CNI and kube-proxy before them, coredns and EBS CSI after", () => {
      const addon = (name: string) => `${prefix()}-${name}`;
      const nodes = run.mocks.one(T.nodeGroup).name;
      const nodeDependencies = run.mocks.dependenciesOf(nodes);
      for (const first of ["vpc-cni", "kube-proxy"]) {
        assert.ok(nodeDependencies.includes(addon(first)), `${nodes} should wait for ${first}: ${nodeDependencies.join(", ")}`);
        assert.ok(!run.mocks.dependenciesOf(addon(first)).includes(nodes));
      }
      for (const after of ["coredns", "aws-ebs-csi-driver"]) {
        assert.ok(run.mocks.dependenciesOf(addon(after)).includes(nodes), `${after} should wait for ${nodes}`);
      }
    });

    it("turns the VPC CNI network-policy agent on only when it is the configured engine", () => {
      const cni = run.mocks.ofType(T.addon).find((a) => a.inputs.addonName === "vpc-cni");
      const expected = config.policy.engine === "vpc-cni" ? "true" : "false";
      assert.equal(JSON.parse(String(cni?.inputs.configurationValues)).enableNetworkPolicy, expected);
    });

    it("runs the EBS CSI driver under its own IRSA role, trusted by its service account only", () => {
      const ebs = run.mocks.ofType(T.addon).find((a) => a.inputs.addonName === "aws-ebs-csi-driver");
      const role = roleWithArn(run, ebs?.inputs.serviceAccountRoleArn);
      const statement = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0];
      assert.deepEqual(statement.Principal, { Federated: MOCK_OIDC_PROVIDER_ARN });
      assert.equal(statement.Condition.StringEquals[`${MOCK_OIDC_ISSUER}:sub`], "system:serviceaccount:kube-system:ebs-csi-controller-sa");
      const policies = run.mocks.ofType(T.attachment).filter((a) => a.inputs.role === role.name).map((a) => a.inputs.policyArn);
      assert.deepEqual(policies, ["arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicyV2"]);
    });

    it("builds one Kubernetes provider from the cluster's kubeconfig and creates the default StorageClass through it", () => {
      const k8s = run.mocks.one(T.k8sProvider);
      assert.equal(k8s.inputs.kubeconfig, mockKubeconfig(clusterPhysicalName(config)));
      const storageClass = byName(run.mocks.ofType(T.storageClass), `${prefix()}-gp3-encrypted`);
      assert.ok(storageClass.provider?.endsWith(`::${k8s.name}::${k8s.name}-id`));
      const volumeKey = `arn:aws:kms:eu-west-1:123456789012:key/${prefix()}-data-volume-key`;
      assert.deepEqual(
        [storageClass.inputs.provisioner, storageClass.inputs.parameters, storageClass.inputs.volumeBindingMode, storageClass.inputs.allowVolumeExpansion],
        ["ebs.csi.aws.com", { encrypted: "true", type: "gp3", kmsKeyId: volumeKey }, "WaitForFirstConsumer", true],
      );
      assert.deepEqual(get(storageClass.inputs, "metadata.annotations"), { "storageclass.kubernetes.io/is-default-class": "true" });
    });

    it("exports cluster name, secret kubeconfig, VPC id, OIDC provider ARN, the deploy runner (if any), the frontend load balancers and what a restore needs", async () => {
      const loadBalancers = run.mocks
        .ofType("kubernetes:core/v1:Service")
        .filter((s) => (s.inputs.spec as { type?: string }).type === "LoadBalancer");
      assert.equal(loadBalancers.length, config.app.tenants.length);
      assert.deepEqual(run.stackOutputs, {
        clusterName: clusterPhysicalName(config),
        kubeconfig: mockKubeconfig(clusterPhysicalName(config)),
        vpcId: `vpc-${prefix()}-vpc`,
        oidcProviderArn: MOCK_OIDC_PROVIDER_ARN,
        ...(config.deploy.runner ? { deployRunnerInstanceId: `${prefix()}-runner-instance-id` } : {}),
        frontendHostnames: loadBalancers.map((s) => mockLoadBalancerHostname(s.name)).sort(),
        backupVaultName: `${prefix()}-database`,
        backupRoleArn: `arn:aws:iam::123456789012:role/${prefix()}-data-backup-role`,
        volumeKmsKeyArn: `arn:aws:kms:eu-west-1:123456789012:key/${prefix()}-data-volume-key`,
      });
      assert.ok("kubeconfig" in run.program, "an EKS stack outputs its kubeconfig");
      assert.equal(await pulumi.isSecret(run.program.kubeconfig), true);
    });
  });
}
