// PolicyEngine: the network-policy enforcement layer of the cluster.
//   calico  -> the tigera-operator chart (EKS policy-only mode beside the VPC CNI), then the
//              Calico objects (Tier, GlobalNetworkPolicies) once the chart has installed.
//   vpc-cni -> nothing here: EKS native network policy is the vpc-cni add-on's flag, set by the
//              Cluster component.
// The objects themselves come from the pure manifests/calico builders, so what `render` prints
// is exactly what this applies.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyEngine as PolicyEngineName, StackConfig } from "../config/types";
import type { K8sObject } from "../manifests/k8s";
import {
  CALICO_CHART,
  CALICO_CHART_REPO,
  tigeraOperatorNamespace,
  tigeraOperatorValues,
} from "../manifests/calico";

export interface PolicyEngineArgs {
  /** The validated stack config: `policy.engine` and the pinned `policy.calicoChartVersion`. */
  readonly config: StackConfig;
  /** The Calico objects to apply: `renderStack(config).calicoPolicies`, exactly what `render` prints. */
  readonly calicoPolicies: readonly K8sObject[];
  /** The cluster's Kubernetes provider; every child uses it. */
  readonly k8sProvider: k8s.Provider;
  /** What must exist before the chart installs (e.g. the node group). Default: nothing. */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** Helm release name: the one Calico's docs use, so `helm -n tigera-operator list` reads as expected. */
export const CALICO_RELEASE_NAME = "calico";

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
    this.ready = this.engine === "calico" ? installCalico(name, args, this) : [];
    this.registerOutputs({ engine: this.engine });
  }
}

function installCalico(name: string, args: PolicyEngineArgs, parent: PolicyEngine): pulumi.Resource[] {
  const provider = args.k8sProvider;
  const namespace = new k8s.core.v1.Namespace(`${name}-tigera-operator-ns`, {
    metadata: { ...tigeraOperatorNamespace().metadata },
  }, { parent, provider, dependsOn: [...(args.dependsOn ?? [])] });
  // helm.v3.Release (not v4.Chart): helm installs the chart's crds/ before its templates and the
  // release waits for them, so the operator's kinds exist when the objects below go in.
  const release = new k8s.helm.v3.Release(`${name}-tigera-operator`, {
    name: CALICO_RELEASE_NAME,
    chart: CALICO_CHART,
    version: args.config.policy.calicoChartVersion,
    repositoryOpts: { repo: CALICO_CHART_REPO },
    namespace: namespace.metadata.name,
    createNamespace: false,
    atomic: true,
    values: { ...tigeraOperatorValues(args.config) },
  }, { parent, provider, dependsOn: [namespace] });
  const applied = applyCalicoObjects(name, args.calicoPolicies, release, parent, provider);
  return [release, ...applied];
}

const CALICO_V3 = "projectcalico.org/v3";

/**
 * Every object after the chart; projectcalico.org/v3 objects also after the objects that serve
 * their API (the operator's APIServer, applied earlier in the list); a tiered policy after its Tier.
 */
function applyCalicoObjects(
  name: string,
  objects: readonly K8sObject[],
  release: k8s.helm.v3.Release,
  parent: PolicyEngine,
  provider: k8s.Provider,
): k8s.apiextensions.CustomResource[] {
  const tiers = new Map<string, k8s.apiextensions.CustomResource>();
  const operatorObjects: k8s.apiextensions.CustomResource[] = [];
  return objects.map((object) => {
    const tier = tierOf(object);
    const tierResource = tier === undefined ? undefined : tiers.get(tier);
    const servedBy = object.apiVersion === CALICO_V3 ? operatorObjects : [];
    const resource = new k8s.apiextensions.CustomResource(`${name}-${object.kind.toLowerCase()}-${object.metadata.name}`, {
      ...object,
      metadata: { ...object.metadata },
    }, { parent, provider, dependsOn: [release, ...servedBy, ...(tierResource ? [tierResource] : [])] });
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
