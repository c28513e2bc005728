export * from "./types";
export * from "./naming";
export { buildTopology } from "./build";
export { findWorkload } from "./lookup";
export { toIntent, type IntentFile, type IntentFlow } from "./intent";
