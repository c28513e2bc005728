/**
 * The plain Kubernetes object shared by every pure builder (manifests/, netpol/ input,
 * render output, Pulumi components). Only the metadata the builders rely on is typed;
 * the rest of the object (spec, data, ...) stays open so each kind keeps its own shape.
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}
