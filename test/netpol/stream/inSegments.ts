/** A manifest file read segment by segment (netpol/stream/segments.ts), as the reading threads share it. */
import * as fs from "fs";
import { NetpolInputError } from "../../../netpol";
import { NotStreamable } from "../../../netpol/stream";
import { readManifestSegment, segmentCount } from "../../../netpol/stream/segments";

export const OPTIONS = { prune: true, stubs: true, streamOnly: { maxDocumentChars: 1_000_000 } } as const;

/** Every segment's objects in order, or what made one refuse (a problem, or input read only whole). */
export function readInSegments(file: string, segmentBytes: number): { objects: unknown[] } | { refused: string } {
  const count = segmentCount(fs.statSync(file).size, segmentBytes);
  const objects: unknown[] = [];
  try {
    for (let index = 0; index < count; index++) objects.push(...readManifestSegment(file, index, { ...OPTIONS, count, segmentBytes }).objects);
  } catch (error) {
    if (error instanceof NotStreamable || error instanceof NetpolInputError) return { refused: error.message };
    throw error;
  }
  return { objects };
}
