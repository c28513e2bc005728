/**
 * Which file (or other source) an object read by the streamed reader came from, so that the
 * model builder's problems name it (netpol/parse.ts keeps the same for parseManifestText).
 */
const sources = new WeakMap<object, string>();

export function setSource(object: object, source: string): void {
  sources.set(object, source);
}

/** The source an object was read from by the streamed reader, if it was. */
export function streamedSource(object: unknown): string | undefined {
  return typeof object === "object" && object !== null ? sources.get(object) : undefined;
}
