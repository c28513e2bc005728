// The few shapes every rule shares: how a rule is declared (name, why, config with defaults, the
// checks), how its findings reach CrossGuard, and what it does with values unknown at preview.
//
// Unknown values. During `pulumi preview` an input computed from another resource's output (an
// ARN, a subnet id) is unknown. @pulumi/policy hands rules a proxy that throws UnknownValueError
// when such a value is read, and turns that error into an ADVISORY "can't run policy during
// preview" diagnostic. Two ways to use that, chosen per rule (docs/policy-pack.md, "Unknown values"):
// - "defer": each check of a rule runs on its own; the violations of the checks that could read
//   their values are reported, then the first UnknownValueError is rethrown, so the preview shows
//   which value could not be checked. Resource rules run again during `pulumi up` on the resolved
//   inputs, before the resource is created or updated, so the check is deferred, never dropped.
// - "fail-closed": an unknown value is itself a violation. Used where the check would otherwise
//   come too late: stack rules run again only after `pulumi up` has applied the change.
import type { EnforcementLevel, PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { LEVELS, type RuleName } from "./levels";
import { isUnknownValueError } from "./unknowns";

export type Props = Record<string, unknown>;

/** One violation: what is wrong, and (stack rules) the resource it is about. */
export interface Finding {
  readonly message: string;
  readonly urn?: string;
}

/** The identity of a resource, as a rule names it in its messages. */
export interface ResourceRef {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
}

export type ResourceCheck<C> = (props: Props, config: C, resource: ResourceRef) => readonly string[];
export type StackCheck<C> = (resources: readonly PolicyResource[], config: C) => readonly Finding[];

interface RuleBase<C> {
  readonly name: RuleName;
  /** Why the rule exists: CrossGuard prints it beside every violation. */
  readonly description: string;
  /** The rule's own settings, with their defaults (also written into the config schema). */
  readonly defaults: C;
  readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceRule<C> extends RuleBase<C> {
  /** The Pulumi type tokens the rule reads; every other resource passes untouched. */
  readonly types: readonly string[];
  /** Independent checks: one whose values are unknown at preview does not hide another's violations. */
  readonly checks: readonly ResourceCheck<C>[];
}

export interface StackRule<C> extends RuleBase<C> {
  readonly checks: readonly StackCheck<C>[];
}

/** The rule's config: its defaults under what `pulumi policy enable --config` (or a config file) sets. */
export function configOf<C extends object>(defaults: C, getConfig: () => object): C {
  return { ...defaults, ...(getConfig() as Partial<C>) };
}

/** Runs every check, reports what they found, then rethrows the first unknown value (see "defer"). */
function runDeferring<T>(checks: readonly (() => readonly T[])[], report: (finding: T) => void): void {
  let unknown: Error | undefined;
  for (const check of checks) {
    try {
      check().forEach(report);
    } catch (error) {
      if (!isUnknownValueError(error)) throw error;
      unknown ??= error;
    }
  }
  if (unknown !== undefined) throw unknown;
}

function levelOf(name: RuleName): EnforcementLevel {
  return LEVELS[name];
}

export function resourcePolicy<C extends object>(rule: ResourceRule<C>): ResourceValidationPolicy {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: levelOf(rule.name),
    ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (!rule.types.includes(args.type)) return;
      const config = configOf(rule.defaults, () => args.getConfig());
      const resource = { type: args.type, name: args.name, urn: args.urn };
      runDeferring(rule.checks.map((check) => () => check(args.props, config, resource)), (message) => reportViolation(message));
    },
  };
}

export function stackPolicy<C extends object>(rule: StackRule<C>): StackValidationPolicy {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: levelOf(rule.name),
    ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const config = configOf(rule.defaults, () => args.getConfig());
      runDeferring(rule.checks.map((check) => () => check(args.resources, config)), (finding) => reportViolation(finding.message, finding.urn));
    },
  };
}

/**
 * "fail-closed": `read()`, or the violation saying which value was unknown and why that is refused
 * (the check would otherwise only run after `pulumi up` has applied the change).
 */
export function readOrRefuse<T>(what: string, read: () => T): { readonly value: T } | { readonly refused: string } {
  try {
    return { value: read() };
  } catch (error) {
    if (!isUnknownValueError(error)) throw error;
    return { refused: `${what}: ${error.message}; this rule cannot check it before the change is applied, so it refuses it (make the value known at preview, as rendered manifests are)` };
  }
}

/** `Kind namespace/name` (`Kind name` when cluster-scoped): how messages name a Kubernetes object. */
export function describeObject(kind: string, metadata: { readonly name?: unknown; readonly namespace?: unknown }): string {
  const name = String(metadata.name ?? "(unnamed)");
  return typeof metadata.namespace === "string" && metadata.namespace !== "" ? `${kind} ${metadata.namespace}/${name}` : `${kind} ${name}`;
}

export function isRecord(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asRecord(value: unknown): Props {
  return isRecord(value) ? value : {};
}
