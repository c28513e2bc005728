import { Engine } from "./engine";

/** The plain, pair-by-pair engine (work in progress). */
export const referenceEngine: Engine = {
  name: "reference",
  prepare() {
    throw new Error("reference engine: not implemented yet");
  },
};
