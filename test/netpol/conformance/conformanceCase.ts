import { parseAllDocuments } from "yaml";
import type { ClusterOverrides } from "./model";
import type { Protocol, TruthTableSpec } from "./truthTable";

/** Where a case's scenario and expected table come from (see README.md). */
export type CaseSource = "kubernetes-e2e" | "kubernetes-docs" | "cyclonus" | "np-guard";

export interface ProbeExpectation {
  readonly port: number;
  readonly protocol: Protocol;
  readonly expect: TruthTableSpec;
}

export interface ConformanceCase {
  /** Short unique id, used in test titles and in reports. */
  readonly id: string;
  readonly source: CaseSource;
  /** The upstream test title, docs section or test-data name the case mirrors. */
  readonly mirrors: string;
  /** Changes to the standard x/y/z x a/b/c model, if the case needs any. */
  readonly cluster?: ClusterOverrides;
  /** The NetworkPolicy objects (see `netpol` and `fromYaml`). */
  readonly policies: readonly unknown[];
  /** One expected truth table per probed port and protocol. */
  readonly probes: readonly ProbeExpectation[];
}

/** A NetworkPolicy object with the given namespace, name and spec. */
export function netpol(namespace: string, name: string, spec: object): object {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

/** Objects from multi-document YAML (used where a case copies a docs example's shape). */
export function fromYaml(text: string): unknown[] {
  const objects: unknown[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new Error(`conformance YAML is invalid: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

/** The same expected table for several probes (upstream validates one table on several ports). */
export function probes(
  targets: readonly (readonly [number, Protocol])[],
  expect: TruthTableSpec,
): ProbeExpectation[] {
  return targets.map(([port, protocol]) => ({ port, protocol, expect }));
}
