// One way to apply a plain Kubernetes object from the pure manifests layer: the typed
// @pulumi/kubernetes class for its kind when there is one, a CustomResource otherwise. The object
// passes through unchanged, so what is applied is what `render` prints.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { K8sObject } from "../manifests/k8s";

type Factory = (name: string, object: K8sObject, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

// The typed classes keep the provider's per-kind behaviour (Secret data stays secret, Service
// status outputs). Any other kind goes in generically.
const TYPED: Readonly<Record<string, Factory>> = {
  "v1/Namespace": (n, o, opts) => new k8s.core.v1.Namespace(n, argsOf(o), opts),
  "v1/ConfigMap": (n, o, opts) => new k8s.core.v1.ConfigMap(n, argsOf(o), opts),
  "v1/Secret": (n, o, opts) => new k8s.core.v1.Secret(n, argsOf(o), opts),
  "v1/Service": (n, o, opts) => new k8s.core.v1.Service(n, argsOf(o), opts),
  "apps/v1/Deployment": (n, o, opts) => new k8s.apps.v1.Deployment(n, argsOf(o), opts),
  "apps/v1/StatefulSet": (n, o, opts) => new k8s.apps.v1.StatefulSet(n, argsOf(o), opts),
  "policy/v1/PodDisruptionBudget": (n, o, opts) => new k8s.policy.v1.PodDisruptionBudget(n, argsOf(o), opts),
  "networking.k8s.io/v1/NetworkPolicy": (n, o, opts) => new k8s.networking.v1.NetworkPolicy(n, argsOf(o), opts),
  "storage.k8s.io/v1/StorageClass": (n, o, opts) => new k8s.storage.v1.StorageClass(n, argsOf(o), opts),
  "rbac.authorization.k8s.io/v1/ClusterRole": (n, o, opts) => new k8s.rbac.v1.ClusterRole(n, argsOf(o), opts),
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": (n, o, opts) => new k8s.rbac.v1.ClusterRoleBinding(n, argsOf(o), opts),
};

/** A plain object as a typed class's args: the shapes are the Kubernetes API's on both sides. */
function argsOf<T>(object: K8sObject): T {
  return object as unknown as T;
}

/** Registers `object` as the Pulumi resource `name`; `opts` should carry the parent and the provider. */
export function applyObject(name: string, object: K8sObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const typed = TYPED[`${object.apiVersion}/${object.kind}`];
  return typed ? typed(name, object, opts) : new k8s.apiextensions.CustomResource(name, object, opts);
}
