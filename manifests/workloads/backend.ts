// backend: a small real HTTP API (http-echo) answering JSON, behind a ClusterIP Service.
import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { Workload } from "../../topology";
import type { K8sObject } from "../k8s";
import { BACKEND_IMAGE } from "./constants";
import { clusterIpService, disruptionBudget, workloadMeta } from "./meta";
import { hardenedPodSpec, servingPort, spreadOverNodes } from "./pod";

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
  const spec: IDeploymentSpec = {
    replicas: backend.replicas,
    selector: { matchLabels: { ...backend.podLabels } },
    template: {
      metadata: { labels: { ...backend.podLabels } },
      spec: { ...podSpec, topologySpreadConstraints: spreadOverNodes(backend) },
    },
  };
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: workloadMeta(backend), spec };
}
