// LogKey: the customer-managed KMS key of the stack's CloudWatch log groups (EKS control-plane logs,
// VPC flow logs). Its key policy lets CloudWatch Logs of this region use it for exactly those
// groups, so the key can be created before any of them and encrypt each from its first event.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logsKeyPolicy } from "./iamDocuments";
import { dataProtection } from "./protection";

export interface LogKeyArgs {
  /** The log groups CloudWatch Logs may encrypt with the key (see naming.ts stackLogGroupNames). */
  readonly logGroupNames: readonly string[];
  /** `alias/<name>`, so operators find the key. */
  readonly aliasName: string;
  /** Production: protect and retain the key (see protection.ts). */
  readonly production: boolean;
}

export class LogKey extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;

  /** The key inherits the AWS provider (region, default tags) from `opts.providers`. */
  constructor(name: string, args: LogKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:logging:LogKey", name, {}, opts);
    const partition = aws.getPartitionOutput({}, { parent: this });
    const scope = pulumi.all([
      partition.partition,
      aws.getRegionOutput({}, { parent: this }).region,
      aws.getCallerIdentityOutput({}, { parent: this }).accountId,
    ]).apply(([p, region, account]) => ({ partition: p, region, account }));
    const key = new aws.kms.Key(`${name}-key`, {
      description: `CloudWatch Logs encryption: ${args.logGroupNames.join(", ")}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: pulumi.all([scope, partition.dnsSuffix]).apply(([s, dnsSuffix]) => logsKeyPolicy(s, dnsSuffix, args.logGroupNames)),
    }, { parent: this, ...dataProtection(args.production) });
    new aws.kms.Alias(`${name}-key-alias`, { name: args.aliasName, targetKeyId: key.keyId }, { parent: this });
    this.arn = key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
