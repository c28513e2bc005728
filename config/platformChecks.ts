// Cross-key rules of the platform choice (config/platform.ts, docs/local.md): a key the stack's
// platform does not read keeps its default; a kind stack names its kubeconfig context, serves the
// frontend without a load balancer, and keeps its pod range clear of kind's Service range.
import { isDeepStrictEqual } from "node:util";
import { cidrsOverlap, mustParseCidr } from "./cidr";
import { coerce } from "./coerce";
import { renderValue, type ConfigProblem } from "./errors";
import { KEY_TABLE, KEYS, type ConfigValues, type KeyId } from "./keys";
import { keyProblem, type Parsed } from "./parsed";
import { KIND_SERVICE_SUBNET, keyScope, scopeRead, type KeyScope, type Platform } from "./platform";

const WHY_UNREAD: Readonly<Record<Exclude<KeyScope, "both">, string>> = {
  eks: "it configures the EKS cluster or its AWS resources, which a kind stack does not create (docs/local.md)",
  aws: "it configures the AWS network, which a kind stack creates only in LocalStack, with localstackEndpoint set (docs/local.md)",
  kind: "it is read on platform kind only",
};

/** A key's default as the parser would produce it (undefined for a required key). */
function parsedDefault(id: KeyId): unknown {
  const spec = KEY_TABLE[id];
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only called for keys that all have a default; without one, coerce fails and gives undefined anyway
  if (!("default" in spec) || spec.default === undefined) return undefined;
  const coerced = coerce(spec.type, spec.default);
  return coerced.ok ? spec.schema.safeParse(coerced.value).data : undefined;
}

/** Every key the platform does not read, set to something other than its default. */
function unreadKeysAtDefaults(parsed: Parsed, platform: Platform): ConfigProblem[] {
  // Stryker disable next-line ConditionalExpression: the LocalStack flag matters only for scope aws keys, which an eks stack reads either way
  const localstack = platform === "kind" && parsed.values.localstackEndpoint !== undefined && parsed.values.localstackEndpoint !== "";
  return (Object.keys(KEYS) as KeyId[]).flatMap((id) => {
    const scope = keyScope(id);
    const value = parsed.values[id];
    if (scope === "both" || scopeRead(scope, platform, localstack) || value === undefined) return [];
    if (isDeepStrictEqual(value, parsedDefault(id))) return [];
    const defaultText = renderValue(KEY_TABLE[id].default);
    return [keyProblem(parsed, id, `its default ${defaultText} on platform ${platform}: ${WHY_UNREAD[scope]}`)];
  });
}

/** kind: the context to apply to, no load balancer, and a pod range apart from the Service range. */
function kindRequirements(parsed: Parsed): ConfigProblem[] {
  const v: Partial<ConfigValues> = parsed.values;
  const found: ConfigProblem[] = [];
  if (v.kubeContext === "") {
    found.push(keyProblem(parsed, "kubeContext", "a kubeconfig context on platform kind, e.g. kind-zero-trust-eks (what `kind create cluster --name zero-trust-eks` names it)"));
  }
  if (v.ingressSourceCidrs !== undefined && v.ingressSourceCidrs.length > 0) {
    found.push(keyProblem(parsed, "ingressSourceCidrs", "[] on platform kind: kind has no load balancer, so the frontend Service is ClusterIP and you reach it with kubectl port-forward (docs/local.md)"));
  }
  if (v.podCidr !== undefined && cidrsOverlap(mustParseCidr(v.podCidr), mustParseCidr(KIND_SERVICE_SUBNET))) {
    found.push(keyProblem(parsed, "podCidr", `a range apart from kind's Service range ${KIND_SERVICE_SUBNET} (local/kind-cluster.yaml serviceSubnet)`));
  }
  return found;
}

export function platformProblems(parsed: Parsed): ConfigProblem[] {
  const platform = parsed.values.platform;
  if (platform === undefined) return [];
  return [...unreadKeysAtDefaults(parsed, platform), ...(platform === "kind" ? kindRequirements(parsed) : [])];
}
