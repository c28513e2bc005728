/**
 * A manifest file cut into segments that can be read apart, so that two threads share the reading
 * of one large file (cli/netpol/readThread.ts). Segment k begins at the first `---` line that
 * starts at or after byte k × segmentBytes (the first segment at 0, the last ends at the file's
 * end). The streamed reader ends a document at every `---` line, so the segments read one after
 * the other give the file's objects in its order; the document numbers in problems, and the input
 * it reads only whole (a leading JSON value, directives), are the whole file's business: where a
 * segment reports a problem or throws NotStreamable, read the file whole instead.
 */
import * as fs from "fs";
import { endsMarker, ManifestRead, ManifestReader, ReadOptions } from "./reader";

/** About 2,000 Pods of 500 bytes: many segments to share, each worth a reader of its own. */
export const SEGMENT_BYTES = 1 << 20;

const MARKER = Buffer.from("\n---");
const SCAN_BYTES = 1 << 16;
const CHUNK_BYTES = 1 << 20;

/** How many segments a file of `size` bytes is read in (at least one: an empty file is an empty segment). */
export function segmentCount(size: number, segmentBytes = SEGMENT_BYTES): number {
  return Math.max(1, Math.ceil(size / segmentBytes));
}

/** The first `---` line starting at or after `from` (> 0), or where the file ends. */
function markerAtOrAfter(descriptor: number, from: number): number {
  const window = Buffer.alloc(SCAN_BYTES);
  // Windows overlap by the marker's length: one cut by a window's end is found whole in the next.
  // Stryker disable next-line ArithmeticOperator: starting later misses at most a --- line at the mark itself: the cut moves to the next, the same objects
  for (let position = from - 1; ; position += SCAN_BYTES - MARKER.length) {
    const read = fs.readSync(descriptor, window, 0, SCAN_BYTES, position);
    const bytes = window.subarray(0, read);
    for (let index = bytes.indexOf(MARKER); index >= 0; index = bytes.indexOf(MARKER, index + 1)) {
      const after = index + MARKER.length;
      // The byte after `---` is in the next window (where the overlap finds the marker again), or there is none: the file ends.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a --- line missed moves the cut to the next (the same objects); one taken at a window's end that is none makes the segments refuse (segments.test.ts)
      if (after < read ? endsMarker(bytes[after] as number) : read < SCAN_BYTES) return position + index + 1;
    }
    if (read < SCAN_BYTES) return position + read;
  }
}

export interface SegmentOptions extends ReadOptions {
  /** The name problems give (default: the file). */
  readonly source?: string;
  /** The file's segments (segmentCount of its size when its reading was planned). */
  readonly count: number;
  readonly segmentBytes?: number;
}

/** Segment `index` of `options.count` of a manifest file, read by the streamed reader. */
export function readManifestSegment(file: string, index: number, options: SegmentOptions): ManifestRead {
  const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
  const descriptor = fs.openSync(file, "r");
  try {
    const start = index === 0 ? 0 : markerAtOrAfter(descriptor, index * segmentBytes);
    // The last segment reads on to the file's end, wherever that is now.
    const end = index + 1 >= options.count ? Infinity : markerAtOrAfter(descriptor, (index + 1) * segmentBytes);
    const reader = new ManifestReader(options.source ?? file, options);
    const buffer = Buffer.alloc(CHUNK_BYTES);
    // Stryker disable next-line EqualityOperator: at the end a read of nothing ends the loop
    for (let position = start; position < end; ) {
      const read = fs.readSync(descriptor, buffer, 0, Math.min(CHUNK_BYTES, end - position), position);
      if (read === 0) break;
      reader.write(buffer.subarray(0, read));
      position += read;
    }
    return reader.end();
  } finally {
    fs.closeSync(descriptor);
  }
}
