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

export const MOCK_REGION = "eu-west-1";
/** Who runs `pulumi up` unless a test says otherwise: a session of a deploy role, as in CI. */
export const MOCK_CALLER_ARN = `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/pulumi-deploy/ci-session`;
/** Roles the mocked IAM knows under a path (every other role is at `/`), as getSessionContext reports them. */
export const MOCK_ROLE_PATHS: Readonly<Record<string, string>> = { "platform-admin": "/teams/platform/" };
/** What `aws.ssm.getParameter` answers for the AL2023 AMI parameters. */
export const MOCK_AMI = "ami-0mockal2023";

/** Answers the invokes the program makes; any other invoke fails the run. */
function mockInvoke(token: string): Props {
  switch (token) {
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getRegion:getRegion":
      return { id: MOCK_REGION, name: MOCK_REGION, region: MOCK_REGION, endpoint: `ec2.${MOCK_REGION}.amazonaws.com`, description: "mock" };
    case "aws:ssm/getParameter:getParameter":
      return { id: "ami-parameter", type: "String", value: MOCK_AMI, insecureValue: MOCK_AMI, version: 1 };
    default:
      throw new Error(`unexpected invoke ${token}`);
  }
}

/** The resource options a registration carried that the mock's `newResource` does not see. */
export interface RegisteredOptions {
  /** Package -> `urn::id` of each provider passed in `providers` (remote components get theirs this way). */
  readonly providers: Readonly<Record<string, string>>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

/** The slice of a RegisterResource request (and of the monitor) these options are read from. */
interface OptionsRequest {
  getType(): string;
  getName(): string;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getProvidersMap(): { forEach(callback: (value: string, key: string) => void): void };
}
interface OptionsMonitor {
  registerResource(request: OptionsRequest, callback: (...results: unknown[]) => void): void;
}

/**
 * A recorder that also keeps each invoke's arguments and provider (the shared one keeps only the
 * tokens) and the options of each registration (providers map, protect, retainOnDelete), and
 * answers the identity invokes, which depend on who is deploying.
 */
export class ProgramRecorder extends MockRecorder {
  readonly invokes: { readonly token: string; readonly args: Props; readonly provider: string | undefined }[] = [];
  private readonly registeredOptions = new Map<string, RegisteredOptions>();

  constructor(private readonly callerArn: string = MOCK_CALLER_ARN) {
    super({ outputs: mockOutputs, invoke: mockInvoke });
  }

  override call(args: pulumi.runtime.MockCallArgs): Props {
    this.invokes.push({ token: args.token, args: args.inputs as Props, provider: args.provider });
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        this.calls.push(args.token);
        return { id: MOCK_ACCOUNT, accountId: MOCK_ACCOUNT, arn: this.callerArn, userId: "AROAMOCK:ci-session" };
      case "aws:iam/getSessionContext:getSessionContext":
        this.calls.push(args.token);
        return sessionContext(String((args.inputs as Props).arn));
      default:
        return super.call(args);
    }
  }

  override recordDependencies(): void {
    super.recordDependencies();
    const monitor = pulumi.runtime.getMonitor() as unknown as OptionsMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
      const providers: Record<string, string> = {};
      request.getProvidersMap().forEach((ref, pkg) => { providers[pkg] = ref; });
      const options = { providers, protect: request.getProtect(), retainOnDelete: request.getRetainondelete() };
      this.registeredOptions.set(`${request.getType()}::${request.getName()}`, options);
      register(request, callback);
    };
  }

  /** The options the resource of this type and name was registered with. */
  optionsOf(type: string, name: string): RegisteredOptions {
    const options = this.registeredOptions.get(`${type}::${name}`);
    if (options === undefined) throw new Error(`no registration of ${type} ${name}`);
    return options;
  }
}

/** A recorder that answers like AWS and EKS would for the resources and invokes of index.ts. */
export function programRecorder(callerArn: string = MOCK_CALLER_ARN): ProgramRecorder {
  return new ProgramRecorder(callerArn);
}

/**
 * As the AWS provider answers: an assumed-role session ARN becomes its role's ARN (with the role's
 * path, which the provider looks up); any other ARN passes through as its own issuer.
 */
function sessionContext(arn: string): Props {
  const match = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (!match) return { id: arn, arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "" };
  const [, partition, account, role, sessionName] = match;
  const path = MOCK_ROLE_PATHS[role] ?? "/";
  const issuerArn = `arn:${partition}:iam::${account}:role${path}${role}`;
  return { id: arn, arn, issuerArn, issuerId: "AROAMOCK", issuerName: role, sessionName };
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
        clusterSecurityGroupId: mockClusterSecurityGroupId(String(inputs.name)),
        kubeconfig: { apiVersion: "v1", kind: "Config", clusters: [{ name: String(inputs.name) }] },
        kubeconfigJson: mockKubeconfig(String(inputs.name)),
        oidcProviderArn: MOCK_OIDC_PROVIDER_ARN,
        oidcIssuer: MOCK_OIDC_ISSUER,
        // A plain object stands in for the aws.eks.Cluster reference; the program reads `.name`.
        eksCluster: { name: inputs.name },
      };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${name}`, name };
    case "aws:iam/instanceProfile:InstanceProfile":
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:instance-profile/${name}`, name };
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

/** The security group EKS creates for a cluster (eks.Cluster's clusterSecurityGroupId). */
export function mockClusterSecurityGroupId(clusterName: string): string {
  return `sg-cluster-${clusterName}`;
}

export function mockKubeconfig(clusterName: string): string {
  return JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: clusterName }] });
}

export interface ProgramRun {
  readonly mocks: ProgramRecorder;
  /** What index.ts returned (Outputs, so tests can check secretness). */
  readonly program: Awaited<ReturnType<typeof main>>;
  /** The stack outputs as the engine would record them (resolved values). */
  readonly stackOutputs: Props;
}

/**
 * Runs index.ts once, as `pulumi up` (or `pulumi preview`) would, with `config` as the stack's config in
 * the `allConfig` format. Resets the runtime's config and mocks first and waits for every pending
 * registration afterwards, so no state leaks into the next run.
 */
export async function runProgram(
  stack: string, config: Record<string, string>, mode: "preview" | "update" = "update", callerArn = MOCK_CALLER_ARN,
): Promise<ProgramRun> {
  const mocks = new ProgramRecorder(callerArn);
  pulumi.runtime.setAllConfig(config);
  await installRecorder(mocks, stack, mode === "preview");
  let program: Awaited<ReturnType<typeof main>> | undefined;
  const restoreStackTraces = withoutSourceMappedStackTraces();
  try {
    const resolved = await pulumi.runtime.runInPulumiStack(async () => {
      program = await main();
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
 * Runs index.ts with `config` and returns the error it threw plus every resource registered
 * meanwhile (the stack resource is not created: the program runs bare).
 */
export async function runProgramExpectingFailure(
  stack: string, config: Record<string, string>, callerArn = MOCK_CALLER_ARN,
): Promise<{ error: unknown; mocks: ProgramRecorder }> {
  const mocks = new ProgramRecorder(callerArn);
  pulumi.runtime.setAllConfig(config);
  await installRecorder(mocks, stack);
  const restoreStackTraces = withoutSourceMappedStackTraces();
  let error: unknown;
  try {
    await main();
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
