// Pure rules of the kind path (index.ts deployKind; docs/local.md): the AWS provider settings that
// send the LocalStack preview's calls to LocalStack, and how to reach each tenant's frontend.
// No @pulumi import; unit-tested.
import type { Topology } from "../topology";

/**
 * The AWS APIs the LocalStack preview calls (all in LocalStack's community services): EC2 for the
 * VPC, subnets, NAT gateways and flow logs; KMS for the logs key; CloudWatch Logs for the flow-log
 * group; IAM for the flow-log role; STS for the caller's account.
 */
export const LOCALSTACK_SERVICES = ["ec2", "iam", "kms", "logs", "sts"] as const;

/**
 * LocalStack's documented placeholder credentials: it ignores the secret, and an access key id
 * that is not an AWS one maps to its default account 000000000000. Never a real credential.
 */
export const LOCALSTACK_CREDENTIALS = { accessKey: "test", secretKey: "test" } as const;

/** The AWS provider arguments of the LocalStack preview (a subset of aws.ProviderArgs). */
export interface LocalStackProviderArgs {
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** One entry: every service of LOCALSTACK_SERVICES at LocalStack's URL. */
  readonly endpoints: Record<(typeof LOCALSTACK_SERVICES)[number], string>[];
  /** No STS call to check the placeholder credentials against AWS. */
  readonly skipCredentialsValidation: true;
  /** No call to find the account id (LocalStack answers for its own). */
  readonly skipRequestingAccountId: true;
  /** No EC2 instance metadata lookup for credentials or region. */
  readonly skipMetadataApiCheck: true;
  readonly defaultTags: { readonly tags: Readonly<Record<string, string>> };
}

/**
 * Every call of the listed services goes to `endpoint`; nothing else is configured, so a service
 * the program does not list would fail against AWS with the placeholder credentials rather than
 * reach a real account. `s3UsePathStyle` is left alone: the preview creates no bucket.
 */
export function localstackProviderArgs(region: string, endpoint: string, tags: Readonly<Record<string, string>>): LocalStackProviderArgs {
  const url = endpoint.replace(/\/$/, "");
  const endpoints = Object.fromEntries(LOCALSTACK_SERVICES.map((service) => [service, url])) as Record<(typeof LOCALSTACK_SERVICES)[number], string>;
  return {
    region,
    ...LOCALSTACK_CREDENTIALS,
    endpoints: [endpoints],
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    defaultTags: { tags: { ...tags } },
  };
}

/**
 * How to reach each tenant's frontend on kind (no load balancer: a ClusterIP Service), as a
 * command: kubectl forwards a local port to the Service's port. Port-forwarded traffic enters the
 * pod through the kubelet, not the pod network, so no NetworkPolicy applies to it.
 */
export function frontendPortForwards(topology: Topology, kubeContext: string): string[] {
  return topology.workloads
    .filter((workload) => workload.tier === "frontend")
    .map((workload) => {
      const port = workload.ports[0]?.port ?? 0;
      return `kubectl --context ${kubeContext} -n ${workload.namespace} port-forward svc/${workload.name} ${port}:${port}`;
    });
}
