/**
 * Test vocabulary: a small cluster (namespaces x, y; pods a, b in each) and truth tables that
 * state only the exceptions to a default, like the upstream e2e suite.
 */
import { strict as assert } from "assert";
import { buildModel, engineNamed, NetpolInputError, PortProbe } from "../../../netpol";

export type K8sObject = Record<string, unknown>;

export const TCP80: PortProbe = { port: 80, protocol: "TCP" };

export function namespace(name: string, labels: Record<string, string> = {}): K8sObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

export interface PodOptions {
  readonly labels?: Record<string, string>;
  readonly ports?: readonly { name?: string; containerPort: number; protocol?: string }[];
  readonly ip?: string;
}

const DEFAULT_PORTS = [
  { name: "http", containerPort: 80 },
  { name: "dns", containerPort: 53, protocol: "UDP" },
];

export function pod(ns: string, name: string, options: PodOptions = {}): K8sObject {
  const status = options.ip === undefined ? {} : { status: { podIP: options.ip } };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: options.labels ?? { pod: name } },
    spec: { containers: [{ name: "main", image: "nginx", ports: options.ports ?? DEFAULT_PORTS }] },
    ...status,
  };
}

export function policy(ns: string, name: string, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec };
}

/** Namespaces x (ns=x) and y (ns=y), pods a and b in each (label pod=<name>). */
export function cluster(): K8sObject[] {
  return [namespace("x", { ns: "x" }), namespace("y", { ns: "y" }), pod("x", "a"), pod("x", "b"), pod("y", "a"), pod("y", "b")];
}

export const PODS = ["x/a", "x/b", "y/a", "y/b"];

export interface Table {
  readonly allowed: boolean;
  /** Pairs "from -> to" whose verdict is the opposite of the default. */
  readonly except?: readonly string[];
}

/** Decide every ordered pod pair (self pairs left out) and compare with the table; both engines. */
export function assertTable(objects: readonly unknown[], probe: PortProbe, table: Table): void {
  for (const engine of ["reference", "fast"] as const) {
    const model = buildModel(objects);
    const prepared = engineNamed(engine).prepare(model);
    const wrong: string[] = [];
    model.pods.forEach((from, i) =>
      model.pods.forEach((to, j) => {
        if (i === j) return;
        const pair = `${from.id} -> ${to.id}`;
        const expected = (table.except ?? []).includes(pair) ? !table.allowed : table.allowed;
        const actual = prepared.allows(i, j, probe);
        if (actual !== expected) wrong.push(`${pair}: expected ${expected ? "allowed" : "denied"}`);
      }),
    );
    const unknown = (table.except ?? []).filter((pair) => !model.pods.some((a) => model.pods.some((b) => `${a.id} -> ${b.id}` === pair)));
    assert.deepEqual(unknown, [], "exceptions name unknown pairs");
    assert.deepEqual(wrong, [], `${engine} engine on ${probe.port}/${probe.protocol}`);
  }
}

/** Connection set text for one pair, from the reference engine. */
export function connections(objects: readonly unknown[], from: string, to: string): string {
  const model = buildModel(objects);
  const index = (id: string): number => {
    const found = model.endpoints.findIndex((endpoint) => endpoint.id === id);
    assert.notEqual(found, -1, `no endpoint ${id} among ${model.endpoints.map((e) => e.id).join(", ")}`);
    return found;
  };
  return engineNamed("reference").prepare(model).connections(index(from), index(to)).format();
}

/** The input problems building a model reports, as "object: reason" lines (none: []). */
export function modelProblems(objects: readonly unknown[]): string[] {
  try {
    buildModel(objects);
    return [];
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, String(error));
    return error.problems.map((p) => `${p.object}: ${p.reason}`);
  }
}
