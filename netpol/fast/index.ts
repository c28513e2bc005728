/** The fast engine (equivalence classes + bitsets); netpol/engines.ts finds `fastEngine` here. */
export { fastEngine, prepareFast } from "./fastEngine";
export type { FastEngine, PreparedFastEngine } from "./fastEngine";
export { groupIntoClasses } from "./classes";
export type { ClassGrouping, EndpointClass } from "./classes";
