// The CrossGuard policy pack of zero-trust-eks: assembles the rules (rules/), nothing else.
//   pulumi preview --policy-pack policy-pack
//   pulumi up --policy-pack policy-pack
// Constructing the PolicyPack starts the gRPC server the Pulumi engine talks to: tests never import
// this file; they import rules/ (docs/policy-pack.md).
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("zero-trust-eks", {
  description: "zero-trust-eks: the zero-trust rules and the reachability proof, enforced on every preview.",
  policies: policies(),
});
