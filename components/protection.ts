// Pure rule for resources that hold or unlock data (the KMS keys, the backup vault, the log groups): what a
// production stack must never lose to a `pulumi destroy` or a replacement. The one place this rule
// lives; every such resource spreads it into its options. No @pulumi import.

export interface DataProtection {
  /** Pulumi refuses to delete (or replace) the resource until the option is removed. */
  readonly protect: boolean;
  /** If Pulumi deletes it anyway (a replacement, an unprotected destroy), the cloud resource stays. */
  readonly retainOnDelete: boolean;
}

/**
 * In production, protected and retained: deleting a KMS key (even after its 30-day window) makes
 * everything encrypted under it unreadable, and the data (logs, backups) outlives the key's
 * Pulumi resource. Elsewhere, nothing: dev and staging must tear down cleanly.
 */
export function dataProtection(production: boolean): DataProtection {
  return { protect: production, retainOnDelete: production };
}
