// What runs in the cluster for one probe source (pure): a shell script that tries each of its
// probes with the upstream e2e tool, `agnhost connect <ip>:<port> --timeout=<n>s --protocol=tcp|udp`,
// and prints one result line per probe; the restricted-compliant container that runs it (an
// ephemeral container in a pod of the stack, or the throwaway pod's container); and the parser of
// those lines.
import type { ProbeProtocol } from "./plan";

/** The e2e test image (kubernetes test/images/agnhost: Alpine, /agnhost, /bin/sh), pinned. */
export const PROBE_IMAGE = "registry.k8s.io/e2e-test-images/agnhost:2.53";
/** The image's binary. */
export const AGNHOST = "/agnhost";
/** nobody: the Pod Security restricted level wants a non-root user; agnhost's image runs as root. */
export const PROBE_USER = 65534;
/**
 * What a UDP probe sends (agnhost appends a newline and waits for any answer). A DNS server
 * answers these 28 bytes, which are no valid query, with an error response: an answer all the same.
 */
export const UDP_PAYLOAD = "zero-trust-eks-verify-live";
/** Each result line starts with this marker. */
export const RESULT_MARKER = "zt-probe";

/** One connection attempt, as the script makes it. */
export interface ScriptProbe {
  /** Index of the probe in its batch: the result line names it. */
  readonly index: number;
  readonly ip: string;
  readonly port: number;
  readonly protocol: ProbeProtocol;
}

/** What a connection attempt did, as agnhost reports it. */
export type Outcome =
  | { readonly kind: "connected" }
  | { readonly kind: "blocked"; readonly detail: string }
  | { readonly kind: "refused"; readonly detail: string }
  | { readonly kind: "error"; readonly detail: string };

/**
 * `set -f`: agnhost's messages are echoed unquoted (to join lines), so no `*` in them may glob.
 * Addresses are IPs and ports numbers, checked here: nothing else reaches the script.
 */
export function probeScript(probes: readonly ScriptProbe[], timeoutSeconds: number, agnhost: string = AGNHOST): string {
  const lines = probes.map((probe) => {
    if (!/^[0-9a-f.:]+$/i.test(probe.ip) || !Number.isInteger(probe.port)) throw new Error(`internal: bad probe address ${probe.ip}:${probe.port}`);
    const host = probe.ip.includes(":") ? `[${probe.ip}]` : probe.ip;
    const udp = probe.protocol === "UDP" ? ` --udp-data=${UDP_PAYLOAD}` : "";
    return `p ${probe.index} ${host}:${probe.port} --timeout=${timeoutSeconds}s --protocol=${probe.protocol.toLowerCase()}${udp}`;
  });
  return [
    "set -f",
    `p() { i=$1; shift; out=$(${agnhost} connect "$@" 2>&1); rc=$?; echo "${RESULT_MARKER} $i $rc" $out; }`,
    ...lines,
    "",
  ].join("\n");
}

/** Outcomes by probe index; a probe without a line is absent. */
export function parseProbeLog(log: string): Map<number, Outcome> {
  const outcomes = new Map<number, Outcome>();
  for (const line of log.split("\n")) {
    const match = new RegExp(`^${RESULT_MARKER} (\\d+) (\\d+) ?(.*)$`).exec(line.trim());
    if (!match) continue;
    outcomes.set(Number(match[1]), outcome(Number(match[2]), match[3] ?? ""));
  }
  return outcomes;
}

/** agnhost connect: exit 0 connected; otherwise a message starting TIMEOUT, REFUSED, DNS, OTHER or UNKNOWN. */
function outcome(exitCode: number, message: string): Outcome {
  if (exitCode === 0) return { kind: "connected" };
  if (message.startsWith("TIMEOUT")) return { kind: "blocked", detail: message };
  if (message.startsWith("REFUSED")) return { kind: "refused", detail: message };
  return { kind: "error", detail: message === "" ? `exit ${exitCode}, no message` : message };
}

/** A container (plain Kubernetes object) running `script` that the restricted Pod Security level admits. */
export function probeContainer(name: string, image: string, script: string): Record<string, unknown> {
  return {
    name,
    image,
    command: ["/bin/sh", "-c", script],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: PROBE_USER,
      runAsGroup: PROBE_USER,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
  };
}

/** The throwaway pod: the probe container, run once, no API token, gone after `deadlineSeconds` at the latest. */
export function intruderPod(
  namespace: string, name: string, labels: Readonly<Record<string, string>>, container: Record<string, unknown>, deadlineSeconds: number,
): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { ...labels } },
    spec: {
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      activeDeadlineSeconds: deadlineSeconds,
      terminationGracePeriodSeconds: 0,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{ ...container, resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } } }],
    },
  };
}
