// Cross-key rules about how the application is served and kept: the frontend's TLS certificate
// and the database's backup retention. Each reads only what parsed cleanly (see checks.ts).
import { partitionOf } from "./aws";
import type { ConfigProblem } from "./errors";
import { PRODUCTION_MIN_BACKUP_RETENTION_DAYS } from "./keys";
import { keyProblem, type Parsed } from "./parsed";

/**
 * An NLB can only use an ACM certificate of its own region (and so of its partition). The key's
 * pattern already checked the ARN's shape.
 */
function certificateInStackRegion(parsed: Parsed): ConfigProblem[] {
  const { frontendCertificateArn: arn, region } = parsed.values;
  if (arn === undefined || arn === "" || region === undefined) return [];
  const [, partition, , certificateRegion] = arn.split(":");
  if (certificateRegion === region && partition === partitionOf(region)) return [];
  return [keyProblem(parsed, "frontendCertificateArn", `an ACM certificate in the stack's region ${region} (partition ${partitionOf(region)}): a load balancer can only use a certificate of its own region`)];
}

/** Production serves internet clients over TLS only; without internet ingress there is no listener at all. */
function productionServesTls(parsed: Parsed): ConfigProblem[] {
  const { production, frontendCertificateArn: arn, ingressSourceCidrs: sources } = parsed.values;
  if (production !== true || arn !== "" || sources === undefined || sources.length === 0) return [];
  return [keyProblem(parsed, "frontendCertificateArn", "an ACM certificate ARN in a production stack with internet ingress (ingressSourceCidrs is not []): production serves the frontend over TLS only, never plain HTTP")];
}

function productionKeepsBackups(parsed: Parsed): ConfigProblem[] {
  const { production, databaseBackupRetentionDays: days } = parsed.values;
  if (production !== true || days === undefined || days >= PRODUCTION_MIN_BACKUP_RETENTION_DAYS) return [];
  return [keyProblem(parsed, "databaseBackupRetentionDays", `at least ${PRODUCTION_MIN_BACKUP_RETENTION_DAYS} in a production stack (a week of daily recovery points)`)];
}

export function appProblems(parsed: Parsed): ConfigProblem[] {
  return [...certificateInStackRegion(parsed), ...productionServesTls(parsed), ...productionKeepsBackups(parsed)];
}
