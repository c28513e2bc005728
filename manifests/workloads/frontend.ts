// frontend: unprivileged nginx serving a page and proxying /api/ to the backend Service,
// behind an internet-facing AWS NLB that preserves client addresses (see docs/render.md).
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import type { StackConfig } from "../../config/types";
import type { Workload } from "../../topology";
import type { K8sObject } from "../k8s";
import { CLUSTER_DOMAIN, FRONTEND_IMAGE, LOAD_BALANCER_PORT } from "./constants";
import { clusterIpService, disruptionBudget, serviceHost, spreadDeployment, workloadMeta } from "./meta";
import { hardenedPodSpec, servingPort } from "./pod";

const CONFIG_MAP_SUFFIX = "-nginx";
const HEALTH_PATH = "/healthz";

/** Annotations for the AWS NLB; valid for the in-tree controller and the AWS Load Balancer Controller. */
export const NLB_ANNOTATIONS: Readonly<Record<string, string>> = {
  "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
  "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "instance",
};

export function frontendObjects(frontend: Workload, backend: Workload, config: StackConfig): K8sObject[] {
  return [
    nginxConfigMap(frontend, backend),
    frontendDeployment(frontend),
    loadBalancerService(frontend, config),
    ...disruptionBudget(frontend),
  ];
}

export function nginxConf(frontend: Workload, backend: Workload): string {
  const backendUrl = `http://${serviceHost(backend, CLUSTER_DOMAIN)}:${servingPort(backend).port}/`;
  return [
    "server {",
    `    listen ${servingPort(frontend).port};`,
    "    server_name _;",
    "    server_tokens off;",
    "    root /usr/share/nginx/html;",
    `    location = ${HEALTH_PATH} { access_log off; default_type text/plain; return 200 "ok\\n"; }`,
    "    location /api/ {",
    `        proxy_pass ${backendUrl};`,
    "        proxy_set_header Host $host;",
    "        proxy_set_header X-Real-IP $remote_addr;",
    "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "    }",
    "    location / { try_files $uri /index.html; }",
    "}",
    "",
  ].join("\n");
}

function indexHtml(frontend: Workload): string {
  return [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>${frontend.tenant}</title></head>`,
    `<body><h1>${frontend.tenant}</h1><p>Served by the zero-trust frontend; the API is at <a href="/api/">/api/</a>.</p></body></html>`,
    "",
  ].join("\n");
}

function nginxConfigMap(frontend: Workload, backend: Workload): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: workloadMeta(frontend, `${frontend.name}${CONFIG_MAP_SUFFIX}`),
    data: { "default.conf": nginxConf(frontend, backend), "index.html": indexHtml(frontend) },
  };
}

function frontendDeployment(frontend: Workload): K8sObject {
  const port = servingPort(frontend);
  const probe = { httpGet: { path: HEALTH_PATH, port: port.name }, periodSeconds: 10 };
  const configMap = `${frontend.name}${CONFIG_MAP_SUFFIX}`;
  const podSpec = hardenedPodSpec({
    workload: frontend,
    image: FRONTEND_IMAGE,
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
    readinessProbe: { ...probe, initialDelaySeconds: 2 },
    livenessProbe: { ...probe, initialDelaySeconds: 10, failureThreshold: 3 },
    writableDirs: [
      { name: "tmp", mountPath: "/tmp", sizeLimit: "64Mi" },
      { name: "cache", mountPath: "/var/cache/nginx", sizeLimit: "64Mi" },
    ],
    volumes: [
      { name: "conf", configMap: { name: configMap, items: [{ key: "default.conf", path: "default.conf" }] } },
      { name: "html", configMap: { name: configMap, items: [{ key: "index.html", path: "index.html" }] } },
    ],
    volumeMounts: [
      { name: "conf", mountPath: "/etc/nginx/conf.d", readOnly: true },
      { name: "html", mountPath: "/usr/share/nginx/html", readOnly: true },
    ],
  });
  return spreadDeployment(frontend, podSpec);
}

/**
 * NLB with instance targets keeps the client address, and `externalTrafficPolicy: Local`
 * stops kube-proxy from masquerading it, so the pods (and their NetworkPolicy) see the real
 * client. `loadBalancerSourceRanges` also scopes the node security-group rules to the clients.
 * No configured client range means no internet ingress at all: a plain ClusterIP Service, since
 * an empty `loadBalancerSourceRanges` would open the load balancer to 0.0.0.0/0.
 */
function loadBalancerService(frontend: Workload, config: StackConfig): K8sObject {
  if (config.app.ingressSourceCidrs.length === 0) return clusterIpService(frontend, false);
  const port = servingPort(frontend);
  const spec: IServiceSpec = {
    type: "LoadBalancer",
    externalTrafficPolicy: "Local",
    loadBalancerSourceRanges: [...config.app.ingressSourceCidrs],
    selector: { ...frontend.podLabels },
    ports: [{ name: port.name, port: LOAD_BALANCER_PORT, targetPort: port.name, protocol: port.protocol }],
  };
  const metadata = { ...workloadMeta(frontend), annotations: { ...NLB_ANNOTATIONS } };
  return { apiVersion: "v1", kind: "Service", metadata, spec };
}
