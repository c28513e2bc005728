// Calls the pack's policies the way CrossGuard does (@pulumi/policy 1.21 server.js): resource
// policies once per resource with ResourceValidationArgs, stack policies once with every resource
// as StackValidationArgs; props behind the SDK's unknown-checking proxy; the level from the pack
// config over the policy's own; an UnknownValueError becomes the SDK's advisory "can't run policy
// during preview". Never imports the pack's index.ts (that starts a gRPC server).
import type { EnforcementLevel, Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as sdk from "@pulumi/policy";
import { policies } from "../../policy-pack/rules";
import { isUnknownValueError } from "../../policy-pack/rules/unknowns";

export type Props = Record<string, unknown>;

/** A resource as the engine hands it to the pack. */
export interface PackResource {
  readonly type: string;
  readonly name: string;
  readonly props: Props;
  readonly urn?: string;
}

export interface Diagnostic {
  readonly policy: string;
  readonly level: EnforcementLevel;
  readonly message: string;
  /** The resource the violation is about (resource policies: always the validated one). */
  readonly urn?: string;
}

/** Pack config as `--policy-pack-config` takes it: a level, or `{ enforcementLevel?, ...rule config }`, per rule. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

const proxy = (sdk as unknown as { unknownCheckingProxy: <T>(value: T) => T }).unknownCheckingProxy;

/** The SDK's sentinels for unknown values, as the engine marshals them during preview. */
export const UNKNOWN = require("@pulumi/policy/proxy") as { unknownStringValue: string; unknownArrayValue: string; unknownObjectValue: string; unknownBooleanValue: string };

export function urnOf(resource: PackResource): string {
  return resource.urn ?? `urn:pulumi:test::zero-trust-eks::${resource.type}::${resource.name}`;
}

function levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, config: PackConfig): EnforcementLevel {
  const entry = config[policy.name];
  const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
  return configured ?? policy.enforcementLevel ?? "advisory";
}

function ruleConfig(name: string, config: PackConfig): () => object {
  return () => {
    const entry = config[name];
    if (entry === undefined || typeof entry === "string") return {};
    const { enforcementLevel: _level, ...rest } = entry;
    return rest;
  };
}

function notApplicable(): never {
  throw new Error("notApplicable is not used by this pack");
}

async function runOne(name: string, level: EnforcementLevel, run: (report: (message: string, urn?: string) => void) => Promise<void> | void, defaultUrn?: string): Promise<Diagnostic[]> {
  const found: Diagnostic[] = [];
  const report = (message: string, urn?: string) => found.push({ policy: name, level, message, ...(urn ?? defaultUrn ? { urn: urn ?? defaultUrn } : {}) });
  try {
    await run(report);
  } catch (error) {
    if (!isUnknownValueError(error)) throw error;
    found.push({ policy: name, level: "advisory", message: `can't run policy '${name}' during preview: ${error.message}` });
  }
  return found;
}

export async function validateResource(policy: ResourceValidationPolicy, resource: PackResource, config: PackConfig = {}): Promise<Diagnostic[]> {
  const level = levelOf(policy, config);
  if (level === "disabled" || policy.validateResource === undefined) return [];
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  const urn = urnOf(resource);
  const results = await Promise.all(validations.map((validate) => runOne(policy.name, level, (report) => validate({
    type: resource.type, name: resource.name, urn, props: proxy(resource.props),
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map(), isType: () => false, asType: () => undefined, getConfig: ruleConfig(policy.name, config) as never, notApplicable,
  }, (message) => report(message)), urn)));
  return results.flat();
}

export function policyResources(resources: readonly PackResource[]): PolicyResource[] {
  return resources.map((r) => ({
    type: r.type, name: r.name, urn: urnOf(r), props: proxy(r.props),
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined,
  }));
}

export async function validateStack(policy: StackValidationPolicy, resources: readonly PackResource[], config: PackConfig = {}): Promise<Diagnostic[]> {
  const level = levelOf(policy, config);
  if (level === "disabled") return [];
  return runOne(policy.name, level, (report) => policy.validateStack({
    resources: policyResources(resources), stackTags: new Map(), getConfig: ruleConfig(policy.name, config) as never, notApplicable,
  }, report));
}

function isStackPolicy(policy: Policies[number]): policy is StackValidationPolicy {
  return "validateStack" in policy;
}

/** The whole pack over a stack: every resource policy on every resource, then every stack policy. */
export async function runPack(resources: readonly PackResource[], config: PackConfig = {}): Promise<Diagnostic[]> {
  const all = policies();
  const found: Diagnostic[] = [];
  for (const policy of all) {
    if (isStackPolicy(policy)) found.push(...(await validateStack(policy, resources, config)));
    else for (const resource of resources) found.push(...(await validateResource(policy, resource, config)));
  }
  return found;
}

export function policyNamed(name: string): Policies[number] {
  const found = policies().find((p) => p.name === name);
  if (found === undefined) throw new Error(`no policy named ${name}`);
  return found;
}

/** `policy: message` lines, sorted, for exact comparisons. */
export function lines(diagnostics: readonly Diagnostic[], level?: EnforcementLevel): string[] {
  return diagnostics.filter((d) => level === undefined || d.level === level).map((d) => `${d.policy}: ${d.message}`).sort();
}
