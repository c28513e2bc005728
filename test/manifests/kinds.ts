// Offline validation against the official Kubernetes OpenAPI schemas (kubernetes-models 4.x).
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Pod } from "kubernetes-models/v1/Pod";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import type { K8sObject } from "../../manifests/k8s";

interface Validatable {
  validate(): void;
}

type ModelFactory = (object: K8sObject) => Validatable;

/** Every built-in kind the stack renders (and the analysis context adds), keyed by `apiVersion/kind`. */
const MODELS: Readonly<Record<string, ModelFactory>> = {
  "v1/Namespace": (o) => new Namespace(o as ConstructorParameters<typeof Namespace>[0]),
  "v1/Pod": (o) => new Pod(o as ConstructorParameters<typeof Pod>[0]),
  "v1/ConfigMap": (o) => new ConfigMap(o as ConstructorParameters<typeof ConfigMap>[0]),
  "v1/Secret": (o) => new Secret(o as ConstructorParameters<typeof Secret>[0]),
  "v1/Service": (o) => new Service(o as ConstructorParameters<typeof Service>[0]),
  "apps/v1/Deployment": (o) => new Deployment(o as ConstructorParameters<typeof Deployment>[0]),
  "apps/v1/StatefulSet": (o) => new StatefulSet(o as ConstructorParameters<typeof StatefulSet>[0]),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o as ConstructorParameters<typeof PodDisruptionBudget>[0]),
  "networking.k8s.io/v1/NetworkPolicy": (o) => new NetworkPolicy(o as ConstructorParameters<typeof NetworkPolicy>[0]),
  "storage.k8s.io/v1/StorageClass": (o) => new StorageClass(o as unknown as ConstructorParameters<typeof StorageClass>[0]),
  "rbac.authorization.k8s.io/v1/ClusterRole": (o) => new ClusterRole(o as ConstructorParameters<typeof ClusterRole>[0]),
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": (o) => new ClusterRoleBinding(o as unknown as ConstructorParameters<typeof ClusterRoleBinding>[0]),
};

/** API groups whose CRD schemas kubernetes-models does not ship; checked by their owners' tests. */
export const UNSCHEMAED_GROUPS: readonly string[] = ["projectcalico.org/v3", "operator.tigera.io/v1"];

export function kindKey(object: K8sObject): string {
  return `${object.apiVersion}/${object.kind}`;
}

/** Throws with the object's identity when it does not validate, or when its kind has no schema here. */
export function validateAgainstSchema(object: K8sObject): "validated" | "crd" {
  if (UNSCHEMAED_GROUPS.includes(object.apiVersion)) return "crd";
  const model = MODELS[kindKey(object)];
  if (!model) throw new Error(`no schema registered for ${kindKey(object)}`);
  try {
    model(object).validate();
  } catch (error) {
    const where = `${kindKey(object)} ${object.metadata.namespace ?? ""}/${object.metadata.name}`;
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  return "validated";
}
