// What went wrong talking to the Kubernetes API, said so the user can act (pure): an error from
// @kubernetes/client-node (an HTTP status with the API's Status body, or a network or TLS error
// with a Node error code) becomes a ClusterAccessError naming the cluster, the action and the fix.
// Anything else is not a cluster-access problem and is returned unchanged.
import { ClusterAccessError } from "./cluster";

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

/** `error.code`, or its cause's (fetch wraps the socket's error). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; typeof e === "object" && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function httpStatus(error: unknown): number | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "number" ? code : undefined;
}

/** The API's own sentence: the `message` of its Status body, else the first line of the error. */
function apiMessage(error: unknown): string {
  const body = typeof error === "object" && error !== null ? (error as { body?: unknown }).body : undefined;
  const parsed = typeof body === "string" ? safeJson(body) : body;
  const message = typeof parsed === "object" && parsed !== null ? (parsed as { message?: unknown }).message : undefined;
  if (typeof message === "string" && message !== "") return message;
  return error instanceof Error ? (error.message.split("\n").find((line) => line.startsWith("Message: "))?.slice(9) ?? error.message.split("\n")[0] ?? "") : String(error);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `action` says what was being done ("list pods in bank-backend"); `cluster` which cluster
 * (`context kind-zero-trust-eks (https://127.0.0.1:40123)`).
 */
export function accessError(error: unknown, action: string, cluster: string): unknown {
  if (error instanceof ClusterAccessError) return error;
  const status = httpStatus(error);
  if (status === 401) {
    return new ClusterAccessError(`cannot ${action}: ${cluster} refused your credentials (401 Unauthorized); renew them (kind: kind export kubeconfig --name <cluster>; EKS: aws sso login, or aws eks update-kubeconfig)`);
  }
  if (status === 403) {
    return new ClusterAccessError(`cannot ${action}: forbidden (403) on ${cluster}: your identity lacks a permission verify-live needs (docs/verify-live.md, "Permissions"); the API said: ${apiMessage(error)}`);
  }
  const code = errorCode(error);
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new ClusterAccessError(`cannot ${action}: ${cluster} does not answer (${code}); is the cluster running (kind get clusters), and can this machine reach its API (a private EKS endpoint answers only inside its VPC)?`);
  }
  if (code !== undefined && UNTRUSTED.test(code)) {
    return new ClusterAccessError(`cannot ${action}: the API server of ${cluster} presented a certificate this kubeconfig does not trust (${code}); refresh the kubeconfig`);
  }
  if (error instanceof Error && /HTTP protocol is not allowed/.test(error.message)) {
    return new ClusterAccessError(`cannot ${action}: ${cluster} is a plain http:// server, which the client refuses unless the kubeconfig sets insecure-skip-tls-verify`);
  }
  if (status !== undefined) return new ClusterAccessError(`cannot ${action} on ${cluster}: the API answered ${status}: ${apiMessage(error)}`);
  return error;
}
