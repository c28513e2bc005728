// backend: a small real HTTP API (http-echo) answering JSON, behind a ClusterIP Service.
import type { Workload } from "../../topology";
import type { K8sObject } from "../k8s";
import { BACKEND_IMAGE } from "./constants";
import { clusterIpService, disruptionBudget, spreadDeployment } from "./meta";
import { hardenedPodSpec, servingPort } from "./pod";

/** http-echo's built-in health endpoint. */
const HEALTH_PATH = "/health";

export function backendObjects(backend: Workload): K8sObject[] {
  return [backendDeployment(backend), clusterIpService(backend, false), ...disruptionBudget(backend)];
}

function backendDeployment(backend: Workload): K8sObject {
  const port = servingPort(backend);
  const probe = { httpGet: { path: HEALTH_PATH, port: port.name }, periodSeconds: 10 };
  const reply = JSON.stringify({ service: "backend", tenant: backend.tenant, status: "ok" });
  const podSpec = hardenedPodSpec({
    workload: backend,
    image: BACKEND_IMAGE,
    args: [`-listen=:${port.port}`, `-text=${reply}`],
    resources: { requests: { cpu: "25m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
    readinessProbe: { ...probe, initialDelaySeconds: 1 },
    livenessProbe: { ...probe, initialDelaySeconds: 5, failureThreshold: 3 },
    // http-echo writes nothing; /tmp stays writable for the Go runtime's occasional temp files.
    writableDirs: [{ name: "tmp", mountPath: "/tmp", sizeLimit: "16Mi" }],
  });
  return spreadDeployment(backend, podSpec);
}
