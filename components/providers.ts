// The AWS provider for multi-language (remote) components. A custom resource inherits its
// parent's providers in the SDK, but a remote component (awsx.ec2.Vpc, eks.Cluster) is constructed
// by its own plugin from the providers named in its own options; depending on the engine version,
// a parent's providers may not reach it, and its AWS resources would then silently use the
// default provider (another region, no default tags). So they are passed explicitly.

import * as pulumi from "@pulumi/pulumi";

/** The AWS provider `component` received through `opts.providers`, as remote-component options. */
export function explicitAwsProvider(component: pulumi.ComponentResource): { providers: { aws: pulumi.ProviderResource } } {
  const aws = component.getProvider("aws:index:Provider");
  if (aws === undefined) {
    throw new Error(`${component.constructor.name} needs the AWS provider in opts.providers (see index.ts)`);
  }
  return { providers: { aws } };
}
