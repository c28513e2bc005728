// The Kubernetes naming rules (k8s.io/apimachinery pkg/util/validation), restated for tests: the
// offline schemas (kubernetes-models) check types, not these patterns, so a generated name with
// an uppercase letter or a stray ':' would otherwise only fail at `pulumi up`.
import type { K8sObject } from "../../manifests/k8s";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && value.split(".").every((part) => DNS1123_LABEL.test(part));
}

/** Service names: a DNS-1035 label (starts with a letter). */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 characters. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] as string;
  const prefix = parts.length === 2 ? (parts[0] as string) : undefined;
  if (prefix !== undefined && (prefix.length === 0 || !isDns1123Subdomain(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Container port names (IANA service names): at most 15 characters, a letter, no "--". */
export function isPortName(value: string): boolean {
  return value.length <= 15 && IANA_SVC_NAME.test(value) && /[a-z]/.test(value) && !value.includes("--");
}

type Rule = readonly [string, (value: string) => boolean];

/** DNS-1123 labels for kinds whose names become DNS labels or hostnames; subdomains for the rest. */
function nameRule(kind: string): Rule {
  if (kind === "Service") return ["DNS-1035 label", isDns1035Label];
  if (kind === "Namespace" || kind === "StatefulSet") return ["DNS-1123 label", isDns1123Label];
  return ["DNS-1123 subdomain", isDns1123Subdomain];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every naming problem of one object, as `Kind namespace/name: where "value" is not a <rule>`. */
export function namingProblems(object: K8sObject): string[] {
  const problems: string[] = [];
  const where = `${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}`;
  const check = (path: string, value: unknown, [rule, holds]: Rule): void => {
    if (typeof value !== "string" || !holds(value)) problems.push(`${where}: ${path} ${JSON.stringify(value)} is not a ${rule}`);
  };
  const checkLabels = (path: string, labels: unknown): void => {
    if (!isRecord(labels)) return;
    for (const [key, value] of Object.entries(labels)) {
      check(`${path} key`, key, ["qualified name", isQualifiedName]);
      check(`${path}[${key}]`, value, ["label value", isLabelValue]);
    }
  };
  check("metadata.name", object.metadata.name, nameRule(object.kind));
  if (object.metadata.namespace !== undefined) check("metadata.namespace", object.metadata.namespace, ["DNS-1123 label", isDns1123Label]);
  checkLabels("metadata.labels", object.metadata.labels);
  for (const key of Object.keys(object.metadata.annotations ?? {})) check("metadata.annotations key", key, ["qualified name", isQualifiedName]);

  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}[${i}]`));
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${path}.${key}`;
      if (key === "matchLabels" || (key === "labels" && path.endsWith(".metadata"))) checkLabels(at, value);
      if (key === "matchExpressions" && Array.isArray(value)) {
        value.forEach((expression, i) => {
          if (!isRecord(expression)) return;
          check(`${at}[${i}].key`, expression["key"], ["qualified name", isQualifiedName]);
          for (const v of (expression["values"] as unknown[] | undefined) ?? []) check(`${at}[${i}].values`, v, ["label value", isLabelValue]);
        });
      }
      if ((key === "containers" || key === "initContainers") && Array.isArray(value)) {
        value.forEach((container, i) => {
          if (!isRecord(container)) return;
          check(`${at}[${i}].name`, container["name"], ["DNS-1123 label", isDns1123Label]);
          for (const port of (container["ports"] as Record<string, unknown>[] | undefined) ?? []) {
            if (port["name"] !== undefined) check(`${at}[${i}].ports.name`, port["name"], ["port name (IANA service name)", isPortName]);
          }
        });
      }
      if ((key === "volumes" || key === "volumeMounts") && Array.isArray(value)) {
        value.forEach((volume, i) => isRecord(volume) && check(`${at}[${i}].name`, volume["name"], ["DNS-1123 label", isDns1123Label]));
      }
      if (key === "annotations" && path.endsWith(".metadata") && isRecord(value)) {
        for (const annotation of Object.keys(value)) check(`${at} key`, annotation, ["qualified name", isQualifiedName]);
      }
      walk(value, at);
    }
  };
  walk(object["spec"], "spec");
  if (object.kind === "Service" && isRecord(object["spec"])) {
    for (const port of (object["spec"]["ports"] as Record<string, unknown>[] | undefined) ?? []) {
      if (port["name"] !== undefined) check("spec.ports.name", port["name"], ["DNS-1123 label", isDns1123Label]);
      if (typeof port["targetPort"] === "string") check("spec.ports.targetPort", port["targetPort"], ["port name (IANA service name)", isPortName]);
    }
  }
  return problems;
}
