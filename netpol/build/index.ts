import { NetpolModel } from "../model";

/** Kubernetes objects -> the normalised model (throws NetpolInputError listing every problem). */
export function buildModel(_objects: readonly unknown[]): NetpolModel {
  throw new Error("buildModel: not implemented yet");
}
