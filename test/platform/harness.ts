// Runs the real Pulumi program (index.ts) under the shared MockRecorder, answering like AWS and EKS
// would, so tests can assert on what `pulumi up` would ask the providers for.
//
// Remote components (awsx.ec2.Vpc, eks.Cluster) register as one resource with no children under
// mocks; their outputs are whatever these mocks return, so the mocks return every output the
// program reads (an output the mock leaves out would resolve to undefined, and in preview never).

import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import main = require("../../index");
import { installRecorder, MockRecorder, type Props } from "../fixtures/pulumiMocks";

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_OIDC_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
export const MOCK_OIDC_PROVIDER_ARN = `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${MOCK_OIDC_ISSUER}`;

/** What `aws.eks.getAddonVersion` answers here, for every add-on. */
export const MOCK_ADDON_VERSION = "v0.0.0-eksbuild.mock";

/** Answers the invokes the program makes; any other invoke fails the run. */
function mockInvoke(token: string): Props {
  switch (token) {
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:eks/getAddonVersion:getAddonVersion":
      return { id: MOCK_ADDON_VERSION, addonName: "mock", kubernetesVersion: "mock", version: MOCK_ADDON_VERSION };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { id: MOCK_ACCOUNT, accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/ci`, userId: "AIDAMOCK" };
    default:
      throw new Error(`unexpected invoke ${token}`);
  }
}

/** A recorder that also keeps each invoke's arguments (the shared one keeps only the tokens). */
export class ProgramRecorder extends MockRecorder {
  readonly invokes: { readonly token: string; readonly args: Props }[] = [];

  override call(args: pulumi.runtime.MockCallArgs): Props {
    this.invokes.push({ token: args.token, args: args.inputs as Props });
    return super.call(args);
  }
}

/** A recorder that answers like AWS and EKS would for the resources and invokes of index.ts. */
function programRecorder(): ProgramRecorder {
  return new ProgramRecorder({ outputs: mockOutputs, invoke: mockInvoke });
}

/** The outputs a provider would compute, for the types whose outputs the program reads. */
function mockOutputs(type: string, name: string, inputs: Props): Props {
  const arn = `arn:aws:mock:eu-west-1:${MOCK_ACCOUNT}:${type}/${name}`;
  switch (type) {
    case "awsx:ec2:Vpc": {
      const zones = Number(inputs.numberOfAvailabilityZones);
      const ids = (kind: string) => Array.from({ length: zones }, (_, i) => `subnet-${kind}-${i}`);
      return { vpcId: `vpc-${name}`, publicSubnetIds: ids("public"), privateSubnetIds: ids("private") };
    }
    case "eks:index:Cluster":
      return {
        kubeconfig: { apiVersion: "v1", kind: "Config", clusters: [{ name: String(inputs.name) }] },
        kubeconfigJson: mockKubeconfig(String(inputs.name)),
        oidcProviderArn: MOCK_OIDC_PROVIDER_ARN,
        oidcIssuer: MOCK_OIDC_ISSUER,
        // A plain object stands in for the aws.eks.Cluster reference; the program reads `.name`.
        eksCluster: { name: inputs.name },
      };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${name}`, name };
    case "aws:kms/key:Key":
      return { arn: `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/${name}`, keyId: `${name}-key-id` };
    case "random:index/randomPassword:RandomPassword":
      return { result: `mock-password-${name}` };
    case "kubernetes:core/v1:Service":
      return { status: { loadBalancer: { ingress: serviceIngress(name, inputs) } } };
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return { arn, latestVersion: 1 };
    default:
      return { arn };
  }
}

/** What AWS reports for a LoadBalancer Service: one NLB hostname (derived from the resource name). */
export function mockLoadBalancerHostname(resourceName: string): string {
  return `${resourceName}.elb.eu-west-1.amazonaws.com`;
}

function serviceIngress(name: string, inputs: Props): { hostname: string }[] {
  const spec = inputs.spec as { type?: string } | undefined;
  return spec?.type === "LoadBalancer" ? [{ hostname: mockLoadBalancerHostname(name) }] : [];
}

export function mockKubeconfig(clusterName: string): string {
  return JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: clusterName }] });
}

export interface ProgramRun {
  readonly mocks: ProgramRecorder;
  /** What index.ts returned (Outputs, so tests can check secretness). */
  readonly program: ReturnType<typeof main>;
  /** The stack outputs as the engine would record them (resolved values). */
  readonly stackOutputs: Props;
}

/**
 * Runs index.ts once, as `pulumi up` (or `pulumi preview`) would, with `config` as the stack's config in
 * the `allConfig` format. Resets the runtime's config and mocks first and waits for every pending
 * registration afterwards, so no state leaks into the next run.
 */
export async function runProgram(stack: string, config: Record<string, string>, mode: "preview" | "update" = "update"): Promise<ProgramRun> {
  const mocks = programRecorder();
  pulumi.runtime.setAllConfig(config);
  await installRecorder(mocks, stack, mode === "preview");
  let program: ReturnType<typeof main> | undefined;
  const restoreStackTraces = withoutSourceMappedStackTraces();
  try {
    const resolved = await pulumi.runtime.runInPulumiStack(async () => {
      program = main();
      return program;
    });
    if (program === undefined || resolved === undefined) throw new Error("the program returned no outputs");
    return { mocks, program, stackOutputs: resolved };
  } finally {
    await pulumi.runtime.disconnect();
    restoreStackTraces();
  }
}

/**
 * Pulumi reads `new Error().stack` in every resource constructor (to record its source position),
 * and ts-node's source-map hook makes each read cost ~150 ms here. Plain V8 stack traces make a
 * program run ten times faster; the hook is restored afterwards.
 */
function withoutSourceMappedStackTraces(): () => void {
  const hook = Error.prepareStackTrace;
  Reflect.deleteProperty(Error, "prepareStackTrace");
  return () => {
    if (hook !== undefined) Error.prepareStackTrace = hook;
  };
}

/**
 * Runs index.ts with `config` and returns the error it threw synchronously plus every resource
 * registered meanwhile (the stack resource is not created: the program runs bare).
 */
export async function runProgramExpectingFailure(stack: string, config: Record<string, string>): Promise<{ error: unknown; mocks: ProgramRecorder }> {
  const mocks = programRecorder();
  pulumi.runtime.setAllConfig(config);
  await installRecorder(mocks, stack);
  const restoreStackTraces = withoutSourceMappedStackTraces();
  let error: unknown;
  try {
    main();
  } catch (e) {
    error = e;
  } finally {
    await pulumi.runtime.disconnect();
    restoreStackTraces();
  }
  return { error, mocks };
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A stack file's `config:` map, as `pulumi.runtime.allConfig()` would hand it to the program. */
export function stackFileConfig(stack: string): Record<string, string> {
  const text = fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");
  const document = YAML.parse(text) as { config?: Record<string, unknown> } | null;
  return toAllConfig(document?.config ?? {});
}

/** Pulumi passes strings as-is and every other value (numbers, booleans, lists) JSON-encoded. */
export function toAllConfig(config: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(config).sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries.map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

const stackFileRuns = new Map<string, Promise<ProgramRun>>();
// Shared within one mocha run only: a run in the same process (Stryker's mocha runner re-runs the
// suite with another mutant active) must not see a program run made under the previous one.
before(() => stackFileRuns.clear());

/** Runs the program once per stack file and shares the result between test files. */
export function runStackFile(stack: string): Promise<ProgramRun> {
  let run = stackFileRuns.get(stack);
  if (run === undefined) {
    run = runProgram(stack, stackFileConfig(stack));
    stackFileRuns.set(stack, run);
  }
  return run;
}
