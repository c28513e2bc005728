/**
 * Reading manifest files on two threads at once while the main thread builds the model from what
 * has been read (`netpol reach` and `verify` on large inputs). Reading YAML and building the model
 * each take seconds at 150,000 pods; on two cores they overlap.
 *
 * Each file is cut into segments of about a megabyte at `---` lines (netpol/stream/segments.ts),
 * and both threads claim segments in turn from one shared counter: a worker thread reads the
 * segments it claims and posts their objects in batches; the main thread builds the objects in
 * input order, and whenever it has nothing to build it claims the next segment and reads it itself
 * (building it at once when its turn has come, else holding it until the worker's segments before
 * it are in). So neither side waits on the other for long, and a worker that never starts leaves
 * the main thread to read every segment. The main thread waits synchronously (the command line is
 * synchronous: receiveMessageOnPort, and Atomics.wait on a counter the worker bumps after each
 * post). Objects cross as JSON text, the few JSON would change (YAML's .inf, .nan, -0) by
 * structured clone beside it (threadPort.packBatch); each object's source is handed over with it.
 *
 * When the main thread falls behind (it has more to build than the worker has to read), the
 * worker also builds the Pods and workloads it reads, and hands each over as its endpoint's record
 * (netpol/ingest endpointRecordOf: strings and numbers, cheaper to clone than the object, and
 * cheaper to turn into the endpoint than the object is to build). One that has a problem crosses
 * as the object, so the model reports it as ever.
 *
 * Segments are read document by document or not at all (the reader's streamOnly), and name the
 * documents from their own start: input either side would read whole (one JSON value,
 * directives, malformed YAML read again for its problems, a document of more than 64 million
 * characters), and any problem in a segment, make the reading stop, and the caller reads
 * everything again on the main thread, which reports the problems as ever. So the worker's memory
 * stays small: the main thread cannot see a worker that ran out of memory (that is only reported
 * on the event loop, which a synchronous command never reaches), and would wait for the segment it
 * claimed forever.
 */
import { isMainThread, MessagePort, receiveMessageOnPort, workerData } from "worker_threads";
import { EndpointRecord, endpointRecordOf, NetpolInputError, NotStreamable, readManifestSegment, ReadOptions, SEGMENT_BYTES, segmentCount } from "../../netpol";
import { JsonBatch, packBatch, postCounted, startThread, unpackBatch } from "./threadPort";

/** Objects per message: large enough that posting is cheap, small enough that building starts early. */
const BATCH = 2_000;
/** The longest document a segment may hold (about 64 MB of text): longer ones are read on the main thread alone. */
const MAX_DOCUMENT_CHARS = 64_000_000;
/** Segments the main thread reads ahead of their turn and holds (while the worker's earlier ones come in). */
const MAX_HELD = 2;
/** Counters shared with the worker (Int32): messages posted (the main thread waits on it), batches taken in, the next segment to claim. */
const POSTED = 0;
const TAKEN = 1;
const CLAIM = 2;

type Message =
  /** The worker begins segment `index` (all segments before it are read, by one thread or the other). */
  | { readonly type: "segment"; readonly index: number }
  /** Objects and records (arrays) in input order; `sourced`: which objects get the source (stubs do not). */
  | { readonly type: "objects"; readonly source: string; readonly batch: JsonBatch; readonly sourced: readonly boolean[] }
  /** No segment left to claim. */
  | { readonly type: "done" }
  | { readonly type: "fallback"; readonly reason: string }
  | { readonly type: "crashed"; readonly message: string };

interface ThreadFile {
  readonly file: string;
  readonly name: string;
}

interface ThreadData {
  readonly netpolReadThread: true;
  readonly files: readonly ThreadFile[];
  /** Each file's segments (segmentCount of its size when the reading began): both threads number them alike. */
  readonly segments: readonly number[];
  readonly segmentBytes: number;
  /** For tests: how long the worker pauses after claiming each segment. */
  readonly pauseMs: number;
  readonly options: { readonly prune: boolean; readonly stubs: boolean };
  readonly port: MessagePort;
  /** The counters: POSTED, TAKEN, CLAIM. */
  readonly counters: SharedArrayBuffer;
  readonly records: RecordPolicy;
}

/**
 * When the thread hands over a Pod or workload as its endpoint's record (built on the thread)
 * rather than as the object: "behind" while the main thread has not yet taken in the last
 * BEHIND batches posted (building them on the thread then shortens the main thread's work, while
 * a main thread that keeps up leaves the thread, the slower side, its own work only).
 */
type RecordPolicy = "behind" | "always" | "never";
/**
 * Batches posted and not yet taken in at which the main thread counts as behind. With 2 (or 1),
 * `reach` at 150,000 pods, where the two threads are about even, became 0.1–0.3 s slower; with 8
 * it is as before, and `verify`, whose main thread fell behind while it parsed the intent, gained
 * all it gained (docs/netpol-bench.md).
 */
const BEHIND = 8;

/** What the main thread is told as the files are read. */
export interface ThreadReader {
  /** Before each file (its index in `files`). */
  readonly onFile: (index: number) => void;
  /**
   * Each object, in input order, with the name of the file it was read from (not set on the
   * object: at 150,000 pods that cost 0.1 s), undefined for a stub of a kind the model ignores
   * (which has none, as the streamed reader gives it none)...
   */
  readonly onObject: (object: Record<string, unknown>, source: string | undefined) => void;
  /** ...or, for a Pod or workload that builds without a problem, its endpoint's record (endpointRecordOf). */
  readonly onRecord: (record: EndpointRecord, source: string) => void;
  /** For tests: before each segment's objects, who read it (here: as its turn came, or ahead of it and held). */
  readonly onSegment?: (index: number, by: "worker" | "here" | "held") => void;
}

/** Segment `index` of all the files' segments in turn: its file, and its index in the file. */
function locate(segments: readonly number[], index: number): { readonly file: number; readonly segment: number } {
  let file = 0;
  let segment = index;
  while (segment >= (segments[file] as number)) segment -= segments[file++] as number;
  return { file, segment };
}

/** Where segment `index` is, and how to read it. */
function segmentOptions(data: Pick<ThreadData, "files" | "segments" | "segmentBytes">, index: number, options: ReadOptions): { path: string; segment: number; options: Parameters<typeof readManifestSegment>[2] } {
  const at = locate(data.segments, index);
  const { file, name } = data.files[at.file] as ThreadFile;
  return { path: file, segment: at.segment, options: { ...options, streamOnly: { maxDocumentChars: MAX_DOCUMENT_CHARS }, source: name, count: data.segments[at.file] as number, segmentBytes: data.segmentBytes } };
}

/**
 * Reads `files` (of `sizes` bytes) on a worker thread and this one, handing each object to
 * `reader.onObject` in input order. Returns false when the reading stopped (input read only whole,
 * a problem, an error on the worker): read everything again here, where the problems are reported,
 * and discard what was handed over.
 */
export function readOnThreads(
  files: readonly ThreadFile[],
  sizes: readonly number[],
  options: ThreadData["options"],
  reader: ThreadReader,
  // For tests: another module for the worker, records always or never, smaller segments, a worker
  // that pauses, every segment left to the worker.
  start: { readonly module?: string; readonly records?: RecordPolicy; readonly segmentBytes?: number; readonly pauseMs?: number; readonly mainReads?: boolean } = {},
): boolean {
  const segmentBytes = start.segmentBytes ?? SEGMENT_BYTES;
  const segments = sizes.map((size) => segmentCount(size, segmentBytes));
  const data: Omit<ThreadData, "port" | "counters"> = { netpolReadThread: true, files, segments, segmentBytes, pauseMs: start.pauseMs ?? 0, options, records: start.records ?? "behind" };
  const { port, counter, stop } = startThread(start.module ?? __filename, data, 3);
  const total = segments.reduce((sum, count) => sum + count, 0);
  /** The next segment to build: every one before it is built. */
  let next = 0;
  /** Segments read here ahead of their turn: their objects, and each one's source. */
  const held = new Map<number, { readonly objects: Record<string, unknown>[]; readonly sources: (string | undefined)[] }>();
  let shownFile = -1;
  const begin = (index: number): void => {
    const { file } = locate(segments, index);
    if (file !== shownFile) reader.onFile((shownFile = file));
  };
  /** Up to segment `end`, every segment not the worker's is held here: build them. */
  const buildHeldBefore = (end: number): void => {
    for (; next < end; next++) {
      const segment = held.get(next);
      if (segment === undefined) continue; // the worker's, built as its objects came in
      begin(next);
      reader.onSegment?.(next, "held");
      segment.objects.forEach((object, i) => reader.onObject(object, segment.sources[i]));
      held.delete(next);
    }
  };
  /** Claims and reads the next unclaimed segment here; false when none is left. */
  const readOne = (): boolean => {
    const index = Atomics.add(counter, CLAIM, 1);
    if (index >= total) return false;
    const { path, segment, options: read } = segmentOptions(data, index, options);
    const sourceOf = (sourced: boolean): string | undefined => (sourced ? read.source : undefined);
    if (index === next) {
      begin(index);
      reader.onSegment?.(index, "here");
      readManifestSegment(path, segment, { ...read, setSources: false, onObject: (object, sourced) => reader.onObject(object, sourceOf(sourced)) });
      next++;
    } else {
      const ahead = { objects: [] as Record<string, unknown>[], sources: [] as (string | undefined)[] };
      readManifestSegment(path, segment, {
        ...read,
        setSources: false,
        onObject: (object, sourced) => {
          ahead.objects.push(object);
          ahead.sources.push(sourceOf(sourced));
        },
      });
      held.set(index, ahead);
    }
    return true;
  };
  try {
    while (next < total) {
      const seen = Atomics.load(counter, POSTED);
      const received = receiveMessageOnPort(port) as { message: Message } | undefined;
      if (received === undefined) {
        // Nothing to build: read a segment here, or wait for the worker.
        if (start.mainReads !== false && held.size < MAX_HELD && readOne()) continue;
        Atomics.wait(counter, POSTED, seen, 100);
        continue;
      }
      const message = received.message;
      if (message.type === "segment") {
        buildHeldBefore(message.index);
        begin(message.index);
        reader.onSegment?.(message.index, "worker");
      } else if (message.type === "objects") {
        Atomics.add(counter, TAKEN, 1);
        (unpackBatch(message.batch) as (Record<string, unknown> | EndpointRecord)[]).forEach((object, i) => {
          if (Array.isArray(object)) return reader.onRecord(object, message.source);
          reader.onObject(object as Record<string, unknown>, message.sourced[i] === true ? message.source : undefined);
        });
      } else if (message.type === "done") buildHeldBefore(total);
      // Anything else the worker could not read (a file it may not open, ...) is read again here,
      // where it fails exactly as it does without the worker.
      else return false;
    }
    return true;
  } catch (error) {
    if (error instanceof NotStreamable || error instanceof NetpolInputError) return false;
    throw error;
  } finally {
    Atomics.store(counter, CLAIM, total); // the worker claims nothing more
    stop();
  }
}

/** The worker: claim segments until none is left, posting each one's objects in batches; then done. */
function runThread(data: ThreadData): void {
  const counter = new Int32Array(data.counters);
  const total = data.segments.reduce((sum, count) => sum + count, 0);
  let batches = 0;
  const recording = (): boolean => data.records === "always" || (data.records === "behind" && batches - Atomics.load(counter, TAKEN) >= BEHIND);
  const post = (message: Message): void => postCounted(data.port, counter, message);
  try {
    for (let index = Atomics.add(counter, CLAIM, 1); index < total; index = Atomics.add(counter, CLAIM, 1)) {
      if (data.pauseMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, data.pauseMs);
      post({ type: "segment", index });
      const { path, segment, options } = segmentOptions(data, index, data.options);
      let objects: (Record<string, unknown> | EndpointRecord)[] = [];
      let sourced: boolean[] = [];
      let jsonless: number[] = [];
      const flush = (): void => {
        if (objects.length === 0) return;
        post({ type: "objects", source: options.source as string, batch: packBatch(objects, jsonless), sourced });
        batches++;
        objects = [];
        sourced = [];
        jsonless = [];
      };
      readManifestSegment(path, segment, {
        ...options,
        setSources: false,
        onObject: (object, hasSource, json) => {
          const record = recording() ? endpointRecordOf(object) : undefined;
          objects.push(record ?? object);
          sourced.push(record === undefined && hasSource);
          if (!json) jsonless.push(objects.length - 1);
          if (objects.length >= BATCH) flush();
        },
      });
      flush();
    }
    post({ type: "done" });
  } catch (error) {
    if (error instanceof NotStreamable || error instanceof NetpolInputError) post({ type: "fallback", reason: error.message });
    else post({ type: "crashed", message: error instanceof Error ? error.message : String(error) });
  }
}

if (!isMainThread && (workerData as Partial<ThreadData> | null)?.netpolReadThread === true) runThread(workerData as ThreadData);
