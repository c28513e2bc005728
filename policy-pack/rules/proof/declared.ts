// The declaration the proof checks against: the `zero-trust-eks.io/flows` annotation every allow
// policy of this program carries (manifests/policies, ANNOTATION_FLOWS), one flow per line,
// `from -> to PROTO/port[,PROTO/port...]` in the analyzer's endpoint names.
//
// Why the annotations: they travel with the policies into every preview, in this program and in any
// other program that renders its policies the same way, without a file beside the pack or the stack
// config (which a policy pack never sees). A new policy that declares its own new flow declares it in
// the diff a reviewer reads, and the world-facing rules (no-world-ingress-except-frontend,
// no-world-egress, database-admits-only-backend) still hold whatever a policy declares.
import { ANNOTATION_FLOWS } from "../../../manifests/policies";
import { NetpolInputError, parseIntent } from "../../../netpol";
import { describeObject, type Finding } from "../kit";
import type { Entry } from "../kubernetes/inventory";

/** One declared flow, as written, with the policies that declare it. */
export interface DeclaredFlow {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
  readonly declaredBy: readonly Entry[];
}

export interface Declaration {
  readonly flows: readonly DeclaredFlow[];
  /** Annotations that are not flows: each a violation naming the policy and the line. */
  readonly problems: readonly Finding[];
}

const LINE = /^(.+?) -> (.+) (\S+)$/;

/** `a -> b TCP/80,UDP/53` -> its three parts; undefined when the line has another shape. */
export function splitFlowLine(line: string): { from: string; to: string; ports: string[] } | undefined {
  const match = LINE.exec(line.trim());
  if (match === null) return undefined;
  return { from: match[1].trim(), to: match[2].trim(), ports: match[3].split(",") };
}

export function declaredFlows(policies: readonly Entry[]): Declaration {
  const byKey = new Map<string, { from: string; to: string; ports: string[]; declaredBy: Entry[] }>();
  const problems: Finding[] = [];
  for (const policy of policies) {
    const text = policy.object.metadata.annotations?.[ANNOTATION_FLOWS];
    if (text === undefined) continue;
    const where = `${describeObject("NetworkPolicy", policy.object.metadata)}: annotation ${ANNOTATION_FLOWS}`;
    for (const line of String(text).split("\n").filter((l) => l.trim() !== "")) {
      const flow = splitFlowLine(line);
      const problem = flow === undefined ? `"${line}" is not "from -> to PROTO/port[,PROTO/port...]"` : parseProblem(flow);
      if (problem !== undefined || flow === undefined) {
        problems.push({ message: `${where}: ${problem}`, urn: policy.urn });
        continue;
      }
      const key = `${flow.from} -> ${flow.to} ${flow.ports.join(",")}`;
      const known = byKey.get(key) ?? { ...flow, declaredBy: [] };
      known.declaredBy.push(policy);
      byKey.set(key, known);
    }
  }
  return { flows: [...byKey.values()], problems };
}

/** The analyzer's own reading of one flow (endpoint names, CIDRs with excepts, port specs). */
function parseProblem(flow: { from: string; to: string; ports: string[] }): string | undefined {
  try {
    parseIntent(JSON.stringify({ flows: [flow] }), ANNOTATION_FLOWS);
    return undefined;
  } catch (error) {
    if (!(error instanceof NetpolInputError)) throw error;
    return error.problems.map((problem) => problem.reason).join("; ");
  }
}

