// database: PostgreSQL as a StatefulSet on encrypted gp3, a headless Service, and its Secret.
// The Secret's password is a marked placeholder here; the Application component swaps in a
// @pulumi/random password at deploy time, so no real password exists in config or renders.
import type { IStatefulSetSpec } from "kubernetes-models/apps/v1/StatefulSetSpec";
import type { StackConfig } from "../../config/types";
import type { Workload } from "../../topology";
import type { K8sObject } from "../k8s";
import {
  ANNOTATION_GENERATED_KEYS,
  DATABASE_IMAGE,
  DATABASE_NAME,
  DATABASE_USER,
  ENCRYPTED_STORAGE_CLASS,
  SECRET_PLACEHOLDER,
} from "./constants";
import { clusterIpService, disruptionBudget, workloadMeta } from "./meta";
import { hardenedPodSpec, servingPort } from "./pod";

export const DATABASE_SECRET_SUFFIX = "-credentials";
export const PASSWORD_KEY = "password";
const DATA_DIR = "/var/lib/postgresql/data";

export function databaseObjects(database: Workload, config: StackConfig): K8sObject[] {
  return [
    credentialsSecret(database),
    clusterIpService(database, true),
    databaseStatefulSet(database, config.app.database.storageGiB),
    ...disruptionBudget(database),
  ];
}

/** The Secret the database reads its password from; the StatefulSet refers to it by this name. */
function credentialsSecretName(database: Workload): string {
  return `${database.name}${DATABASE_SECRET_SUFFIX}`;
}

function credentialsSecret(database: Workload): K8sObject {
  const metadata = {
    ...workloadMeta(database, credentialsSecretName(database)),
    annotations: { [ANNOTATION_GENERATED_KEYS]: PASSWORD_KEY },
  };
  return { apiVersion: "v1", kind: "Secret", metadata, type: "Opaque", stringData: { [PASSWORD_KEY]: SECRET_PLACEHOLDER } };
}

function databaseStatefulSet(database: Workload, storageGiB: number): K8sObject {
  const port = servingPort(database);
  const ready = ["pg_isready", "-U", DATABASE_USER, "-d", DATABASE_NAME, "-h", "127.0.0.1", "-p", String(port.port)];
  const podSpec = hardenedPodSpec({
    workload: database,
    image: DATABASE_IMAGE,
    fsGroup: true,
    env: [
      { name: "POSTGRES_USER", value: DATABASE_USER },
      { name: "POSTGRES_DB", value: DATABASE_NAME },
      {
        name: "POSTGRES_PASSWORD",
        valueFrom: { secretKeyRef: { name: credentialsSecretName(database), key: PASSWORD_KEY } },
      },
      // A subdirectory: the volume root holds lost+found, which initdb refuses.
      { name: "PGDATA", value: `${DATA_DIR}/pgdata` },
      { name: "PGPORT", value: String(port.port) },
    ],
    resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    readinessProbe: { exec: { command: ready }, initialDelaySeconds: 5, periodSeconds: 10 },
    livenessProbe: { exec: { command: ready }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 },
    writableDirs: [
      { name: "run", mountPath: "/var/run/postgresql", sizeLimit: "1Mi" },
      { name: "tmp", mountPath: "/tmp", sizeLimit: "64Mi" },
    ],
    volumeMounts: [{ name: "data", mountPath: DATA_DIR }],
  });
  const spec: IStatefulSetSpec = {
    serviceName: database.name,
    replicas: database.replicas,
    selector: { matchLabels: { ...database.podLabels } },
    template: { metadata: { labels: { ...database.podLabels } }, spec: podSpec },
    volumeClaimTemplates: [
      {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "data", labels: { ...database.podLabels } },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName: ENCRYPTED_STORAGE_CLASS,
          resources: { requests: { storage: `${storageGiB}Gi` } },
        },
      },
    ],
  };
  return { apiVersion: "apps/v1", kind: "StatefulSet", metadata: workloadMeta(database), spec };
}
