// PolicyEngine: the network-policy enforcement layer of the cluster.
//   calico  -> the tigera-operator Namespace and the aws-node pod-IP RBAC, the tigera-operator chart
//              (the operator and its CRDs only), then the operator's Installation (EKS policy-only
//              mode beside the VPC CNI) awaited until Ready, the APIServer, and the Calico objects.
//   vpc-cni -> nothing here: EKS native network policy is the vpc-cni add-on's flag, set by the
//              Cluster component.
// Everything it applies comes from renderStack (calicoNamespaces, calicoRbac, calicoCharts,
// calicoPolicies), so what `render` prints is exactly what this applies.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyEngine as PolicyEngineName, StackConfig } from "../config/types";
import type { HelmChart, RenderedStack } from "../manifests";
import { OPERATOR_READY_TIMEOUT_MINUTES, PULUMI_WAIT_FOR } from "../manifests/calico";
import type { K8sObject } from "../manifests/k8s";
import { applyObject } from "./k8sObjects";

export interface PolicyEngineArgs {
  /** The validated stack config: `policy.engine` names the engine. */
  readonly config: StackConfig;
  /**
   * The stack's rendered objects, from `renderStack(config)`; this component applies the Calico
   * groups (empty unless the engine is calico), exactly what `render` prints.
   */
  readonly rendered: Pick<RenderedStack, "calicoNamespaces" | "calicoRbac" | "calicoCharts" | "calicoPolicies">;
  /** The cluster's Kubernetes provider; every child uses it. */
  readonly k8sProvider: k8s.Provider;
  /** What must exist before anything here is applied (e.g. the node group). Default: nothing. */
  readonly dependsOn?: readonly pulumi.Resource[];
}

export class PolicyEngine extends pulumi.ComponentResource {
  readonly engine: PolicyEngineName;
  /**
   * Wait on these (`dependsOn: engine.ready`) before relying on enforcement: under `calico`, the
   * aws-node RBAC, the chart and every Calico object, among them the Installation, which Pulumi
   * only counts as created once the operator reports it Ready (calico-node running on every
   * node); empty under `vpc-cni` (the cluster's add-on is the engine).
   */
  readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: PolicyEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("zero-trust-eks:policy:PolicyEngine", name, {}, opts);
    this.engine = args.config.policy.engine;
    this.ready = installCalico(name, args, this);
    this.registerOutputs({ engine: this.engine });
  }
}

/** Namespaces and RBAC, then the charts (after them), then the Calico objects (after the charts). */
function installCalico(name: string, args: PolicyEngineArgs, parent: PolicyEngine): pulumi.Resource[] {
  const { rendered } = args;
  const provider = args.k8sProvider;
  const first = { parent, provider, dependsOn: [...(args.dependsOn ?? [])] };
  const namespaces = rendered.calicoNamespaces.map((object) => applyObject(`${name}-${object.metadata.name}-ns`, object, first));
  const rbac = rendered.calicoRbac.map((object) => applyObject(`${name}-${object.kind.toLowerCase()}-${object.metadata.name}`, object, first));
  const releases = rendered.calicoCharts.map((chart) =>
    new k8s.helm.v3.Release(`${name}-${chart.chart}`, releaseArgs(chart), { parent, provider, dependsOn: [...namespaces, ...rbac] }));
  const applied = applyCalicoObjects(name, rendered.calicoPolicies, releases, parent, provider);
  return [...rbac, ...releases, ...applied];
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
const OPERATOR_V1 = "operator.tigera.io/v1";

/**
 * Every object after the charts. The other operator objects (APIServer) after the Installation:
 * the operator serves nothing before Calico itself is Ready. projectcalico.org/v3 objects after
 * every operator object (the APIServer serves their API); a tiered policy after its Tier.
 */
function applyCalicoObjects(
  name: string,
  objects: readonly K8sObject[],
  releases: readonly k8s.helm.v3.Release[],
  parent: PolicyEngine,
  provider: k8s.Provider,
): pulumi.CustomResource[] {
  const tiers = new Map<string, pulumi.CustomResource>();
  const earlier: Earlier = { installations: [], operatorObjects: [] };
  return objects.map((object) => {
    const tier = tierOf(object);
    const tierResource = tier === undefined ? undefined : tiers.get(tier);
    const resource = applyObject(`${name}-${object.kind.toLowerCase()}-${object.metadata.name}`, object, {
      parent,
      provider,
      dependsOn: [...releases, ...prerequisitesOf(object, earlier), ...(tierResource ? [tierResource] : [])],
      customTimeouts: awaitTimeouts(object),
    });
    if (object.kind === "Tier") tiers.set(object.metadata.name, resource);
    if (object.apiVersion === OPERATOR_V1) earlier.operatorObjects.push(resource);
    if (isInstallation(object)) earlier.installations.push(resource);
    return resource;
  });
}

/** The operator objects registered so far, in apply order. */
interface Earlier {
  readonly installations: pulumi.CustomResource[];
  readonly operatorObjects: pulumi.CustomResource[];
}

function prerequisitesOf(object: K8sObject, earlier: Earlier): readonly pulumi.CustomResource[] {
  if (object.apiVersion === CALICO_V3) return earlier.operatorObjects;
  if (object.apiVersion === OPERATOR_V1 && !isInstallation(object)) return earlier.installations;
  return [];
}

function isInstallation(object: K8sObject): boolean {
  return object.apiVersion === OPERATOR_V1 && object.kind === "Installation";
}

/** An object Pulumi awaits (`pulumi.com/waitFor`) may take OPERATOR_READY_TIMEOUT_MINUTES; others keep the defaults. */
function awaitTimeouts(object: K8sObject): pulumi.CustomTimeouts | undefined {
  if (object.metadata.annotations?.[PULUMI_WAIT_FOR] === undefined) return undefined;
  const limit = `${OPERATOR_READY_TIMEOUT_MINUTES}m`;
  return { create: limit, update: limit };
}

function tierOf(object: K8sObject): string | undefined {
  const spec = object.spec;
  if (typeof spec !== "object" || spec === null || !("tier" in spec)) return undefined;
  return typeof spec.tier === "string" ? spec.tier : undefined;
}
