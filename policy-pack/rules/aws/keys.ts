// Customer-managed KMS keys rotate their material yearly: a leaked or brute-forced data key stops
// being useful for new data, as bank auditors (and CIS AWS 3.6) expect.
import { type ResourceRule } from "../kit";

export const KMS_KEY = "aws:kms/key:Key";

export const kmsKeyRotation: ResourceRule<Record<string, never>> = {
  name: "kms-key-rotation",
  description: "Every symmetric customer-managed KMS key has automatic rotation on (enableKeyRotation: true); asymmetric and HMAC keys, which KMS cannot rotate, are left alone.",
  defaults: {},
  types: [KMS_KEY],
  checks: [
    (props, _config, resource) => {
      const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
      if (spec !== "SYMMETRIC_DEFAULT") return [];
      return props.enableKeyRotation === true ? [] : [`KMS key ${resource.name} does not rotate (enableKeyRotation is ${String(props.enableKeyRotation)}, expected true)`];
    },
  ],
};
