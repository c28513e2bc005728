// The configurations the manifest tests sweep: the project's real stack files, and fixture
// variants covering every branch of the builders (engines, tenants, ingress on/off, sizes).
import * as path from "path";
import { listStacks, loadStackFile } from "../../config";
import type { StackConfig } from "../../config/types";
import { testKindStackConfig, testStackConfig } from "../fixtures/stackConfig";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

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
    { name: "kind", config: testKindStackConfig({ tenants: ["alpha", "beta"] }) },
  ];
}

/** Every Pulumi.<stack>.yaml of the project, parsed by the program's own config parser. */
export function stackFileConfigs(): NamedConfig[] {
  return listStacks(PROJECT_DIR).map((stack) => ({ name: `Pulumi.${stack}.yaml`, config: loadStackFile(PROJECT_DIR, stack) }));
}

export function allConfigs(): NamedConfig[] {
  return [...stackFileConfigs(), ...fixtureConfigs()];
}
