/**
 * Reading manifest files on a second thread while the main thread builds the model from what has
 * been read (`netpol reach` and `verify` on large inputs). Reading YAML and building the model each take
 * seconds at 150,000 pods; on two cores they overlap.
 *
 * The thread reads the files as the main thread would (readManifestFile, pruned, with stubs) and
 * posts the objects in batches; the main thread waits for them synchronously (the command line is
 * synchronous: receiveMessageOnPort, and Atomics.wait on a counter the thread bumps after each
 * post). Objects cross as JSON text, the few JSON would change (YAML's .inf, .nan, -0) by
 * structured clone beside it (threadPort.packBatch); each object's source, a hidden property, is
 * set on arrival. Problems cross as data and are thrown as the same NetpolInputError.
 *
 * When the main thread falls behind (it has more to build than the thread has to read), the
 * thread also builds the Pods and workloads it reads, and hands each over as its endpoint's record
 * (netpol/ingest endpointRecordOf: strings and numbers, cheaper to clone than the object, and
 * cheaper to turn into the endpoint than the object is to build). One that has a problem crosses
 * as the object, so the model reports it as ever.
 *
 * The thread reads document by document or not at all (the reader's streamOnly): input it would
 * read whole (one JSON value, directives, malformed YAML read again for its problems, a document
 * of more than 64 million characters) makes it stop, and the caller reads everything again on
 * the main thread. So its memory stays small: the main thread cannot see a thread that ran out of
 * memory (that is only reported on the event loop, which a synchronous command never reaches),
 * and would wait for it forever. For the same reason a thread that has not said a word within
 * START_TIMEOUT_MS (it failed to load, or the machine is too busy for it to pay) is given up on,
 * and everything is read on the main thread.
 */
import { isMainThread, MessagePort, workerData } from "worker_threads";
import { EndpointRecord, endpointRecordOf, InputProblem, NetpolInputError, NotStreamable, readManifestFile } from "../../netpol";
import { setSource } from "../../netpol/stream/sources";
import { JsonBatch, nextMessage, packBatch, postCounted, startThread, unpackBatch } from "./threadPort";

/** Objects per message: large enough that posting is cheap, small enough that building starts early. */
const BATCH = 2_000;
/** The longest document the thread reads (about 64 MB of text): longer ones are read on the main thread. */
const MAX_DOCUMENT_CHARS = 64_000_000;
/** How long the thread may take to post its first message (it loads the analyzer first). */
const START_TIMEOUT_MS = 10_000;

type Message =
  | { readonly type: "file"; readonly index: number }
  /** Objects and records (arrays) in input order; `sourced`: which objects get the source (stubs do not). */
  | { readonly type: "objects"; readonly source: string; readonly batch: JsonBatch; readonly sourced: readonly boolean[] }
  | { readonly type: "problems"; readonly problems: readonly InputProblem[] }
  | { readonly type: "done" }
  | { readonly type: "fallback"; readonly reason: string }
  | { readonly type: "crashed"; readonly message: string };

interface ThreadData {
  readonly netpolReadThread: true;
  readonly files: readonly { readonly file: string; readonly name: string }[];
  readonly options: { readonly prune: boolean; readonly stubs: boolean };
  readonly port: MessagePort;
  /** Int32 counters: [0] messages posted (the main thread waits on it), [1] object batches taken in. */
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
  /** Each object, in input order, with its source set as the streamed reader sets it... */
  readonly onObject: (object: Record<string, unknown>) => void;
  /** ...or, for a Pod or workload that builds without a problem, its endpoint's record (endpointRecordOf). */
  readonly onRecord: (record: EndpointRecord, source: string) => void;
}

/** Files being read on a worker thread, started before the caller is ready for the objects. */
export interface ThreadReading {
  /**
   * Hands each object to `reader.onObject` on this thread as it arrives (those read before this
   * call wait in the channel). Throws NetpolInputError with every file's problems once all are
   * read. Returns false when the thread stopped (input it reads only whole, or an error): read
   * everything again here. Either way, what was handed over is then to be discarded.
   */
  read(reader: ThreadReader): boolean;
  /** The objects are not wanted after all (the command failed first): the thread is stopped. */
  stop(): void;
}

/** Starts reading `files` on a worker thread; nothing is handed over before `read`. */
export function startReadingOnThread(
  files: readonly { readonly file: string; readonly name: string }[],
  options: ThreadData["options"],
  // For tests: another module for the thread, another start timeout, records always or never.
  start: { readonly module?: string; readonly timeoutMs?: number; readonly records?: RecordPolicy } = {},
): ThreadReading {
  const data: Omit<ThreadData, "port" | "counters"> = { netpolReadThread: true, files, options, records: start.records ?? "behind" };
  const { port: port1, counter, stop } = startThread(start.module ?? __filename, data, 2);
  const startBy = Date.now() + (start.timeoutMs ?? START_TIMEOUT_MS);
  const read = (reader: ThreadReader): boolean => {
    const problems: InputProblem[] = [];
    let started = false;
    try {
      for (;;) {
        const message = nextMessage<Message>(port1, counter, started ? Infinity : startBy);
        if (message === undefined) return false;
        started = true;
        if (message.type === "file") reader.onFile(message.index);
        else if (message.type === "objects") {
          Atomics.add(counter, 1, 1);
          (unpackBatch(message.batch) as (Record<string, unknown> | EndpointRecord)[]).forEach((object, i) => {
            if (Array.isArray(object)) return reader.onRecord(object, message.source);
            if (message.sourced[i] === true) setSource(object, message.source);
            reader.onObject(object as Record<string, unknown>);
          });
        } else if (message.type === "problems") problems.push(...message.problems);
        // Anything else the thread could not read (a file it may not open, ...) is read again here,
        // where it fails exactly as it does without the thread.
        else if (message.type === "crashed" || message.type === "fallback") return false;
        else break;
      }
    } finally {
      stop();
    }
    if (problems.length > 0) throw new NetpolInputError(problems);
    return true;
  };
  return { read, stop };
}

/** The thread: read each file, post its objects in batches, then its problems; then done. */
function runThread(data: ThreadData): void {
  const counter = new Int32Array(data.counters);
  let batches = 0;
  const recording = (): boolean => data.records === "always" || (data.records === "behind" && batches - Atomics.load(counter, 1) >= BEHIND);
  const post = (message: Message): void => postCounted(data.port, counter, message);
  try {
    data.files.forEach(({ file, name }, index) => {
      post({ type: "file", index });
      let objects: (Record<string, unknown> | EndpointRecord)[] = [];
      let sourced: boolean[] = [];
      let jsonless: number[] = [];
      const flush = (): void => {
        if (objects.length === 0) return;
        post({ type: "objects", source: name, batch: packBatch(objects, jsonless), sourced });
        batches++;
        objects = [];
        sourced = [];
        jsonless = [];
      };
      try {
        readManifestFile(file, {
          ...data.options,
          streamOnly: { maxDocumentChars: MAX_DOCUMENT_CHARS },
          source: name,
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
      } catch (error) {
        if (!(error instanceof NetpolInputError)) throw error; // NotStreamable: below
        post({ type: "problems", problems: error.problems });
      }
    });
    post({ type: "done" });
  } catch (error) {
    if (error instanceof NotStreamable) post({ type: "fallback", reason: error.message });
    else post({ type: "crashed", message: error instanceof Error ? error.message : String(error) });
  }
}

if (!isMainThread && (workerData as Partial<ThreadData> | null)?.netpolReadThread === true) runThread(workerData as ThreadData);
