/**
 * Streamed manifest reading: text, chunks or a file -> objects, document by document, keeping
 * only what the model reads (prune.ts). Gives the objects and the problems parseManifestText
 * gives (netpol/parse.ts) on the same text, problems naming the source and the document, with
 * the model's fields only; much faster and in a fraction of the memory on large inputs:
 *
 * - one JSON value (`kubectl get -o json`) is read with JSON.parse (json.ts);
 * - YAML is split at `---` lines into documents, and each is read by the block-YAML reader
 *   (blockYaml.ts) or, when it uses anything beyond that subset, by the `yaml` package alone;
 * - a stream with directives (`%YAML`) or document end markers (`...`) is read by the `yaml`
 *   package from the first document that has them, as parseManifestText would read it;
 * - malformed input (some document with a YAML error) is read again whole by the `yaml`
 *   package, so that the problems name exactly the documents and lines parseManifestText names.
 *
 * A document is converted, pruned and dropped as soon as the next `---` line has been read, so
 * memory follows what the model keeps, not the size of the text.
 */
import * as fs from "fs";
import { ManifestRead, ManifestReader, ReadOptions } from "./reader";

export { ManifestReader, NotStreamable } from "./reader";
export type { ManifestRead, ReadOptions } from "./reader";
export { streamedSource } from "./sources";
export { isModelledKind } from "./prune";
export { readManifestSegment, segmentCount, SEGMENT_BYTES } from "./segments";

/** Multi-document YAML or JSON text -> objects (see ManifestReader). Throws NetpolInputError naming the source and document. */
export function readManifestText(text: string, source: string, options: ReadOptions = {}): ManifestRead {
  const reader = new ManifestReader(source, options);
  reader.write(text);
  return reader.end();
}

const CHUNK_BYTES = 1 << 20;

/** A manifest file read in 1 MB chunks, each document converted as soon as it is complete. */
export function readManifestFile(file: string, options: ReadOptions & { readonly source?: string } = {}): ManifestRead {
  const reader = new ManifestReader(options.source ?? file, options);
  const descriptor = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (let read = fs.readSync(descriptor, buffer, 0, CHUNK_BYTES, null); read > 0; read = fs.readSync(descriptor, buffer, 0, CHUNK_BYTES, null)) {
      reader.write(buffer.subarray(0, read));
    }
  } finally {
    fs.closeSync(descriptor);
  }
  return reader.end();
}
