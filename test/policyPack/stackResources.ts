// What CrossGuard sees of a stack: the real program's registrations under the shared Pulumi mocks
// (test/platform/harness.ts), plus the children the two REMOTE components register in a real
// preview, which the mocks cannot show (under mocks `eks:index:Cluster` and `awsx:ec2:Vpc` register
// no children). The children are derived from the component's recorded inputs exactly as the
// providers build them:
// - @pulumi/eks v4.3.0 nodejs/eks/cluster/cluster.ts (createCore): `aws:eks/cluster:Cluster` with
//   vpcConfig { subnetIds, endpointPrivateAccess, endpointPublicAccess, publicAccessCidrs },
//   enabledClusterLogTypes, encryptionConfig { provider: { keyArn }, resources: ["secrets"] },
//   accessConfig, upgradePolicy, deletionProtection;
// - @pulumi/awsx 3.9.0 awsx/ec2/vpc.ts: `aws:ec2/vpc:Vpc` { cidrBlock } and one
//   `aws:ec2/subnet:Subnet` per AZ and type { mapPublicIpOnLaunch: type is public, tags { ...spec
//   tags, SubnetType } }, with the ids the mocks hand out (subnet-public-0, subnet-private-0, ...).
// Stack policies receive each resource's outputs: for the awsx component those are the mocked ones.
import { revealSecrets, type Registration } from "../fixtures/pulumiMocks";
import { runProgram, runStackFile, stackFileConfig } from "../platform/harness";
import type { PackResource, Props } from "./crossguard";


function eksClusterChild(component: Registration): PackResource {
  const i = component.inputs;
  const publicAccess = i.endpointPublicAccess;
  return {
    type: "aws:eks/cluster:Cluster",
    name: `${component.name}-eksCluster`,
    props: {
      name: i.name,
      roleArn: `arn:aws:iam::123456789012:role/${component.name}-eksRole`,
      bootstrapSelfManagedAddons: i.bootstrapSelfManagedAddons ?? true,
      vpcConfig: {
        subnetIds: i.privateSubnetIds,
        endpointPrivateAccess: i.endpointPrivateAccess,
        endpointPublicAccess: publicAccess,
        ...(i.publicAccessCidrs !== undefined ? { publicAccessCidrs: i.publicAccessCidrs } : {}),
      },
      version: i.version,
      enabledClusterLogTypes: i.enabledClusterLogTypes,
      ...(i.encryptionConfigKeyArn !== undefined ? { encryptionConfig: { provider: { keyArn: i.encryptionConfigKeyArn }, resources: ["secrets"] } } : {}),
      ...(i.authenticationMode !== undefined ? { accessConfig: { authenticationMode: i.authenticationMode, bootstrapClusterCreatorAdminPermissions: true } } : {}),
      upgradePolicy: i.upgradePolicy,
      deletionProtection: i.deletionProtection,
    },
  };
}

function awsxChildren(component: Registration): PackResource[] {
  const i = component.inputs;
  const zones = Number(i.numberOfAvailabilityZones);
  const specs = (i.subnetSpecs as { type: string; tags?: Record<string, string> }[]) ?? [];
  const subnets = specs.flatMap((spec) => Array.from({ length: zones }, (_, zone): PackResource => {
    const type = spec.type.toLowerCase();
    return {
      type: "aws:ec2/subnet:Subnet",
      name: `${component.name}-${type}-${zone + 1}`,
      props: { id: `subnet-${type}-${zone}`, vpcId: `vpc-${component.name}`, mapPublicIpOnLaunch: type === "public", tags: { ...spec.tags, SubnetType: spec.type } },
    };
  }));
  return [{ type: "aws:ec2/vpc:Vpc", name: component.name, props: { id: `vpc-${component.name}`, cidrBlock: i.cidrBlock } }, ...subnets];
}

/** The awsx component's outputs as the mocks return them (test/platform/harness.ts mockOutputs). */
function withVpcOutputs(component: Registration): Props {
  const zones = Number(component.inputs.numberOfAvailabilityZones);
  const ids = (kind: string) => Array.from({ length: zones }, (_, i) => `subnet-${kind}-${i}`);
  return { ...component.inputs, vpcId: `vpc-${component.name}`, publicSubnetIds: ids("public"), privateSubnetIds: ids("private") };
}

function asResource(r: Registration): PackResource[] {
  const props = revealSecrets(r.inputs) as Props;
  if (r.type === "eks:index:Cluster") return [{ type: r.type, name: r.name, urn: r.urn, props }, eksClusterChild(r)];
  if (r.type === "awsx:ec2:Vpc") return [{ type: r.type, name: r.name, urn: r.urn, props: withVpcOutputs(r) }, ...awsxChildren(r)];
  return [{ type: r.type, name: r.name, urn: r.urn, props }];
}

/** Every resource of the stack file's program run, as CrossGuard would see it in a real preview. */
export async function stackResources(stack: string): Promise<PackResource[]> {
  const run = await runStackFile(stack);
  return run.mocks.registrations.flatMap(asResource);
}

/** The platform phase of a stack file (deployPhase: platform): the AWS side only, as its first `pulumi up` registers it. */
export async function platformPhaseResources(stack: string): Promise<PackResource[]> {
  const run = await runProgram(stack, { ...stackFileConfig(stack), "zero-trust-eks:deployPhase": "platform" });
  return run.mocks.registrations.flatMap(asResource);
}

/** A deep copy, so a test can weaken one resource without touching the shared run. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function findResource(resources: readonly PackResource[], type: string, predicate: (r: PackResource) => boolean = () => true): PackResource {
  const found = resources.filter((r) => r.type === type && predicate(r));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** A Kubernetes resource by `namespace/name` (or `name` when cluster-scoped). */
export function k8sResource(resources: readonly PackResource[], type: string, id: string): PackResource {
  return findResource(resources, type, (r) => {
    const metadata = (r.props.metadata ?? {}) as { name?: string; namespace?: string };
    return (metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name) === id;
  });
}
