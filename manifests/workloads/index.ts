// The application's workloads for every tenant: frontend, backend and database objects.
import type { StackConfig } from "../../config/types";
import { findWorkload, type Topology } from "../../topology";
import type { K8sObject } from "../k8s";
import { backendObjects } from "./backend";
import { databaseObjects } from "./database";
import { frontendObjects } from "./frontend";

export * from "./constants";
export { loadBalancerAnnotations, NLB_ANNOTATION } from "./frontend";
export { MIN_REPLICAS_FOR_PDB } from "./meta";
export { CREDENTIALS_DIR, CREDENTIALS_FILE_MODE, DATABASE_SECRET_SUFFIX, databaseClaimClass, PASSWORD_KEY } from "./database";

/** Per tenant, database first, then backend, then frontend: each tier's dependencies before it. */
export function buildWorkloads(topology: Topology, config: StackConfig): K8sObject[] {
  return topology.tenants.flatMap((tenant) => {
    const frontend = findWorkload(topology, tenant, "frontend");
    const backend = findWorkload(topology, tenant, "backend");
    const database = findWorkload(topology, tenant, "database");
    return [...databaseObjects(database, config), ...backendObjects(backend), ...frontendObjects(frontend, backend, config)];
  });
}
