/** The fast engine (equivalence classes + sized class sets); netpol/engines.ts finds `fastEngine` here. */
export { fastEngine, prepareFast } from "./fastEngine";
export type { FastEngine, FastOptions, PreparedFastEngine } from "./fastEngine";
export { groupIntoClasses } from "./classes";
export type { ClassGrouping, EndpointClass } from "./classes";
export { checkCapacity, ENGINE_BYTES_PER_ENDPOINT, ENGINE_BYTES_PER_RULE, NetpolCapacityError } from "./capacity";
