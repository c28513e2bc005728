// database: PostgreSQL as a StatefulSet on encrypted gp3 that outlives its claim and is backed up
// daily, a headless Service, and its Secret. The Secret's password is a marked placeholder here;
// the Application component swaps in a @pulumi/random password at deploy time, so no real password
// exists in config or renders. PostgreSQL reads it from a mounted file, never from its environment.
import type { IStatefulSetSpec } from "kubernetes-models/apps/v1/StatefulSetSpec";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { StackConfig } from "../../config/types";
import type { Workload } from "../../topology";
import type { K8sObject } from "../k8s";
import {
  ANNOTATION_GENERATED_KEYS,
  DATABASE_IMAGE,
  DATABASE_NAME,
  DATABASE_STORAGE_CLASS,
  DATABASE_USER,
  KIND_STORAGE_CLASS,
  SECRET_PLACEHOLDER,
} from "./constants";
import { clusterIpService, disruptionBudget, workloadMeta } from "./meta";
import { hardenedPodSpec, servingPort } from "./pod";

export const DATABASE_SECRET_SUFFIX = "-credentials";
export const PASSWORD_KEY = "password";
const DATA_DIR = "/var/lib/postgresql/data";
/** Where the credentials Secret is mounted, read-only; POSTGRES_PASSWORD_FILE names the file in it. */
export const CREDENTIALS_DIR = "/etc/postgres-credentials";
/**
 * Owner read only. The kubelet owns Secret files as root and, for a pod with an fsGroup, gives that
 * group read access (0440, group 70): the only way the postgres user (UID/GID 70) can read them.
 */
export const CREDENTIALS_FILE_MODE = 0o400;

export function databaseObjects(database: Workload, config: StackConfig): K8sObject[] {
  return [
    credentialsSecret(database),
    clusterIpService(database, true),
    databaseStatefulSet(database, config.app.database.storageGiB, databaseClaimClass(config)),
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

function databasePodSpec(database: Workload): IPodSpec {
  const port = servingPort(database);
  const ready = ["pg_isready", "-U", DATABASE_USER, "-d", DATABASE_NAME, "-h", "127.0.0.1", "-p", String(port.port)];
  return hardenedPodSpec({
    workload: database,
    image: DATABASE_IMAGE,
    fsGroup: true,
    env: [
      { name: "POSTGRES_USER", value: DATABASE_USER },
      { name: "POSTGRES_DB", value: DATABASE_NAME },
      // The official image's entrypoint reads POSTGRES_PASSWORD from this file (its `_FILE` variant),
      // so the password is in no container env of the pod spec: not in `kubectl get/describe`, not
      // readable by whoever may read pods. (The entrypoint itself exports it to the server process.)
      { name: "POSTGRES_PASSWORD_FILE", value: `${CREDENTIALS_DIR}/${PASSWORD_KEY}` },
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
    volumes: [credentialsVolume(database)],
    volumeMounts: [
      { name: "data", mountPath: DATA_DIR },
      { name: "credentials", mountPath: CREDENTIALS_DIR, readOnly: true },
    ],
  });
}

/** The class the database's claim names: the retained, encrypted, backed-up class on EKS; kind's default on kind. */
export function databaseClaimClass(config: Pick<StackConfig, "platform">): string {
  return config.platform.name === "kind" ? KIND_STORAGE_CLASS : DATABASE_STORAGE_CLASS;
}

function databaseStatefulSet(database: Workload, storageGiB: number, storageClassName: string): K8sObject {
  const spec: IStatefulSetSpec = {
    serviceName: database.name,
    replicas: database.replicas,
    // Kubernetes' default, stated: deleting or scaling down the StatefulSet never deletes the claim.
    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    selector: { matchLabels: { ...database.podLabels } },
    template: { metadata: { labels: { ...database.podLabels } }, spec: databasePodSpec(database) },
    volumeClaimTemplates: [
      {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "data", labels: { ...database.podLabels } },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName,
          resources: { requests: { storage: `${storageGiB}Gi` } },
        },
      },
    ],
  };
  return { apiVersion: "apps/v1", kind: "StatefulSet", metadata: workloadMeta(database), spec };
}

/** Only the password key, as one file; mounted read-only. */
function credentialsVolume(database: Workload): IVolume {
  return {
    name: "credentials",
    secret: {
      secretName: credentialsSecretName(database),
      defaultMode: CREDENTIALS_FILE_MODE,
      items: [{ key: PASSWORD_KEY, path: PASSWORD_KEY }],
    },
  };
}
