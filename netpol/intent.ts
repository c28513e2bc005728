/** The intent file: the flows that should be allowed, and nothing else. */
import { parseDocument } from "yaml";
import { cidrContainsCidr, parseCidr } from "./addresses";
import { ConnectionSet, MAX_PORT, MIN_PORT } from "./connections";
import { ProblemCollector } from "./errors";
import { Cidr, Protocol } from "./model";
import { isRecord, YAML_OPTIONS } from "./parse";
import { checkFields } from "./ingest/fields";
import { describe } from "./ingest/report";
import { readJson } from "./stream/json";

/** A flow end: one pod/workload endpoint, or every external address in a CIDR minus its excepts. */
export type IntentPeer =
  | { readonly kind: "endpoint"; readonly id: string }
  | { readonly kind: "cidr"; readonly cidr: Cidr; readonly except: readonly Cidr[] };

export interface IntentFlow {
  readonly from: IntentPeer;
  readonly to: IntentPeer;
  readonly ports: ConnectionSet;
}

export interface Intent {
  readonly flows: readonly IntentFlow[];
  /**
   * Defense in depth: each isolated side on its own (the source's egress policies, the
   * destination's ingress policies) must allow exactly these flows, not just both together.
   */
  readonly eachSide: boolean;
  /**
   * Defense in depth across layers: what the Kubernetes NetworkPolicies alone (without the Calico
   * objects of the input) must allow, exactly. A weakened NetworkPolicy that Calico's own policies
   * still mask is then caught too.
   */
  readonly kubernetesLayer?: Intent;
}

/** The intent file's fields: unknown ones are errors, as a misspelt `from:` must never read as nothing. */
const INTENT_FIELDS = ["eachSide", "flows", "kubernetesLayer"];
const LAYER_FIELDS = ["eachSide", "flows"];
const FLOW_FIELDS = ["from", "ports", "to"];

const ENDPOINT_ID = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const PORT_SPEC = /^(TCP|UDP|SCTP)\/(\d+)(?:-(\d+))?$/;
const EXCEPT = /\s+except(?:\s+|$)/;
const EXPECTED_EXTERNAL = `"<cidr> except <cidr>[, <cidr>...]", e.g. "0.0.0.0/0 except 10.0.0.0/16"`;
const EXPECTED_PORTS = `expected "PROTO/port", "PROTO/first-last" (PROTO is TCP, UDP or SCTP) or "all"`;

/** Parse an intent file (YAML or JSON). Throws NetpolInputError naming the flow and field. */
export function parseIntent(text: string, source: string): Intent {
  const problems = new ProblemCollector();
  // A JSON intent (one generated for a large cluster) by JSON.parse; YAML, and any JSON with a problem, by the YAML parser.
  // Stryker disable next-line Regex,ConditionalExpression: the YAML parser reads any JSON text alike; JSON.parse is only faster
  const json = /^\s*\{/.test(text) ? readJson(text) : undefined;
  // A JSON text starting with "{" is a mapping, never null.
  const root: unknown = json?.value ?? yamlRoot(text, source, problems);
  const intent = parseIntentBody(root, INTENT_FIELDS, "", (where, reason) => problems.add(source, where, reason));
  const layer = isRecord(root) ? root["kubernetesLayer"] : undefined;
  const kubernetesLayer = layer === undefined || layer === null
    ? undefined
    : parseIntentBody(layer, LAYER_FIELDS, "kubernetesLayer.", (where, reason) => problems.add(source, where, reason));
  problems.throwIfAny();
  return kubernetesLayer === undefined ? intent : { ...intent, kubernetesLayer };
}

const BACKSLASH = 0x5c;
const LAYER_KEY = Buffer.from("kubernetesLayer");
const LAYER_L = 0x4c;
const LAYER_KEY_L = LAYER_KEY.indexOf(LAYER_L);

/**
 * False only when the intent text cannot have a `kubernetesLayer`, before it is parsed (verify
 * decides what to build while reading the manifests): the key written out, or any escape (JSON's
 * \u004c, YAML's \x4c, ...) that could spell it, may. Also of the file's bytes, undecoded: in
 * UTF-8 an ASCII byte only ever encodes that character (the bytes of others, and the replacement
 * character of a malformed sequence, are all above 0x7f).
 */
export function mayHaveKubernetesLayer(text: string | Buffer): boolean {
  // Stryker disable next-line ConditionalExpression: a Buffer's includes() finds the same, only slower
  if (typeof text === "string") return text.includes("kubernetesLayer") || text.includes("\\");
  if (text.includes(BACKSLASH)) return true;
  // Found by its rare capital L, a byte search at memory speed: 8 ms in 83 MB, includes() 55 ms.
  // Stryker disable next-line EqualityOperator: the search starts at the L's place in the key, never at 0
  for (let at = text.indexOf(LAYER_L, LAYER_KEY_L); at >= 0; at = text.indexOf(LAYER_L, at + 1)) {
    const start = at - LAYER_KEY_L;
    if (start + LAYER_KEY.length <= text.length && text.compare(LAYER_KEY, 0, LAYER_KEY.length, start, start + LAYER_KEY.length) === 0) return true;
  }
  return false;
}

function yamlRoot(text: string, source: string, problems: ProblemCollector): unknown {
  // A key that is a collection is then reported as an unknown field.
  const document = parseDocument(text, YAML_OPTIONS);
  if (document.errors.length > 0) {
    problems.add(source, "intent", `malformed YAML/JSON: ${document.errors[0].message.split("\n")[0]}`);
    problems.throwIfAny();
  }
  return document.toJS();
}

/** `{eachSide?, flows}` at `prefix` ("" or "kubernetesLayer."); problems go to `report(where, reason)`. */
function parseIntentBody(root: unknown, fields: readonly string[], prefix: string, report: (where: string, reason: string) => void): Intent {
  const flows = isRecord(root) ? root["flows"] : undefined;
  // Stryker disable next-line ConditionalExpression: checkFields finds no field in a list or a scalar
  if (isRecord(root)) checkFields(root, fields, "", (path, reason) => report("intent", `${prefix}${path}: ${reason}`));
  if (!Array.isArray(flows)) {
    // `kubernetesLayer.flows: …` names the section already; a section that is no mapping is named here.
    const section = prefix === "" ? "" : `${prefix.slice(0, -1)}: `;
    report("intent", isRecord(root) ? `${prefix}flows: expected a list of flows, got ${describe(flows)}` : `${section}expected a mapping with a "flows" list, got ${describe(root)}`);
  }
  const eachSide = (isRecord(root) ? root["eachSide"] : undefined) ?? false;
  if (typeof eachSide !== "boolean") report("intent", `${prefix}eachSide: expected true or false, got ${describe(eachSide)}`);
  const memo: Memo = { peers: new Map(), ports: new Map() };
  const parsed = (Array.isArray(flows) ? flows : []).flatMap((flow, i) => parseFlow(flow, (reason) => report(`${prefix}flows[${i}]`, reason), memo));
  return { flows: parsed, eachSide: eachSide === true };
}

/**
 * Peers and port lists already parsed without a problem, by their text: an intent generated for
 * a large cluster names each endpoint and port list many times, and the flows then share them.
 */
interface Memo {
  /** By the written text; only strings parse, so only strings are ever kept. */
  readonly peers: Map<unknown, IntentPeer>;
  /** By the port specs joined; undefined (not a list of strings) never parses, so is never kept. */
  readonly ports: Map<string | undefined, ConnectionSet>;
}

function memoPeer(raw: unknown, field: string, report: (reason: string) => void, memo: Memo): IntentPeer | undefined {
  const known = memo.peers.get(raw);
  if (known !== undefined) return known;
  // parsePeer returns undefined whenever it reports a problem: only peers without one are kept.
  const peer = parsePeer(raw, field, report);
  // Stryker disable next-line ConditionalExpression: a peer kept as undefined is looked up as not kept
  if (peer !== undefined) memo.peers.set(raw, peer);
  return peer;
}

function memoPorts(raw: unknown, report: (reason: string) => void, memo: Memo): ConnectionSet | undefined {
  const allStrings = Array.isArray(raw) && raw.every((spec) => typeof spec === "string");
  // Stryker disable next-line StringLiteral: a port spec starts with a letter and ends with a digit or "all": joined with any separator, distinct lists stay distinct
  const key = allStrings ? raw.join("\n") : undefined;
  const known = memo.ports.get(key);
  if (known !== undefined) return known;
  // parsePorts returns undefined whenever it reports a problem: only port lists without one are kept.
  const ports = parsePorts(raw, report);
  // Stryker disable next-line ConditionalExpression: ports kept as undefined are looked up as not kept
  if (ports !== undefined) memo.ports.set(key, ports);
  return ports;
}

function parseFlow(raw: unknown, report: (reason: string) => void, memo: Memo): IntentFlow[] {
  if (!isRecord(raw)) {
    report(`expected a mapping with from, to and ports, got ${describe(raw)}`);
    // Stryker disable next-line ArrayDeclaration: a flow with a problem is never seen: parseIntent throws every problem
    return [];
  }
  checkFields(raw, FLOW_FIELDS, "", (path, reason) => report(`${path}: ${reason}`));
  const from = memoPeer(raw["from"], "from", report, memo);
  const to = memoPeer(raw["to"], "to", report, memo);
  const ports = memoPorts(raw["ports"], report, memo);
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: a flow with a problem is never seen: parseIntent throws every problem
  if (from === undefined || to === undefined || ports === undefined) return [];
  if (from.kind === "cidr" && to.kind === "cidr") {
    report("from and to are both CIDRs; NetworkPolicy governs only flows with a pod on one side");
    // Stryker disable next-line ArrayDeclaration: a flow with a problem is never seen: parseIntent throws every problem
    return [];
  }
  return [{ from, to, ports }];
}

export function parsePeer(raw: unknown, field: string, report: (reason: string) => void): IntentPeer | undefined {
  if (typeof raw === "string") {
    if (EXCEPT.test(raw)) return parseExternal(raw, (reason) => report(`${field}: ${describe(raw)}: ${reason} (expected ${EXPECTED_EXTERNAL})`));
    const cidr = parseCidr(raw);
    if (cidr !== undefined) return { kind: "cidr", cidr, except: [] };
    if (ENDPOINT_ID.test(raw)) return { kind: "endpoint", id: raw };
  }
  report(`${field}: ${describe(raw)} is neither "namespace/name" nor a CIDR like 203.0.113.0/24 or "0.0.0.0/0 except 10.0.0.0/16"`);
  return undefined;
}

/**
 * `<cidr> except <cidr>[, <cidr>...]`: the addresses of the CIDR minus the excepts, the notation
 * of the external atoms. Each except must lie strictly inside the CIDR, as in an ipBlock.
 */
function parseExternal(text: string, report: (reason: string) => void): IntentPeer | undefined {
  const parts = text.split(EXCEPT).map((part) => part.trim());
  if (parts.length !== 2) {
    report(`"except" appears ${parts.length - 1} times`);
    return undefined;
  }
  const [cidrText, exceptText] = parts;
  const cidr = parseCidr(cidrText);
  if (cidr === undefined) {
    report(`"${cidrText}" is not a valid CIDR`);
    return undefined;
  }
  const exceptTexts = exceptText.split(",").map((part) => part.trim());
  const except = exceptTexts.map(parseCidr);
  const problems = exceptTexts.flatMap((written, i) => {
    const block = except[i];
    if (block === undefined) return [written === "" ? "an except is empty" : `except "${written}" is not a valid CIDR`];
    const strictlyInside = cidrContainsCidr(cidr, block) && block.prefix > cidr.prefix;
    return strictlyInside ? [] : [`except "${written}" is not strictly inside ${cidr.text}`];
  });
  problems.forEach(report);
  // Stryker disable next-line ConditionalExpression: a peer with a problem is never seen: parseIntent throws every problem
  return problems.length > 0 ? undefined : { kind: "cidr", cidr, except: except as Cidr[] };
}

export function parsePorts(raw: unknown, report: (reason: string) => void): ConnectionSet | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    report(`ports: expected a non-empty list, got ${describe(raw)} (${EXPECTED_PORTS})`);
    return undefined;
  }
  const sets = raw.map((spec) => parsePortSpec(spec, report));
  return sets.some((set) => set === undefined) ? undefined : ConnectionSet.unionAll(sets as ConnectionSet[]);
}

function parsePortSpec(spec: unknown, report: (reason: string) => void): ConnectionSet | undefined {
  if (spec === "all") return ConnectionSet.ALL;
  const match = typeof spec === "string" ? PORT_SPEC.exec(spec) : null;
  if (match === null) {
    report(`ports: ${describe(spec)} is not a port spec (${EXPECTED_PORTS})`);
    return undefined;
  }
  const first = Number(match[2]);
  const last = match[3] === undefined ? first : Number(match[3]);
  if (first < MIN_PORT || last > MAX_PORT || first > last) {
    report(`ports: ${describe(spec)} is out of range (ports ${MIN_PORT}-${MAX_PORT}, first <= last)`);
    return undefined;
  }
  return ConnectionSet.of(match[1] as Protocol, first, last);
}

/** The CIDRs a peer writes: none for an endpoint; its CIDR and excepts. */
export function peerCidrs(peer: IntentPeer): Cidr[] {
  return peer.kind === "cidr" ? [peer.cidr, ...peer.except] : [];
}

