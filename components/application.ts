// Application: applies the pure application objects (namespaces, NetworkPolicies, workloads) to
// the cluster, in an order that never lets a pod run unprotected:
//   namespaces -> NetworkPolicies (after `dependsOn`, e.g. the policy engine) -> workloads.
// The objects are exactly what `render` prints (renderStack); the only change is the database
// password: each placeholder becomes a @pulumi/random password, a secret output. Calico objects
// are the PolicyEngine component's job, not this one's.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { RenderedStack } from "../manifests";
import type { K8sObject } from "../manifests/k8s";
import { generatedSecretKeys } from "../manifests/workloads";
import { applyObject } from "./k8sObjects";

export interface ApplicationArgs {
  /** The stack's objects, from `renderStack(config)`: the same value the render CLI prints. */
  readonly rendered: RenderedStack;
  /** The cluster's Kubernetes provider; every child uses it. */
  readonly k8sProvider: k8s.Provider;
  /**
   * What must be in place before the NetworkPolicies (and so before any workload), e.g. the
   * PolicyEngine's `ready`: enforcement exists before the first pod starts. Default: nothing.
   */
  readonly dependsOn?: readonly pulumi.Resource[];
  /** Length of each generated password. Default: PASSWORD_LENGTH. */
  readonly passwordLength?: number;
}

/** 32 alphanumerics, about 190 bits; no symbols, so the password survives URLs and shell quoting. */
export const PASSWORD_LENGTH = 32;

export class Application extends pulumi.ComponentResource {
  readonly namespaces: readonly pulumi.CustomResource[];
  readonly networkPolicies: readonly pulumi.CustomResource[];
  readonly workloads: readonly pulumi.CustomResource[];
  /** Hostnames of the frontend load balancers (one per tenant), once AWS has assigned them. */
  readonly frontendHostnames: pulumi.Output<string[]>;

  constructor(name: string, args: ApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:app:Application", name, {}, opts);
    const { rendered } = args;
    const apply = (object: K8sObject, dependsOn: readonly pulumi.Resource[]) =>
      applyObject(resourceName(name, object), object, { parent: this, provider: args.k8sProvider, dependsOn: [...dependsOn] });
    this.namespaces = rendered.namespaces.map((o) => apply(o, []));
    this.networkPolicies = rendered.networkPolicies.map((o) => apply(o, [...this.namespaces, ...(args.dependsOn ?? [])]));
    const guarded = [...this.namespaces, ...this.networkPolicies];
    this.workloads = rendered.workloads.map((o) => apply(withGeneratedSecrets(name, o, args, this), guarded));
    this.frontendHostnames = loadBalancerHostnames(this.workloads);
    this.registerOutputs({
      namespaces: rendered.namespaces.map((o) => o.metadata.name),
      frontendHostnames: this.frontendHostnames,
    });
  }
}

export function resourceName(component: string, object: K8sObject): string {
  return [component, object.kind.toLowerCase(), object.metadata.namespace, object.metadata.name].filter(Boolean).join("-");
}

/** The Secret with every placeholder key replaced by a generated password (other objects unchanged). */
function withGeneratedSecrets(component: string, object: K8sObject, args: ApplicationArgs, parent: pulumi.Resource): K8sObject {
  const keys = generatedSecretKeys(object);
  if (keys.length === 0) return object;
  const generated: Record<string, pulumi.Output<string>> = {};
  for (const key of keys) {
    const password = new random.RandomPassword(`${resourceName(component, object)}-${key}`, {
      length: args.passwordLength ?? PASSWORD_LENGTH,
      special: false,
    }, { parent });
    generated[key] = password.result;
  }
  const stringData = { ...(object.stringData as Record<string, string> | undefined), ...generated };
  return { ...object, stringData };
}

function loadBalancerHostnames(workloads: readonly pulumi.CustomResource[]): pulumi.Output<string[]> {
  const services = workloads.filter((r): r is k8s.core.v1.Service => r instanceof k8s.core.v1.Service);
  const hostnames = services.map((service) =>
    pulumi.all([service.spec.type, service.status]).apply(([type, status]) =>
      type === "LoadBalancer" ? (status?.loadBalancer?.ingress ?? []).map((i) => i.hostname ?? i.ip ?? "") : [],
    ),
  );
  return pulumi.all(hostnames).apply((lists) => lists.flat().filter((h) => h.length > 0).sort());
}
