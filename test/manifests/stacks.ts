// The configurations the manifest tests sweep: fixture variants covering every branch of the
// builders (engines, tenants, ingress on/off, production sizes).
import type { StackConfig } from "../../config/types";
import { testStackConfig } from "../fixtures/stackConfig";

export interface NamedConfig {
  readonly name: string;
  readonly config: StackConfig;
}

export function productionLike(): StackConfig {
  const base = testStackConfig({
    frontend: { port: 8080, replicas: 3 },
    backend: { port: 9090, replicas: 2 },
  });
  return { ...base, environment: "prod", production: true };
}

export function fixtureConfigs(): NamedConfig[] {
  const base = testStackConfig();
  return [
    { name: "fixture", config: base },
    { name: "two tenants", config: testStackConfig({ tenants: ["alpha", "beta"] }) },
    { name: "vpc-cni engine", config: { ...base, policy: { ...base.policy, engine: "vpc-cni" } } },
    { name: "no internet ingress", config: testStackConfig({ ingressSourceCidrs: [] }) },
    { name: "production-like", config: productionLike() },
  ];
}
