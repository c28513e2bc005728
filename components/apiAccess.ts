// ApiAccess: the deploy sources admitted to the private Kubernetes API, as TCP 443 ingress rules on
// the security group EKS created for the cluster (it sits on the control plane's network interfaces
// and, for managed node groups, on the nodes). By default it admits only itself: this is how a runner
// or a connected network gets in (EKS user guide, "Accessing a private only API server").

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ApiIngressRule, KUBERNETES_API_PORT } from "./deployAccessSpec";

export interface ApiAccessArgs {
  /** The EKS-created cluster security group (Cluster.clusterSecurityGroupId). */
  readonly clusterSecurityGroupId: pulumi.Input<string>;
  /** From `apiIngressRules(config.deploy, runner?.securityGroupId)`. */
  readonly rules: readonly ApiIngressRule<pulumi.Input<string>>[];
}

export class ApiAccess extends pulumi.ComponentResource {
  readonly ruleIds: pulumi.Output<string>[];

  /** AWS children inherit the AWS provider (region, default tags) from `opts.providers`. */
  constructor(name: string, args: ApiAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:deploy:ApiAccess", name, {}, opts);
    this.ruleIds = args.rules.map((rule) => new aws.vpc.SecurityGroupIngressRule(`${name}-${rule.key}`, {
      securityGroupId: args.clusterSecurityGroupId,
      description: rule.description,
      ipProtocol: "tcp",
      fromPort: KUBERNETES_API_PORT,
      toPort: KUBERNETES_API_PORT,
      ...(rule.source.kind === "cidr" ? { cidrIpv4: rule.source.cidrIpv4 } : { referencedSecurityGroupId: rule.source.securityGroupId }),
    }, { parent: this }).id);
    this.registerOutputs({ ruleIds: this.ruleIds });
  }
}
