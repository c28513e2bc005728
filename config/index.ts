// The config layer's public API: one parser, two thin sources, one error type, the key table.
export { parseStackConfig, type RawStackConfig } from "./parse";
export { fromPulumiAllConfig, loadStackFile, readStackRaw, listStacks } from "./sources";
export { ConfigError, type ConfigProblem } from "./errors";
export { CONFIG_KEYS, PROJECT, type ConfigKeySpec, type ConfigDefault, type PulumiConfigType } from "./keys";
export { nodeArchitecture, type CpuArchitecture } from "./aws";
export { DATABASE_REPLICAS } from "./build";
export { internalRange, KIND_SERVICE_SUBNET, PLATFORMS, type Platform } from "./platform";
export * from "./types";
