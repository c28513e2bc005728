// Rules on every container of every pod the stack runs (Pods and each workload's pod template):
// what Pod Security `restricted` demands, checked on the object itself, so a workload is refused at
// preview instead of failing admission in the cluster, and a namespace that lost its Pod Security
// label is not the last line of defence.
import { asArray, asRecord, describeObject, type Props, type ResourceRef, type ResourceRule } from "../kit";
import { type Container, containersOf, kindOf, metadataOf, podSpecOf, WORKLOAD_TYPES } from "./objects";

type NoConfig = Record<string, never>;

/** `Deployment bank-frontend/frontend: container "frontend"` */
function where(resource: ResourceRef, props: Props, container: Container): string {
  const list = container.list === "containers" ? "container" : container.list.replace(/Containers$/, " container");
  return `${describeObject(kindOf(resource.type), metadataOf(props))}: ${list} "${container.name}"`;
}

function securityContextOf(container: Container): Props {
  return asRecord(container.spec.securityContext);
}

/** Applies `check` to every container of the resource's pod spec. */
function perContainer(check: (container: Container, podSpec: Props) => string[]) {
  return (props: Props, _config: NoConfig, resource: ResourceRef): string[] => {
    const podSpec = podSpecOf(resource.type, props);
    return containersOf(podSpec).flatMap((container) => check(container, podSpec).map((problem) => `${where(resource, props, container)} ${problem}`));
  };
}

export const containersNotPrivileged: ResourceRule<NoConfig> = {
  name: "containers-not-privileged",
  description:
    "No privileged container, no privilege escalation, no host network, PID or IPC namespace: any of these hands a compromised " +
    "container the node, and with it every other tenant's pods and the node's IAM role.",
  defaults: {},
  types: WORKLOAD_TYPES,
  checks: [
    (props, _config, resource) => {
      const podSpec = podSpecOf(resource.type, props);
      return ["hostNetwork", "hostPID", "hostIPC"]
        .filter((field) => podSpec[field] === true)
        .map((field) => `${describeObject(kindOf(resource.type), metadataOf(props))}: pod spec sets ${field}: true (expected false or unset)`);
    },
    perContainer((container) => {
      const context = securityContextOf(container);
      const problems: string[] = [];
      if (context.privileged === true) problems.push("is privileged (securityContext.privileged: true)");
      if (context.allowPrivilegeEscalation !== false) problems.push(`may escalate privileges (securityContext.allowPrivilegeEscalation is ${String(context.allowPrivilegeEscalation)}, expected false)`);
      return problems;
    }),
  ],
};

export const containersRunAsNonRoot: ResourceRule<NoConfig> = {
  name: "containers-run-as-non-root",
  description: "Every container runs as a non-root user (runAsNonRoot: true, runAsUser not 0), set on the container or its pod: root in a container is one kernel bug away from root on the node.",
  defaults: {},
  types: WORKLOAD_TYPES,
  checks: [
    perContainer((container, podSpec) => {
      const own = securityContextOf(container);
      const pod = asRecord(podSpec.securityContext);
      const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
      const user = own.runAsUser ?? pod.runAsUser;
      const problems: string[] = [];
      if (nonRoot !== true) problems.push(`may run as root (runAsNonRoot is ${String(nonRoot)} on the container and its pod, expected true)`);
      if (user === 0) problems.push("runs as root (runAsUser: 0)");
      return problems;
    }),
  ],
};

export const containersReadOnlyRootFilesystem: ResourceRule<NoConfig> = {
  name: "containers-read-only-root-filesystem",
  description: "Every container's root filesystem is read-only (readOnlyRootFilesystem: true): an intruder cannot drop tools or rewrite the application, and writable paths are explicit volumes.",
  defaults: {},
  types: WORKLOAD_TYPES,
  checks: [
    perContainer((container) => {
      const value = securityContextOf(container).readOnlyRootFilesystem;
      return value === true ? [] : [`has a writable root filesystem (securityContext.readOnlyRootFilesystem is ${String(value)}, expected true)`];
    }),
  ],
};

export const containersMinimalCapabilities: ResourceRule<NoConfig> = {
  name: "containers-minimal-capabilities",
  description: "Every container drops ALL Linux capabilities and adds none: capabilities such as NET_ADMIN or SYS_ADMIN let a container rewrite the node's network or escape it.",
  defaults: {},
  types: WORKLOAD_TYPES,
  checks: [
    perContainer((container) => {
      const capabilities = asRecord(securityContextOf(container).capabilities);
      const added = asArray(capabilities.add).map(String);
      const problems: string[] = [];
      if (added.length > 0) problems.push(`adds capabilities ${added.join(", ")} (expected none)`);
      if (!asArray(capabilities.drop).includes("ALL")) problems.push("does not drop ALL capabilities (securityContext.capabilities.drop must include ALL)");
      return problems;
    }),
  ],
};

export const containerResourceLimits: ResourceRule<NoConfig> = {
  name: "container-resource-limits",
  description: "Every container sets CPU and memory limits, so one noisy or compromised pod cannot starve the node and every other tenant on it.",
  defaults: {},
  types: WORKLOAD_TYPES,
  checks: [
    perContainer((container) => {
      if (container.list === "ephemeralContainers") return [];
      const limits = asRecord(asRecord(container.spec.resources).limits);
      const missing = ["cpu", "memory"].filter((resource) => limits[resource] === undefined);
      return missing.length === 0 ? [] : [`sets no ${missing.join(" and ")} limit (resources.limits.${missing.join(", resources.limits.")})`];
    }),
  ],
};
