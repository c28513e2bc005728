// PolicyEngine: the network-policy enforcement layer of the cluster.
//   calico  -> the tigera-operator Namespace, the tigera-operator chart (EKS policy-only mode beside
//              the VPC CNI), then the Calico objects (APIServer, Tier, GlobalNetworkPolicies).
//   vpc-cni -> nothing here: EKS native network policy is the vpc-cni add-on's flag, set by the
//              Cluster component.
// Everything it applies comes from renderStack (calicoNamespaces, calicoCharts, calicoPolicies),
// so what `render` prints is exactly what this applies.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyEngine as PolicyEngineName, StackConfig } from "../config/types";
import type { HelmChart, RenderedStack } from "../manifests";
import type { K8sObject } from "../manifests/k8s";
import { applyObject } from "./k8sObjects";

export interface PolicyEngineArgs {
  /** The validated stack config: `policy.engine` names the engine. */
  readonly config: StackConfig;
  /**
   * The stack's rendered objects, from `renderStack(config)`; this component applies the Calico
   * groups (empty unless the engine is calico), exactly what `render` prints.
   */
  readonly rendered: Pick<RenderedStack, "calicoNamespaces" | "calicoCharts" | "calicoPolicies">;
  /** The cluster's Kubernetes provider; every child uses it. */
  readonly k8sProvider: k8s.Provider;
  /** What must exist before anything here is applied (e.g. the node group). Default: nothing. */
  readonly dependsOn?: readonly pulumi.Resource[];
}

export class PolicyEngine extends pulumi.ComponentResource {
  readonly engine: PolicyEngineName;
  /**
   * Wait on these (`dependsOn: engine.ready`) before relying on enforcement: the chart and every
   * Calico object under `calico`; empty under `vpc-cni` (the cluster's add-on is the engine).
   */
  readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: PolicyEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:policy:PolicyEngine", name, {}, opts);
    this.engine = args.config.policy.engine;
    this.ready = installCalico(name, args, this);
    this.registerOutputs({ engine: this.engine });
  }
}

/** Namespaces, then the charts (after them), then the Calico objects (after the charts). */
function installCalico(name: string, args: PolicyEngineArgs, parent: PolicyEngine): pulumi.Resource[] {
  const { rendered } = args;
  const provider = args.k8sProvider;
  const namespaces = rendered.calicoNamespaces.map((object) =>
    applyObject(`${name}-${object.metadata.name}-ns`, object, { parent, provider, dependsOn: [...(args.dependsOn ?? [])] }));
  const releases = rendered.calicoCharts.map((chart) =>
    new k8s.helm.v3.Release(`${name}-${chart.chart}`, releaseArgs(chart), { parent, provider, dependsOn: namespaces }));
  const applied = applyCalicoObjects(name, rendered.calicoPolicies, releases, parent, provider);
  return [...releases, ...applied];
}

/**
 * helm.v3.Release (not v4.Chart): helm installs the chart's crds/ before its templates and the
 * release waits for them, so the operator's kinds exist when the Calico objects go in. `atomic`:
 * a failed install is rolled back. The namespace is the stack's own object, never helm's.
 */
function releaseArgs(chart: HelmChart): k8s.helm.v3.ReleaseArgs {
  return {
    name: chart.release,
    chart: chart.chart,
    version: chart.version,
    repositoryOpts: { repo: chart.repo },
    namespace: chart.namespace,
    createNamespace: false,
    atomic: true,
    values: { ...chart.values },
  };
}

const CALICO_V3 = "projectcalico.org/v3";

/**
 * Every object after the charts; projectcalico.org/v3 objects also after the objects that serve
 * their API (the operator's APIServer, applied earlier in the list); a tiered policy after its Tier.
 */
function applyCalicoObjects(
  name: string,
  objects: readonly K8sObject[],
  releases: readonly k8s.helm.v3.Release[],
  parent: PolicyEngine,
  provider: k8s.Provider,
): pulumi.CustomResource[] {
  const tiers = new Map<string, pulumi.CustomResource>();
  const operatorObjects: pulumi.CustomResource[] = [];
  return objects.map((object) => {
    const tier = tierOf(object);
    const tierResource = tier === undefined ? undefined : tiers.get(tier);
    const servedBy = object.apiVersion === CALICO_V3 ? operatorObjects : [];
    const resource = applyObject(`${name}-${object.kind.toLowerCase()}-${object.metadata.name}`, object, {
      parent,
      provider,
      dependsOn: [...releases, ...servedBy, ...(tierResource ? [tierResource] : [])],
    });
    if (object.kind === "Tier") tiers.set(object.metadata.name, resource);
    if (object.apiVersion !== CALICO_V3) operatorObjects.push(resource);
    return resource;
  });
}

function tierOf(object: K8sObject): string | undefined {
  const spec = object.spec;
  if (typeof spec !== "object" || spec === null || !("tier" in spec)) return undefined;
  return typeof spec.tier === "string" ? spec.tier : undefined;
}
