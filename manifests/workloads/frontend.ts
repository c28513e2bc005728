// frontend: unprivileged nginx serving a page and proxying /api/ to the backend Service,
// behind an internet-facing AWS NLB that preserves client addresses and, with a certificate,
// terminates TLS (see docs/render.md).
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import type { FrontendListener, StackConfig } from "../../config/types";
import type { Workload } from "../../topology";
import type { K8sObject } from "../k8s";
import { CLUSTER_DOMAIN, FRONTEND_IMAGE, LOAD_BALANCER_PORT, LOAD_BALANCER_TLS_PORT, TLS_SECURITY_POLICY } from "./constants";
import { clusterIpService, disruptionBudget, serviceHost, spreadDeployment, workloadMeta } from "./meta";
import { hardenedPodSpec, servingPort } from "./pod";

const CONFIG_MAP_SUFFIX = "-nginx";
const HEALTH_PATH = "/healthz";

/**
 * The Service annotations the load-balancer implementation in use reads. EKS runs no AWS Load
 * Balancer Controller here, so a `LoadBalancer` Service is served by the cloud provider's service
 * controller (kubernetes/cloud-provider-aws, `pkg/providers/v1`, run by EKS in its control plane),
 * which reads exactly these keys for an NLB. It makes instance targets, internet-facing unless
 * `aws-load-balancer-internal` says otherwise; it ignores the AWS Load Balancer Controller's
 * `-scheme` and `-nlb-target-type`, so they are not written.
 */
export const NLB_ANNOTATION = {
  type: "service.beta.kubernetes.io/aws-load-balancer-type",
  /** A certificate turns the listeners named by `sslPorts` into TLS listeners (NLB protocol TLS). */
  sslCert: "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
  sslPorts: "service.beta.kubernetes.io/aws-load-balancer-ssl-ports",
  /** For an NLB, the TLS listener's `SslPolicy`; without it the ELB API default (TLS 1.0+) applies. */
  sslNegotiationPolicy: "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy",
} as const;

/**
 * `nlb`, and for TLS the certificate, the TLS port and the policy. No `-backend-protocol`: for an NLB
 * the controller reads it only to make the targets TLS (`ssl`); the pods speak plain HTTP, so the
 * target group stays TCP, which also keeps client IP preservation (on by default for instance targets).
 */
export function loadBalancerAnnotations(listener: FrontendListener): Record<string, string> {
  const nlb = { [NLB_ANNOTATION.type]: "nlb" };
  if (listener.kind === "plain") return nlb;
  return {
    ...nlb,
    [NLB_ANNOTATION.sslCert]: listener.certificateArn,
    [NLB_ANNOTATION.sslPorts]: String(LOAD_BALANCER_TLS_PORT),
    [NLB_ANNOTATION.sslNegotiationPolicy]: TLS_SECURITY_POLICY,
  };
}

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
 * an empty `loadBalancerSourceRanges` would open the load balancer to 0.0.0.0/0; so does kind, which
 * has no load balancer (config requires [] there; docs/local.md: kubectl port-forward). Either listener
 * forwards to the pods' own port: TLS ends at the NLB, so the pods and their policies are the same.
 */
function loadBalancerService(frontend: Workload, config: StackConfig): K8sObject {
  if (config.platform.name === "kind" || config.app.ingressSourceCidrs.length === 0) return clusterIpService(frontend, false);
  const port = servingPort(frontend);
  const listener = config.app.frontendListener;
  const [name, listenPort] = listener.kind === "tls" ? ["https", LOAD_BALANCER_TLS_PORT] : [port.name, LOAD_BALANCER_PORT];
  const spec: IServiceSpec = {
    type: "LoadBalancer",
    externalTrafficPolicy: "Local",
    loadBalancerSourceRanges: [...config.app.ingressSourceCidrs],
    selector: { ...frontend.podLabels },
    ports: [{ name, port: listenPort, targetPort: port.name, protocol: port.protocol }],
  };
  const metadata = { ...workloadMeta(frontend), annotations: loadBalancerAnnotations(listener) };
  return { apiVersion: "v1", kind: "Service", metadata, spec };
}
