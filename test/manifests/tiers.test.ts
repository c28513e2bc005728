// Each tier's objects field by field, as an SRE reads them in the render: the probes (paths, ports,
// timings), the requests and limits, the writable directories and their size caps, the mounts, the
// arguments and environment each image expects, the nginx configuration and page, the database's
// Secret and volume claim. The values are the documented choices of docs/render.md and the
// builders' comments, written out here: a change to any of them must be a reviewed change here too.
import { strict as assert } from "assert";
import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { IStatefulSetSpec } from "kubernetes-models/apps/v1/StatefulSetSpec";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import { allObjects, renderStack, type K8sObject } from "../../manifests";
import { hardenedPodSpec, servingPort } from "../../manifests/workloads/pod";
import { buildTopology, type Workload } from "../../topology";
import { testKindStackConfig, testStackConfig } from "../fixtures/stackConfig";

/** Ports and a tenant unlike the fixture's defaults, so every value that follows them is seen to follow them. */
const config = testStackConfig({
  tenants: ["acme"],
  frontend: { port: 8081, replicas: 1 },
  backend: { port: 9091, replicas: 1 },
  database: { port: 5433, replicas: 1, storageGiB: 25, backupRetentionDays: 7 },
});
/** Rendered afresh in each test: Stryker runs only the tests that executed a mutant (no cache across tests). */
function find(kind: string, namespace: string): K8sObject {
  const found = allObjects(renderStack(config)).filter((o) => o.kind === kind && o.metadata.namespace === namespace);
  assert.equal(found.length, 1, `one ${kind} in ${namespace}`);
  return found[0]!;
}

function labels(tier: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": tier,
    "app.kubernetes.io/part-of": "zero-trust-eks",
    "zero-trust-eks.io/tenant": "acme",
    "zero-trust-eks.io/tier": tier,
  };
}

function meta(tier: string, name: string = tier): K8sObject["metadata"] {
  return { name, namespace: `acme-${tier}`, labels: labels(tier) };
}

/** Pod Security `restricted` and more, with the image's own unprivileged user (docs/render.md). */
function containerSecurity(uid: number): IContainer["securityContext"] {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

function spread(tier: string): IPodSpec["topologySpreadConstraints"] {
  return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
    maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels(tier) },
  }));
}

const NGINX_CONF = `server {
    listen 8081;
    server_name _;
    server_tokens off;
    root /usr/share/nginx/html;
    location = /healthz { access_log off; default_type text/plain; return 200 "ok\\n"; }
    location /api/ {
        proxy_pass http://backend.acme-backend.svc.cluster.local:9091/;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
    location / { try_files $uri /index.html; }
}
`;

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>acme</title></head>
<body><h1>acme</h1><p>Served by the zero-trust frontend; the API is at <a href="/api/">/api/</a>.</p></body></html>
`;

describe("manifests: the frontend tier, field by field", () => {
  it("nginx: listens on the pod port, hides its version, answers /healthz itself, proxies /api/ with the client's address, serves the page otherwise", () => {
    const configMap = find("ConfigMap", "acme-frontend");
    assert.deepEqual(configMap, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta("frontend", "frontend-nginx"),
      data: { "default.conf": NGINX_CONF, "index.html": INDEX_HTML },
    });
  });

  it("the Deployment: unprivileged nginx (UID 101), /healthz probes, small requests and limits, its config read-only from the ConfigMap", () => {
    const probe = { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 };
    const expected: IDeploymentSpec = {
      replicas: 1,
      selector: { matchLabels: labels("frontend") },
      template: {
        metadata: { labels: labels("frontend") },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: "RuntimeDefault" } },
          containers: [{
            name: "frontend",
            image: "nginxinc/nginx-unprivileged:1.28.0-alpine",
            imagePullPolicy: "IfNotPresent",
            ports: [{ name: "http", containerPort: 8081, protocol: "TCP" }],
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
            readinessProbe: { ...probe, initialDelaySeconds: 2 },
            livenessProbe: { ...probe, initialDelaySeconds: 10, failureThreshold: 3 },
            securityContext: containerSecurity(101),
            volumeMounts: [
              { name: "tmp", mountPath: "/tmp" },
              { name: "cache", mountPath: "/var/cache/nginx" },
              { name: "conf", mountPath: "/etc/nginx/conf.d", readOnly: true },
              { name: "html", mountPath: "/usr/share/nginx/html", readOnly: true },
            ],
          }],
          volumes: [
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            { name: "cache", emptyDir: { sizeLimit: "64Mi" } },
            { name: "conf", configMap: { name: "frontend-nginx", items: [{ key: "default.conf", path: "default.conf" }] } },
            { name: "html", configMap: { name: "frontend-nginx", items: [{ key: "index.html", path: "index.html" }] } },
          ],
          topologySpreadConstraints: spread("frontend"),
        },
      },
    };
    const deployment = find("Deployment", "acme-frontend");
    assert.deepEqual(deployment, { apiVersion: "apps/v1", kind: "Deployment", metadata: meta("frontend"), spec: expected });
  });

  it("without internet ingress, and on kind, the Service is a plain ClusterIP one with a cluster IP (not headless)", () => {
    const clusterIp: IServiceSpec = {
      type: "ClusterIP",
      selector: labels("frontend"),
      ports: [{ name: "http", port: 8081, targetPort: "http", protocol: "TCP" }],
    };
    for (const stack of [{ ...config, app: { ...config.app, ingressSourceCidrs: [] } }, { ...testKindStackConfig(), app: { ...config.app, ingressSourceCidrs: [] } }]) {
      const service = allObjects(renderStack(stack)).find((o) => o.kind === "Service" && o.metadata.namespace === "acme-frontend");
      assert.deepEqual(service, { apiVersion: "v1", kind: "Service", metadata: meta("frontend"), spec: clusterIp }, stack.platform.name);
    }
  });
});

describe("manifests: the backend tier, field by field", () => {
  it("http-echo listens on the pod port and answers the tenant's JSON; /health probes; distroless nonroot (65532); /tmp capped at 16Mi", () => {
    const probe = { httpGet: { path: "/health", port: "api" }, periodSeconds: 10 };
    const expected: IPodSpec = {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{
        name: "backend",
        image: "hashicorp/http-echo:1.0.0",
        imagePullPolicy: "IfNotPresent",
        args: ["-listen=:9091", '-text={"service":"backend","tenant":"acme","status":"ok"}'],
        ports: [{ name: "api", containerPort: 9091, protocol: "TCP" }],
        resources: { requests: { cpu: "25m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
        readinessProbe: { ...probe, initialDelaySeconds: 1 },
        livenessProbe: { ...probe, initialDelaySeconds: 5, failureThreshold: 3 },
        securityContext: containerSecurity(65532),
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      }],
      volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
      topologySpreadConstraints: spread("backend"),
    };
    const deployment = find("Deployment", "acme-backend");
    assert.deepEqual(deployment.metadata, meta("backend"));
    assert.deepEqual((deployment.spec as IDeploymentSpec).template, { metadata: { labels: labels("backend") }, spec: expected });
  });

  it("its Service is ClusterIP with a cluster IP, on the pod's named port", () => {
    assert.deepEqual(find("Service", "acme-backend"), {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("backend"),
      spec: { type: "ClusterIP", selector: labels("backend"), ports: [{ name: "api", port: 9091, targetPort: "api", protocol: "TCP" }] },
    });
  });
});

describe("manifests: the database tier, field by field", () => {
  it("the Secret is Opaque, holds only the placeholder password and lists it as generated", () => {
    assert.deepEqual(find("Secret", "acme-database"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { ...meta("database", "database-credentials"), annotations: { "zero-trust-eks.io/generated-keys": "password" } },
      type: "Opaque",
      stringData: { password: "PLACEHOLDER-generated-at-deploy-time-by-pulumi-random-never-a-real-password" },
    });
  });

  it("PostgreSQL: user and database `app`, the configured port, pg_isready probes on it, its data and socket dirs mounted", () => {
    const ready = ["pg_isready", "-U", "app", "-d", "app", "-h", "127.0.0.1", "-p", "5433"];
    const container: IContainer = {
      name: "database",
      image: "postgres:17.6-alpine",
      imagePullPolicy: "IfNotPresent",
      env: [
        { name: "POSTGRES_USER", value: "app" },
        { name: "POSTGRES_DB", value: "app" },
        { name: "POSTGRES_PASSWORD_FILE", value: "/etc/postgres-credentials/password" },
        { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
        { name: "PGPORT", value: "5433" },
      ],
      ports: [{ name: "postgres", containerPort: 5433, protocol: "TCP" }],
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
      readinessProbe: { exec: { command: ready }, initialDelaySeconds: 5, periodSeconds: 10 },
      livenessProbe: { exec: { command: ready }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 },
      securityContext: containerSecurity(70),
      volumeMounts: [
        { name: "run", mountPath: "/var/run/postgresql" },
        { name: "tmp", mountPath: "/tmp" },
        { name: "data", mountPath: "/var/lib/postgresql/data" },
        { name: "credentials", mountPath: "/etc/postgres-credentials", readOnly: true },
      ],
    };
    const expected: IPodSpec = {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, fsGroup: 70, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" },
      },
      containers: [container],
      volumes: [
        { name: "run", emptyDir: { sizeLimit: "1Mi" } },
        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
        { name: "credentials", secret: { secretName: "database-credentials", defaultMode: 0o400, items: [{ key: "password", path: "password" }] } },
      ],
    };
    const statefulSet = find("StatefulSet", "acme-database");
    assert.deepEqual(statefulSet.metadata, meta("database"));
    assert.deepEqual((statefulSet.spec as IStatefulSetSpec).template, { metadata: { labels: labels("database") }, spec: expected });
  });

  it("the StatefulSet selects its own pods and claims one ReadWriteOnce volume `data` of the configured size, keeping it", () => {
    const spec = find("StatefulSet", "acme-database").spec as IStatefulSetSpec;
    assert.deepEqual({ ...spec, template: undefined }, {
      serviceName: "database",
      replicas: 1,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      selector: { matchLabels: labels("database") },
      template: undefined,
      volumeClaimTemplates: [{
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "data", labels: labels("database") },
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: "gp3-encrypted-retain", resources: { requests: { storage: "25Gi" } } },
      }],
    });
  });

  it("its Service is headless (stable pod DNS names) on the pod's named port", () => {
    assert.deepEqual(find("Service", "acme-database"), {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("database"),
      spec: { type: "ClusterIP", clusterIP: "None", selector: labels("database"), ports: [{ name: "postgres", port: 5433, targetPort: "postgres", protocol: "TCP" }] },
    });
  });
});

describe("manifests/workloads/pod: the shared pod builder", () => {
  const topology = buildTopology(config);
  const backend = topology.workloads.find((w) => w.tier === "backend")!;
  const minimal = {
    workload: backend,
    image: { image: "example/image:1.0.0", uid: 1000, gid: 2000 },
    resources: { requests: { cpu: "1m", memory: "1Mi" }, limits: { cpu: "2m", memory: "2Mi" } },
    readinessProbe: { tcpSocket: { port: "api" } },
    livenessProbe: { tcpSocket: { port: "api" } },
    writableDirs: [],
  };

  it("without args, env, extra volumes or fsGroup, writes none of them (no empty keys)", () => {
    const spec = hardenedPodSpec(minimal);
    assert.deepEqual(spec.securityContext, { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } });
    assert.deepEqual(spec.volumes, []);
    const [container] = spec.containers;
    assert.deepEqual(Object.keys(container!).sort(), [
      "image", "imagePullPolicy", "livenessProbe", "name", "ports", "readinessProbe", "resources", "securityContext", "volumeMounts",
    ]);
    assert.deepEqual(container!.volumeMounts, []);
  });

  it("fsGroup gives mounted volumes the image's group, changed only when the root does not match", () => {
    const spec = hardenedPodSpec({ ...minimal, fsGroup: true });
    assert.deepEqual(spec.securityContext, {
      runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("servingPort refuses a workload without a port, naming it", () => {
    const portless: Workload = { ...backend, ports: [] };
    assert.throws(() => servingPort(portless), { message: "workload acme-backend/backend declares no port" });
    assert.deepEqual(servingPort(backend), backend.ports[0]);
  });
});
