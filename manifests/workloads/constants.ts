// Everything about the workloads that is a deliberate, pinned choice: images, users, storage.
// One place, so a version bump or a StorageClass rename is one reviewed line.

/** An image pinned to an explicit version, and the unprivileged user it is built to run as. */
export interface PinnedImage {
  readonly image: string;
  readonly uid: number;
  readonly gid: number;
}

/** nginx built to run unprivileged: pid and temp files under /tmp, UID/GID 101. */
export const FRONTEND_IMAGE: PinnedImage = { image: "nginxinc/nginx-unprivileged:1.28.0-alpine", uid: 101, gid: 101 };

/** HashiCorp's http-echo 1.0.0: a static binary on distroless `nonroot` (65532), writes nothing. */
export const BACKEND_IMAGE: PinnedImage = { image: "hashicorp/http-echo:1.0.0", uid: 65532, gid: 65532 };

/** PostgreSQL 17 on Alpine, whose `postgres` user is UID/GID 70. */
export const DATABASE_IMAGE: PinnedImage = { image: "postgres:17.6-alpine", uid: 70, gid: 70 };

/**
 * The encrypted gp3 StorageClass the cluster layer creates (and marks default): volumes are
 * deleted with their claim. For scratch data; nothing of this project uses it by name.
 */
export const ENCRYPTED_STORAGE_CLASS = "gp3-encrypted";

/**
 * The database's StorageClass: encrypted gp3 like the default, but the volume outlives its claim
 * (`reclaimPolicy: Retain`) and carries the backup-selection tag. Named explicitly so the database
 * never lands on a class that deletes or does not back up its volume.
 */
export const DATABASE_STORAGE_CLASS = "gp3-encrypted-retain";

/**
 * kind's default StorageClass, which the database uses on kind: the local-path provisioner makes a
 * directory on the node (not encrypted, deleted with its claim, no backups). Preview data only.
 */
export const KIND_STORAGE_CLASS = "standard";

/** Cluster DNS domain of EKS (kubelet --cluster-domain). */
export const CLUSTER_DOMAIN = "cluster.local";

/** Port the frontend load balancer listens on without a certificate (the pods listen on the topology's port). */
export const LOAD_BALANCER_PORT = 80;

/** Port the frontend load balancer terminates TLS on, with the stack's ACM certificate. */
export const LOAD_BALANCER_TLS_PORT = 443;

/**
 * The NLB TLS listener's security policy: TLS 1.3 and 1.2 only, and in TLS 1.2 only ECDHE key
 * exchange with AES-GCM (forward secrecy, no CBC or RSA key exchange). The ELB default for API
 * callers, which the controller would otherwise get, is ELBSecurityPolicy-2016-08 (TLS 1.0+).
 */
export const TLS_SECURITY_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/** The database's login and schema; not secret. The password is. */
export const DATABASE_USER = "app";
export const DATABASE_NAME = "app";

/**
 * Stands in for a generated secret value in the pure objects and in `render` output. The
 * Application component replaces every value equal to it with a @pulumi/random password.
 */
export const SECRET_PLACEHOLDER = "PLACEHOLDER-generated-at-deploy-time-by-pulumi-random-never-a-real-password";

/** Annotation on a Secret listing the stringData keys that hold SECRET_PLACEHOLDER. */
export const ANNOTATION_GENERATED_KEYS = "zero-trust-eks.io/generated-keys";

/** The stringData keys of a Secret that hold SECRET_PLACEHOLDER and must be generated at deploy time. */
export function generatedSecretKeys(object: { kind: string; metadata: { annotations?: Record<string, string> } }): string[] {
  if (object.kind !== "Secret") return [];
  const listed = object.metadata.annotations?.[ANNOTATION_GENERATED_KEYS] ?? "";
  return listed.split(",").map((key) => key.trim()).filter((key) => key.length > 0);
}
