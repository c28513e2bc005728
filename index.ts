// The Pulumi program, wiring only. Config is parsed and validated, and the deploying identity
// checked, before any cloud resource is registered: an invalid stack config fails with every
// problem listed by key, a deployer that would collide with an admin access entry with what to do.
// Exported as an async function (`export =`): Pulumi calls it, awaits it and records what it returns
// as the stack outputs, and the mocked tests run exactly this function once per stack file.
//
// Two phases (config `deployPhase`, README "Deploy and tear down"): `platform` registers the AWS side
// only (network, cluster, nodes, add-ons, API access, deploy runner), nothing that needs the
// Kubernetes API; `all` adds the in-cluster layer (StorageClass, Calico, policies, workloads).
//
// Two platforms (config `platform`, docs/local.md): `eks` as above; `kind` applies the same
// in-cluster layer to a kind cluster through a kubeconfig context and creates no AWS resource,
// except the network and its logs key in LocalStack when `localstackEndpoint` is set.

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ApiAccess } from "./components/apiAccess";
import { Application } from "./components/application";
import { Cluster } from "./components/cluster";
import { DataProtection } from "./components/dataProtection";
import { apiIngressRules } from "./components/deployAccessSpec";
import { collidingAdminRole, creatorAdminMessage } from "./components/deployerSpec";
import { DeployRunner } from "./components/deployRunner";
import { applyObject } from "./components/k8sObjects";
import { frontendPortForwards, localstackProviderArgs } from "./components/kindSpec";
import { LogKey } from "./components/logging";
import { clusterPhysicalName, flowLogGroupName, resourcePrefix, stackLogGroupNames, stackTags } from "./components/naming";
import { Network } from "./components/network";
import { PolicyEngine } from "./components/policyEngine";
import { ConfigError, fromPulumiAllConfig, type PlatformConfig, type StackConfig } from "./config";
import { renderStack, type RenderedStack } from "./manifests";
import { backupSelectionTag, withVolumeKmsKey } from "./manifests/storage";

function loadConfig(): StackConfig {
  try {
    return fromPulumiAllConfig(pulumi.runtime.allConfig());
  } catch (error) {
    // RunError: Pulumi prints the message alone, without a stack trace, as a user mistake deserves.
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

/**
 * Item 2: who is deploying, through the stack's own AWS provider (the identity that will create the
 * cluster, whatever credentials that provider is ever given). getSessionContext turns an
 * assumed-role session ARN into its role's ARN, path included.
 */
async function refuseAdminDeployer(config: StackConfig, provider: aws.Provider): Promise<void> {
  const caller = await aws.getCallerIdentity({}, { provider });
  const session = await aws.iam.getSessionContext({ arn: caller.arn }, { provider });
  const listed = collidingAdminRole(session.issuerArn, config.cluster.adminRoleArns);
  if (listed !== undefined) throw new pulumi.RunError(creatorAdminMessage(caller.arn, session.issuerArn, listed));
}

function accountGuard({ accounts }: StackConfig): Pick<aws.ProviderArgs, "allowedAccountIds" | "forbiddenAccountIds"> {
  if (accounts.allowedAccountIds.length > 0) return { allowedAccountIds: [...accounts.allowedAccountIds] };
  if (accounts.forbiddenAccountIds.length > 0) return { forbiddenAccountIds: [...accounts.forbiddenAccountIds] };
  return {};
}

async function main() {
  const config = loadConfig();
  return config.platform.name === "kind" ? deployKind(config, config.platform) : deployEks(config);
}

/** The AWS side and the EKS cluster, then (deployPhase all) the in-cluster layer through the cluster's provider. */
async function deployEks(config: StackConfig) {
  const prefix = resourcePrefix(config);
  const tags = stackTags(config);
  // Every AWS resource below inherits this provider: one region, and the stack tags on everything.
  const awsProvider = new aws.Provider(`${prefix}-aws`, {
    region: config.region,
    defaultTags: { tags: { ...tags } },
    // The wrong-account guard: Pulumi applies stack aws: keys only to its default provider, never to this one.
    ...accountGuard(config),
  });
  await refuseAdminDeployer(config, awsProvider);
  const withAws = { providers: { aws: awsProvider } };
  const inCluster = config.deploy.phase === "all";

  // In-cluster objects are exactly what `npm run render` prints for this stack.
  const rendered = renderStack(config);
  const { logKey, network, data } = createFoundations(prefix, config, tags, withAws);
  const cluster = new Cluster(prefix, {
    clusterName: clusterPhysicalName(config),
    cluster: config.cluster,
    policyEngine: config.policy.engine,
    vpcId: network.vpcId,
    privateSubnetIds: network.privateSubnetIds,
    tags,
    logKeyArn: logKey.arn,
    production: config.production,
    // What render prints, with the key's ARN in place of its placeholder (the one deploy-time value).
    storageClasses: rendered.storageClasses.map((o) => withVolumeKmsKey(o, data.volumeKeyArn)),
    volumeKmsKeyArn: data.volumeKeyArn,
    inCluster,
  }, withAws);
  const runner = createDeployAccess(prefix, config, network, cluster, withAws);

  const platform = {
    clusterName: cluster.clusterName,
    kubeconfig: pulumi.secret(cluster.kubeconfig),
    vpcId: network.vpcId,
    oidcProviderArn: cluster.oidcProviderArn,
    backupVaultName: data.backupVaultName,
    backupRoleArn: data.backupRoleArn,
    volumeKmsKeyArn: data.volumeKeyArn,
    ...(runner ? { deployRunnerInstanceId: runner.instanceId } : {}),
  };
  if (!inCluster) return platform;
  const k8sProvider = cluster.k8sProvider;
  if (k8sProvider === undefined) throw new Error("internal: the in-cluster layer needs the cluster's Kubernetes provider");
  const app = createInClusterLayer(prefix, config, rendered, k8sProvider, cluster.ready);
  return { ...platform, frontendHostnames: app.frontendHostnames };
}

type KindPlatform = Extract<PlatformConfig, { name: "kind" }>;

/**
 * The in-cluster layer on a kind cluster you created (local/up.sh), through the configured kubeconfig
 * context: no EKS, no identity check (no AWS account is involved), no AWS resource unless LocalStack.
 */
function deployKind(config: StackConfig, platform: KindPlatform) {
  const prefix = resourcePrefix(config);
  const rendered = renderStack(config);
  const preview = platform.localstack && createLocalStackPreview(prefix, config, platform.localstack.endpoint);
  const k8sProvider = new k8s.Provider(`${prefix}-k8s`, { context: platform.kubeContext });
  // Empty on kind (its own default class serves the database); applied like the EKS path would.
  const storageClasses = rendered.storageClasses.map((o) => applyObject(`${prefix}-${o.metadata.name}`, o, { provider: k8sProvider }));
  createInClusterLayer(prefix, config, rendered, k8sProvider, storageClasses);
  return {
    kubeContext: platform.kubeContext,
    frontendPortForwards: frontendPortForwards(rendered.topology, platform.kubeContext),
    ...(preview ? { vpcId: preview.vpcId } : {}),
  };
}

/**
 * What LocalStack's community edition can preview of the AWS side: the logs key and the network
 * (VPC, subnets, NAT, flow logs), through an AWS provider that sends every call to LocalStack.
 */
function createLocalStackPreview(prefix: string, config: StackConfig, endpoint: string): Network {
  const awsProvider = new aws.Provider(`${prefix}-aws`, localstackProviderArgs(config.region, endpoint, stackTags(config)));
  const withAws = { providers: { aws: awsProvider } };
  const logKey = new LogKey(`${prefix}-logs`, {
    logGroupNames: stackLogGroupNames(config),
    aliasName: `alias/${prefix}-logs`,
    production: config.production,
  }, withAws);
  return new Network(prefix, {
    network: config.network, flowLogGroupName: flowLogGroupName(config), logKeyArn: logKey.arn, production: config.production,
  }, withAws);
}

/** What the cluster builds on: the logs key, the network (flow logs encrypted with it), the volume key and backups. */
function createFoundations(
  prefix: string, config: StackConfig, tags: Readonly<Record<string, string>>, withAws: pulumi.ComponentResourceOptions,
): { logKey: LogKey; network: Network; data: DataProtection } {
  // One key for every log group of the stack, created first: the flow logs and the control plane encrypt with it.
  const logKey = new LogKey(`${prefix}-logs`, {
    logGroupNames: stackLogGroupNames(config),
    aliasName: `alias/${prefix}-logs`,
    production: config.production,
  }, withAws);
  const network = new Network(prefix, {
    network: config.network,
    flowLogGroupName: flowLogGroupName(config),
    logKeyArn: logKey.arn,
    production: config.production,
  }, withAws);
  // Before the cluster: its StorageClasses name this key, and its EBS CSI driver role is granted it.
  const data = new DataProtection(`${prefix}-data`, {
    namePrefix: prefix,
    production: config.production,
    region: config.region,
    backupRetentionDays: config.app.database.backupRetentionDays,
    backupSelectionTag: backupSelectionTag(config),
    recoveryPointTags: tags,
  }, withAws);
  return { logKey, network, data };
}

/** The deploy runner (when configured) and the 443 rules admitting every deploy source to the API. */
function createDeployAccess(
  prefix: string, config: StackConfig, network: Network, cluster: Cluster, opts: pulumi.ComponentResourceOptions,
): DeployRunner | undefined {
  const runner = config.deploy.runner && new DeployRunner(`${prefix}-runner`, {
    runner: config.deploy.runner,
    vpcId: network.vpcId,
    subnetId: network.privateSubnetIds.apply((ids) => ids[0]),
  }, opts);
  const rules = apiIngressRules(config.deploy, runner?.securityGroupId);
  if (rules.length > 0) {
    new ApiAccess(`${prefix}-api-access`, { clusterSecurityGroupId: cluster.clusterSecurityGroupId, rules }, opts);
  }
  return runner;
}

/**
 * Calico, then the app: the app's NetworkPolicies wait for the engine, its pods for the policies.
 * `ready` is what the cluster needs first (EKS: the nodes, add-ons and StorageClasses).
 */
function createInClusterLayer(
  prefix: string, config: StackConfig, rendered: RenderedStack, k8sProvider: k8s.Provider, ready: readonly pulumi.Resource[],
): Application {
  const policyEngine = new PolicyEngine(`${prefix}-policy`, { config, rendered, k8sProvider, dependsOn: ready });
  return new Application(`${prefix}-app`, { rendered, k8sProvider, dependsOn: [...ready, ...policyEngine.ready] });
}

export = main;
