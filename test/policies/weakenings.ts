// Every single weakening of one NetworkPolicy a careless (or hostile) edit could make: the
// mutants the proof must catch. Each returns a changed copy of the objects and says what changed.
import * as ipaddr from "ipaddr.js";
import type { K8sObject } from "../../manifests/k8s";

export interface Weakening {
  /** e.g. `bank-backend/default-deny: remove the policy`. */
  readonly label: string;
  readonly objects: K8sObject[];
}

/** Plain JSON view of a policy, loose enough to delete and empty fields. */
type Json = Record<string, unknown>;
type Edit = { readonly what: string; readonly apply: (spec: Json) => void };

export function weakenings(objects: readonly K8sObject[]): Weakening[] {
  return objects.flatMap((object, index) => {
    if (object.kind !== "NetworkPolicy") return [];
    const id = `${object.metadata.namespace}/${object.metadata.name}`;
    const removed: Weakening = { label: `${id}: remove the policy`, objects: objects.filter((_, i) => i !== index) };
    const edited = policyEdits(object.spec as Json).map((edit) => {
      const copy = structuredClone(object);
      edit.apply(copy.spec as Json);
      return { label: `${id}: ${edit.what}`, objects: objects.map((o, i) => (i === index ? copy : o)) };
    });
    return [removed, ...edited];
  });
}

function policyEdits(spec: Json): Edit[] {
  const edits: Edit[] = [];
  if (!isEmptySelector(spec["podSelector"])) edits.push({ what: "empty spec.podSelector", apply: (s) => void (s["podSelector"] = {}) });
  const types = (spec["policyTypes"] ?? []) as string[];
  if (types.length > 1) {
    types.forEach((type, t) => edits.push({ what: `drop policy type ${type}`, apply: (s) => void (s["policyTypes"] as string[]).splice(t, 1) }));
  }
  for (const [direction, peerField] of [["ingress", "from"], ["egress", "to"]] as const) {
    ((spec[direction] ?? []) as Json[]).forEach((rule, r) => {
      const at = (s: Json): Json => (s[direction] as Json[])[r];
      const path = `spec.${direction}[${r}]`;
      edits.push({ what: `drop ${path}`, apply: (s) => void (s[direction] as Json[]).splice(r, 1) });
      edits.push(...portEdits(rule, path, at));
      ((rule[peerField] ?? []) as Json[]).forEach((peer, p) => {
        edits.push(...peerEdits(peer, `${path}.${peerField}[${p}]`, (s) => (at(s)[peerField] as Json[])[p]));
      });
    });
  }
  return edits;
}

function portEdits(rule: Json, path: string, at: (spec: Json) => Json): Edit[] {
  const ports = (rule["ports"] ?? []) as Json[];
  if (ports.length === 0) return [];
  const edits: Edit[] = [{ what: `drop ${path}.ports (every port)`, apply: (s) => void delete at(s)["ports"] }];
  ports.forEach((port, p) => {
    if (port["port"] !== undefined) {
      edits.push({ what: `drop ${path}.ports[${p}].port (every port of the protocol)`, apply: (s) => void delete (at(s)["ports"] as Json[])[p]["port"] });
    }
    if (ports.length > 1) edits.push({ what: `drop ${path}.ports[${p}]`, apply: (s) => void (at(s)["ports"] as Json[]).splice(p, 1) });
  });
  return edits;
}

function peerEdits(peer: Json, path: string, at: (spec: Json) => Json): Edit[] {
  const edits: Edit[] = [];
  const has = (field: string): boolean => peer[field] !== undefined;
  if (has("namespaceSelector") && has("podSelector")) {
    edits.push({ what: `drop ${path}.namespaceSelector`, apply: (s) => void delete at(s)["namespaceSelector"] });
  }
  for (const field of ["namespaceSelector", "podSelector"]) {
    if (has(field) && !isEmptySelector(peer[field])) edits.push({ what: `empty ${path}.${field}`, apply: (s) => void (at(s)[field] = {}) });
  }
  const block = peer["ipBlock"] as Json | undefined;
  if (block !== undefined) {
    const wider = widen(block["cidr"] as string);
    if (wider !== undefined) edits.push({ what: `widen ${path}.ipBlock.cidr to ${wider}`, apply: (s) => void ((at(s)["ipBlock"] as Json)["cidr"] = wider) });
    ((block["except"] ?? []) as string[]).forEach((except, e) => {
      edits.push({ what: `drop ${path}.ipBlock.except[${e}] (${except})`, apply: (s) => void ((at(s)["ipBlock"] as Json)["except"] as string[]).splice(e, 1) });
    });
  }
  return edits;
}

function isEmptySelector(selector: unknown): boolean {
  return typeof selector === "object" && selector !== null && Object.values(selector).every((v) => Object.keys(v ?? {}).length === 0);
}

/** The CIDR one bit shorter (`192.0.2.0/24` -> `192.0.2.0/23`), or undefined for a /0. */
export function widen(cidr: string): string | undefined {
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  if (prefix === 0) return undefined;
  const kind = address.kind() === "ipv4" ? ipaddr.IPv4 : ipaddr.IPv6;
  return `${kind.networkAddressFromCIDR(`${address.toString()}/${prefix - 1}`).toString()}/${prefix - 1}`;
}

const CALICO = "projectcalico.org/v3";

/**
 * Every single weakening of one Calico object (projectcalico.org/v3): remove a Tier or a policy;
 * per rule: drop it, turn a Deny into an Allow or a Pass, and for an Allow drop its destination's
 * ports, selector or namespaceSelector; drop one of two policy types. Each loosens what the
 * cluster enforces (or leaves a policy in a tier that no longer exists, an input error).
 */
export function calicoWeakenings(objects: readonly K8sObject[]): Weakening[] {
  return objects.flatMap((object, index) => {
    if (object.apiVersion !== CALICO) return [];
    const id = `${object.kind} ${object.metadata.name}`;
    const removed: Weakening = { label: `${id}: remove it`, objects: objects.filter((_, i) => i !== index) };
    const edited = (object.kind === "GlobalNetworkPolicy" || object.kind === "NetworkPolicy" ? calicoPolicyEdits(object.spec as Json) : []).map((edit) => {
      const copy = structuredClone(object);
      edit.apply(copy.spec as Json);
      return { label: `${id}: ${edit.what}`, objects: objects.map((o, i) => (i === index ? copy : o)) };
    });
    return [removed, ...edited];
  });
}

function calicoPolicyEdits(spec: Json): Edit[] {
  const edits: Edit[] = [];
  const types = (spec["types"] ?? []) as string[];
  if (types.length > 1) types.forEach((type, t) => edits.push({ what: `drop type ${type}`, apply: (s) => void (s["types"] as string[]).splice(t, 1) }));
  for (const direction of ["ingress", "egress"] as const) {
    ((spec[direction] ?? []) as Json[]).forEach((rule, r) => {
      const path = `spec.${direction}[${r}]`;
      const at = (s: Json): Json => (s[direction] as Json[])[r];
      edits.push({ what: `drop ${path}`, apply: (s) => void (s[direction] as Json[]).splice(r, 1) });
      if (rule["action"] === "Deny") {
        for (const action of ["Allow", "Pass"]) edits.push({ what: `${path}: Deny -> ${action}`, apply: (s) => void (at(s)["action"] = action) });
      }
      const destination = (rule["destination"] ?? {}) as Json;
      if (rule["action"] !== "Allow") return;
      for (const field of ["ports", "selector", "namespaceSelector"]) {
        if (destination[field] !== undefined) edits.push({ what: `drop ${path}.destination.${field}`, apply: (s) => void delete (at(s)["destination"] as Json)[field] });
      }
    });
  }
  return edits;
}
