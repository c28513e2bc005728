import { parseAddress } from "../addresses";
import { Address, ContainerPort, Labels, PodEndpoint } from "../model";
import { isRecord } from "../parse";
import { buildPortNumber, buildProtocol, isPortName, portNameReason } from "./ports";
import { describe, labelsOf, optionalList, optionalRecord, Report } from "./report";

/** Kinds whose pods are endpoints, with the path to their pod template. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

export function isEndpointKind(kind: string): boolean {
  return kind === "Pod" || kind in TEMPLATE_PATHS;
}

function at(object: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = object;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

export interface EndpointSource {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
}

/** A Pod or a workload -> endpoint (namespace labels are attached by the caller). */
export function buildEndpoint(source: EndpointSource, namespaceLabels: Labels, report: Report): PodEndpoint {
  const { kind, namespace, name, object } = source;
  const templatePath = kind === "Pod" ? [] : TEMPLATE_PATHS[kind];
  const prefix = templatePath.length === 0 ? "" : `${templatePath.join(".")}.`;
  const pod = kind === "Pod" ? object : (optionalRecord(at(object, templatePath), templatePath.join("."), report) ?? {});
  if (kind !== "Pod" && at(object, templatePath) === undefined) report(templatePath.join("."), "missing pod template");
  const podLabels = labelsOf(at(pod, ["metadata", "labels"]), `${prefix}metadata.labels`, report);
  const ports = containerPorts(at(pod, ["spec", "containers"]), `${prefix}spec.containers`, report);
  const ips = kind === "Pod" ? podIps(object["status"], report) : [];
  const serviceAccount = serviceAccountOf(at(pod, ["spec"]));
  return Object.freeze({
    kind: "pod",
    id: `${namespace}/${name}`,
    namespace,
    name,
    sourceKind: kind,
    podLabels,
    namespaceLabels,
    ports: Object.freeze(ports),
    ips: Object.freeze(ips),
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
  });
}

/** spec.serviceAccountName, or the deprecated spec.serviceAccount; undefined means "default". */
function serviceAccountOf(spec: unknown): string | undefined {
  if (!isRecord(spec)) return undefined;
  const name = spec["serviceAccountName"] ?? spec["serviceAccount"];
  return typeof name === "string" && name !== "" ? name : undefined;
}

function containerPorts(raw: unknown, path: string, report: Report): ContainerPort[] {
  const ports: ContainerPort[] = [];
  (optionalList(raw, path, report) ?? []).forEach((container, c) => {
    const containerPath = `${path}[${c}].ports`;
    const list = isRecord(container) ? optionalList(container["ports"], containerPath, report) : undefined;
    (list ?? []).forEach((rawPort, p) => {
      const port = containerPort(rawPort, `${containerPath}[${p}]`, report);
      if (port !== undefined) ports.push(port);
    });
  });
  return ports.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || (a.name ?? "").localeCompare(b.name ?? ""));
}

function containerPort(raw: unknown, path: string, report: Report): ContainerPort | undefined {
  const port = optionalRecord(raw, path, report);
  if (port === undefined) return undefined;
  const number = buildPortNumber(port["containerPort"], `${path}.containerPort`, report);
  const protocol = buildProtocol(port["protocol"], `${path}.protocol`, report);
  const name = port["name"];
  if (name !== undefined && name !== null && (typeof name !== "string" || !isPortName(name))) {
    report(`${path}.name`, portNameReason(name));
    return undefined;
  }
  if (number === undefined || protocol === undefined) return undefined;
  return Object.freeze(typeof name === "string" ? { name, port: number, protocol } : { port: number, protocol });
}

/** status.podIP and status.podIPs[].ip, deduplicated, sorted. */
function podIps(rawStatus: unknown, report: Report): Address[] {
  const status = optionalRecord(rawStatus, "status", report) ?? {};
  const texts: { text: unknown; path: string }[] = [];
  if (status["podIP"] !== undefined && status["podIP"] !== null) texts.push({ text: status["podIP"], path: "status.podIP" });
  (optionalList(status["podIPs"], "status.podIPs", report) ?? []).forEach((entry, i) => {
    texts.push({ text: isRecord(entry) ? entry["ip"] : entry, path: `status.podIPs[${i}].ip` });
  });
  const byText = new Map<string, Address>();
  for (const { text, path } of texts) {
    const address = typeof text === "string" ? parseAddress(text) : undefined;
    if (address === undefined) report(path, `${describe(text)} is not a valid IP address`);
    else byText.set(address.text, Object.freeze(address));
  }
  return [...byText.values()].sort((a, b) => a.family.localeCompare(b.family) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
