/**
 * Which file (or other source) an object read by the streamed reader came from, so that the
 * model builder's problems name it (netpol/parse.ts keeps the same for parseManifestText).
 * A hidden property of the kept object, not a WeakMap: at 250,000 objects a WeakMap's entries
 * cost more in every garbage collection than the whole lookup saves.
 */
const SOURCE: unique symbol = Symbol("netpol source");

interface Sourced {
  readonly [SOURCE]?: string;
}

/** Not enumerable: the object still deep-equals, prints and serialises as read. */
export function setSource(object: object, source: string): void {
  Object.defineProperty(object, SOURCE, {
    value: source,
    enumerable: false,
    // Stryker disable next-line BooleanLiteral: nothing writes or redefines the source; redefining it with the same value (a YAML alias read twice) is allowed either way
    writable: false, configurable: true,
  });
}

/** The source an object was read from by the streamed reader, if it was. */
export function streamedSource(object: unknown): string | undefined {
  return typeof object === "object" && object !== null ? (object as Sourced)[SOURCE] : undefined;
}
