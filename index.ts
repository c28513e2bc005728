// The Pulumi program, wiring only. Config is parsed and validated before anything is registered:
// an invalid stack config fails with every problem listed by key and no resource created.
// Exported as a function (`export =`): Pulumi calls it and records what it returns as the stack
// outputs, and the mocked tests run exactly this function once per stack file.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Application } from "./components/application";
import { Cluster } from "./components/cluster";
import { DataProtection } from "./components/dataProtection";
import { clusterPhysicalName, resourcePrefix, stackTags } from "./components/naming";
import { Network } from "./components/network";
import { PolicyEngine } from "./components/policyEngine";
import { ConfigError, fromPulumiAllConfig, type StackConfig } from "./config";
import { renderStack } from "./manifests";
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

function main() {
  const config = loadConfig();
  const prefix = resourcePrefix(config);
  const tags = stackTags(config);
  // Every AWS resource below inherits this provider: one region, and the stack tags on everything.
  const awsProvider = new aws.Provider(`${prefix}-aws`, { region: config.region, defaultTags: { tags: { ...tags } } });
  const withAws = { providers: { aws: awsProvider } };

  // In-cluster objects are exactly what `npm run render` prints for this stack.
  const rendered = renderStack(config);
  const network = new Network(prefix, { network: config.network }, withAws);
  // Before the cluster: its StorageClasses name this key, and its EBS CSI driver role is granted it.
  const data = new DataProtection(`${prefix}-data`, {
    namePrefix: prefix,
    production: config.production,
    region: config.region,
    backupRetentionDays: config.app.database.backupRetentionDays,
    backupSelectionTag: backupSelectionTag(config),
    recoveryPointTags: tags,
  }, withAws);
  const cluster = new Cluster(prefix, {
    clusterName: clusterPhysicalName(config),
    cluster: config.cluster,
    policyEngine: config.policy.engine,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    tags,
    deletionProtection: config.production,
    // What render prints, with the key's ARN in place of its placeholder (the one deploy-time value).
    storageClasses: rendered.storageClasses.map((o) => withVolumeKmsKey(o, data.volumeKeyArn)),
    volumeKmsKeyArn: data.volumeKeyArn,
  }, withAws);

  const policyEngine = new PolicyEngine(`${prefix}-policy`, {
    config,
    rendered,
    k8sProvider: cluster.k8sProvider,
    dependsOn: cluster.ready,
  });
  // Enforcement first: the app's NetworkPolicies wait for the engine, its pods for the policies.
  const app = new Application(`${prefix}-app`, {
    rendered,
    k8sProvider: cluster.k8sProvider,
    dependsOn: [...cluster.ready, ...policyEngine.ready],
  });

  return {
    clusterName: cluster.clusterName,
    kubeconfig: pulumi.secret(cluster.kubeconfig),
    vpcId: network.vpcId,
    oidcProviderArn: cluster.oidcProviderArn,
    frontendHostnames: app.frontendHostnames,
    backupVaultName: data.backupVaultName,
    backupRoleArn: data.backupRoleArn,
    volumeKmsKeyArn: data.volumeKeyArn,
  };
}

export = main;
