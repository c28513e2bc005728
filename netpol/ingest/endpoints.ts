import { parseAddress } from "../addresses";
import { Address, ContainerPort, Labels, PodEndpoint, Protocol } from "../model";
import { isRecord } from "../parse";
import { buildPortNumber, buildProtocol, isPortName, portNameReason } from "./ports";
import { describe, labelsOf, optionalList, optionalRecord, Report } from "./report";

/** Kinds whose pods are endpoints, with the path to their pod template. */
export const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
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

/**
 * Equal label maps and port lists shared between endpoints (the model is frozen, so sharing is
 * safe): replicas repeat them, and 150,000 copies would otherwise all stay alive.
 */
export class Interner {
  private readonly labels = new Map<string, Labels>();
  private readonly ports = new Map<string, readonly ContainerPort[]>();

  /** The key equal label maps share (their keys are sorted, so equal maps write the same text). */
  static labelsKey(labels: Labels): string {
    return JSON.stringify(labels);
  }

  labelsOf(labels: Labels): Labels {
    const key = Interner.labelsKey(labels);
    const shared = this.labels.get(key);
    if (shared !== undefined) return shared;
    this.labels.set(key, labels);
    return labels;
  }

  /** Labels by the key labelsOf files them under (a record's: see EndpointRecord), made as labelsOf makes them when new. */
  labelsOfKey(key: string): Labels {
    const shared = this.labels.get(key);
    if (shared !== undefined) return shared;
    const parsed = JSON.parse(key) as Record<string, string>;
    const labels: Record<string, string> = {};
    for (const name of Object.keys(parsed)) labels[name] = parsed[name] as string;
    this.labels.set(key, Object.freeze(labels));
    return labels;
  }

  /** Port names are IANA service names (checked before this): no ' ' or '/' in them. */
  portsOf(ports: ContainerPort[]): readonly ContainerPort[] {
    // Stryker disable next-line StringLiteral: the same prefix on every key keeps keys unique
    let key = ""; // no ports: "", one shared empty list
    // Stryker disable next-line StringLiteral: an unnamed port's key part differs from every valid port name either way
    for (const port of ports) key += `${port.port}/${port.protocol}/${port.name ?? ""} `;
    const shared = this.ports.get(key);
    if (shared !== undefined) return shared;
    const frozen = Object.freeze(ports);
    this.ports.set(key, frozen);
    return frozen;
  }
}

/** An endpoint whose namespace's labels are not known yet (its Namespace may come later in the input). */
export type OpenEndpoint = { -readonly [K in keyof PodEndpoint]: PodEndpoint[K] };

const NO_LABELS: Labels = Object.freeze({});

/**
 * A Pod or a workload -> endpoint, built as soon as it is read. The caller sets its
 * `namespaceLabels` and freezes it once every Namespace has been read.
 */
export function buildEndpoint(source: EndpointSource, report: Report, interner: Interner = new Interner()): OpenEndpoint {
  const { kind, namespace, name, object } = source;
  const templatePath = kind === "Pod" ? [] : TEMPLATE_PATHS[kind];
  const prefix = templatePath.length === 0 ? "" : `${templatePath.join(".")}.`;
  // Stryker disable next-line ConditionalExpression,StringLiteral: a Pod's template path is [], and the pod at [] is the object itself
  const pod = kind === "Pod" ? object : (optionalRecord(at(object, templatePath), templatePath.join("."), report) ?? {});
  // Stryker disable next-line ConditionalExpression,StringLiteral: for a Pod, at(object, []) is the object, never undefined
  if (kind !== "Pod" && at(object, templatePath) === undefined) report(templatePath.join("."), "missing pod template");
  const podLabels = interner.labelsOf(labelsOf(at(pod, ["metadata", "labels"]), `${prefix}metadata.labels`, report));
  const ports = interner.portsOf(containerPorts(at(pod, ["spec", "containers"]), `${prefix}spec.containers`, report));
  const ips = kind === "Pod" ? podIps(object["status"], report) : [];
  const serviceAccount = serviceAccountOf(at(pod, ["spec"]));
  return openEndpoint(kind, namespace, name, podLabels, ports, ips, serviceAccount);
}

function openEndpoint(kind: string, namespace: string, name: string, podLabels: Labels, ports: readonly ContainerPort[], ips: readonly Address[], serviceAccount: string | undefined): OpenEndpoint {
  return {
    kind: "pod",
    id: `${namespace}/${name}`,
    namespace,
    name,
    sourceKind: kind,
    podLabels,
    namespaceLabels: NO_LABELS,
    ports,
    ips: Object.freeze(ips),
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
  };
}

/**
 * An endpoint as plain values, made on the thread that read its object (cli/netpol/readThread.ts):
 * kind, namespace, name, the labels' key (Interner), the port count and each port's name ("" for
 * none: names are never empty), number and protocol, the IP count and each IP's (canonical) text,
 * then the service account ("" for none). Strings and numbers cross threads cheaply; the object
 * read, cloned, costs more to hand over than the endpoint costs to build.
 */
export type EndpointRecord = readonly (string | number)[];

/** The record of a built endpoint. */
export function endpointRecord(endpoint: OpenEndpoint): EndpointRecord {
  const record: (string | number)[] = [endpoint.sourceKind, endpoint.namespace, endpoint.name, Interner.labelsKey(endpoint.podLabels), endpoint.ports.length];
  for (const port of endpoint.ports) record.push(port.name ?? "", port.port, port.protocol);
  record.push(endpoint.ips.length);
  for (const ip of endpoint.ips) record.push(ip.text);
  record.push(endpoint.serviceAccount ?? ""); // never empty: serviceAccountOf reads "" as none
  return record;
}

/** The endpoint buildEndpoint built for the record, its labels and ports shared through `interner`. */
export function endpointOfRecord(record: EndpointRecord, interner: Interner): OpenEndpoint {
  const [kind, namespace, name, labelsKey, portCount] = record as [string, string, string, string, number];
  let at = 5;
  const ports: ContainerPort[] = [];
  for (let i = 0; i < portCount; i++, at += 3) {
    const portName = record[at] as string;
    ports.push(containerPortOf(portName === "" ? undefined : portName, record[at + 1] as number, record[at + 2] as Protocol));
  }
  const ips: Address[] = [];
  for (let i = 0, count = record[at++] as number; i < count; i++) {
    const text = record[at++] as string;
    ips.push(Object.freeze(addressOf(text) as Address));
  }
  const serviceAccount = record[at] as string;
  return openEndpoint(kind, namespace, name, interner.labelsOfKey(labelsKey), interner.portsOf(ports), ips, serviceAccount === "" ? undefined : serviceAccount);
}

function containerPortOf(name: string | undefined, port: number, protocol: Protocol): ContainerPort {
  return Object.freeze(name === undefined ? { port, protocol } : { name, port, protocol });
}

/** spec.serviceAccountName, or the deprecated spec.serviceAccount; undefined means "default". */
function serviceAccountOf(spec: unknown): string | undefined {
  if (!isRecord(spec)) return undefined;
  const name = spec["serviceAccountName"] ?? spec["serviceAccount"];
  return typeof name === "string" && name !== "" ? name : undefined;
}

function containerPorts(raw: unknown, path: string, report: Report): ContainerPort[] {
  const ports: ContainerPort[] = [];
  // Stryker disable next-line ArrayDeclaration: a string container has no ports
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
  // Stryker disable next-line ConditionalExpression: a bad number or protocol was reported, and buildModel throws before returning
  if (number === undefined || protocol === undefined) return undefined;
  return containerPortOf(typeof name === "string" ? name : undefined, number, protocol);
}

/** status.podIP and status.podIPs[].ip, deduplicated, sorted. */
function podIps(rawStatus: unknown, report: Report): Address[] {
  const status = optionalRecord(rawStatus, "status", report) ?? {};
  const texts: { text: unknown; path: string }[] = [];
  if (status["podIP"] !== undefined && status["podIP"] !== null) texts.push({ text: status["podIP"], path: "status.podIP" });
  (optionalList(status["podIPs"], "status.podIPs", report) ?? []).forEach((entry, i) => {
    texts.push({ text: isRecord(entry) ? entry["ip"] : entry, path: `status.podIPs[${i}].ip` });
  });
  // Stryker disable next-line ConditionalExpression,BlockStatement: fast path: the general (deduplicating) path gives the same list and problem
  if (texts.length === 1) { // the common case: status.podIP alone
    const { text, path } = texts[0] as { text: unknown; path: string };
    const address = typeof text === "string" ? addressOf(text) : undefined;
    if (address === undefined) {
      report(path, `${describe(text)} is not a valid IP address`);
      // Stryker disable next-line ArrayDeclaration: the invalid pod IP was reported, and buildModel throws before returning
      return [];
    }
    return [Object.freeze(address)];
  }
  const byText = new Map<string, Address>();
  for (const { text, path } of texts) {
    const address = typeof text === "string" ? addressOf(text) : undefined;
    if (address === undefined) report(path, `${describe(text)} is not a valid IP address`);
    else byText.set(address.text, Object.freeze(address));
  }
  // Stryker disable next-line EqualityOperator: deduplicated by text: no two addresses of one family are equal
  return [...byText.values()].sort((a, b) => a.family.localeCompare(b.family) || (a.value < b.value ? -1 : 1));
}

/** A pod IP as parseAddress reads it, the canonical IPv4 form without ipaddr.js. */
function addressOf(text: string): Address | undefined {
  return plainIpv4(text) ?? parseAddress(text);
}

const PLAIN_IPV4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

// Stryker disable next-line BlockStatement: fast path: undefined sends the text to parseAddress, which reads the same Address
/**
 * An IPv4 address already in canonical form (four decimal parts 0-255 without leading zeros
 * or spaces), read without ipaddr.js: the same Address parseAddress gives, several times
 * faster. Anything else (spaces, leading zeros, IPv6, invalid) is left to parseAddress.
 */
function plainIpv4(text: string): Address | undefined {
  const match = PLAIN_IPV4.exec(text);
  // Stryker disable next-line ConditionalExpression: fast path: undefined sends the text to parseAddress, which reads the same Address
  if (match === null) return undefined;
  let value = 0;
  for (let part = 1; part <= 4; part++) {
    const byte = Number(match[part]);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: giving up on a valid byte leaves it to parseAddress, the same Address
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return { family: "ipv4", value: BigInt(value), text };
}
