// Address ranges in policies: which ones reach the whole internet, which ones swallow the VPC.
// Pods take VPC addresses under the VPC CNI, so an ipBlock that contains the VPC matches every pod
// of the cluster by address, around the pod and namespace selectors the policy seems to use.
import type { PolicyResource } from "@pulumi/policy";
import { cidrContains, parseCidr, type Cidr } from "../../../config/cidr";
import { asArray, asRecord } from "../kit";

export const VPC_TYPES = { vpc: "aws:ec2/vpc:Vpc", awsxVpc: "awsx:ec2:Vpc" } as const;

export type Breadth =
  | { readonly kind: "world"; readonly cidr: string }
  | { readonly kind: "vpc"; readonly cidr: string; readonly vpc: string }
  | { readonly kind: "invalid"; readonly cidr: string; readonly reason: string }
  | { readonly kind: "narrow" };

/**
 * The VPC ranges of the stack: every `aws:ec2/vpc:Vpc` (awsx creates one in a real preview) and
 * every `awsx:ec2:Vpc` component's `cidrBlock`, plus `extra` (config `vpcCidrs`, for a VPC another
 * stack owns). Invalid texts are skipped: the VPC resource itself would fail on them.
 */
export function vpcCidrs(resources: readonly PolicyResource[], extra: readonly string[]): Cidr[] {
  const written = resources
    .filter((r) => r.type === VPC_TYPES.vpc || r.type === VPC_TYPES.awsxVpc)
    .map((r) => r.props.cidrBlock)
    .filter((value): value is string => typeof value === "string");
  return [...new Set([...written, ...extra])].flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed.ok ? [parsed.cidr] : [];
  });
}

/** How far an ipBlock reaches: the whole internet (/0), the whole VPC (not excepted), or neither. */
export function ipBlockBreadth(ipBlock: unknown, vpcs: readonly Cidr[]): Breadth {
  const block = asRecord(ipBlock);
  const cidrText = String(block.cidr);
  const parsed = parseCidr(cidrText);
  if (!parsed.ok) return { kind: "invalid", cidr: cidrText, reason: parsed.reason };
  if (parsed.cidr.prefix === 0) return { kind: "world", cidr: cidrText };
  const excepts = asArray(block.except).flatMap((text) => {
    const except = parseCidr(String(text));
    return except.ok ? [except.cidr] : [];
  });
  const swallowed = vpcs.find((vpc) => cidrContains(parsed.cidr, vpc) && !excepts.some((except) => cidrContains(except, vpc)));
  return swallowed ? { kind: "vpc", cidr: cidrText, vpc: swallowed.text } : { kind: "narrow" };
}

/** Is this CIDR text the whole of an address family (0.0.0.0/0, ::/0)? */
export function isWorld(text: unknown): boolean {
  const parsed = parseCidr(String(text));
  return parsed.ok && parsed.cidr.prefix === 0;
}
