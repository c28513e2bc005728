/**
 * Manifests from files, directories (recursively: every .yaml, .yml, .json, sorted) and
 * standard input (`-`), read file by file with the streamed reader (netpol/stream: document by
 * document, in 1 MB chunks, keeping only what the model reads); every problem of every file is
 * reported at once.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tty from "tty";
import { EndpointRecord, InputProblem, ManifestReader, NetpolInputError, readManifestFile, ReadOptions } from "../../netpol";
import { Progress } from "./progress";
import { readOnThreads } from "./readThread";

export const STDIN = "-";
export const STDIN_SOURCE = "<stdin>";
const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** Thrown for input that cannot be analysed at all (no files, no endpoints): exit 2 with the message. */
export class NothingToAnalyseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NothingToAnalyseError";
  }
}

export interface ManifestInput {
  readonly objects: readonly unknown[];
  /** Sources read: files, and "<stdin>". */
  readonly sources: number;
}

function sortedEntries(dir: string): fs.Dirent[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function walk(dir: string, files: string[]): void {
  for (const entry of sortedEntries(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(full);
  }
}

/** Files given, `-` as is, and every manifest under the directories given. */
export function manifestSources(paths: readonly string[]): string[] {
  const sources: string[] = [];
  const problems: InputProblem[] = [];
  for (const given of paths) {
    if (given === STDIN) {
      if (sources.includes(STDIN)) problems.push({ source: STDIN_SOURCE, object: "path", reason: "standard input (-) can be read only once" });
      else sources.push(STDIN);
    } else if (!fs.existsSync(given)) {
      problems.push({ source: given, object: "path", reason: "no such file or directory" });
    } else if (fs.statSync(given).isDirectory()) {
      const found: string[] = [];
      walk(given, found);
      if (found.length === 0) problems.push({ source: given, object: "directory", reason: "no manifest file (.yaml, .yml or .json) in it or below it" });
      for (const file of found) sources.push(file);
    } else {
      sources.push(given);
    }
  }
  if (problems.length > 0) throw new NetpolInputError(problems);
  return sources;
}

/** All of a file descriptor, even a non-blocking pipe (EAGAIN: wait and read on). */
export function readDescriptor(fd: number): string {
  const chunks: Buffer[] = [];
  readDescriptorChunks(fd, (chunk) => chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** A file descriptor chunk by chunk (each valid only during the call), even a non-blocking pipe. */
export function readDescriptorChunks(fd: number, each: (chunk: Buffer) => void): void {
  const chunk = Buffer.alloc(1 << 20);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let read: number;
    try {
      read = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(sleeper, 0, 0, 10);
        continue;
      }
      if (code === "EOF") break;
      throw error;
    }
    if (read === 0) break;
    each(chunk.subarray(0, read));
  }
}

/** Keep what the model reads, and a stub (apiVersion, kind) of everything else: the summary counts it, positions stay. */
const READ_OPTIONS = { prune: true, stubs: true } as const;

/** One source read document by document; standard input chunk by chunk as it arrives. */
function readSource(source: string, name: string, stdin: number, options: ReadOptions): readonly unknown[] {
  if (source !== STDIN) return readManifestFile(source, { ...options, source: name }).objects;
  const reader = new ManifestReader(name, options);
  readDescriptorChunks(stdin, (chunk) => reader.write(chunk));
  return reader.end().objects;
}

/** Where objects go as they are read, for a caller that keeps none. */
export interface ObjectSink {
  /** `source`: where it was read, when the object does not carry it (ModelBuilder.add). */
  object(object: unknown, source?: string): void;
  /** A Pod or workload read on the thread, as its endpoint's record (ModelBuilder.addRecord). */
  record(record: EndpointRecord, source: string): void;
  /** Forget every object handed over so far: they are all about to be read again. */
  restart(): void;
}

/**
 * Parse every source, collecting the problems of all of them before failing. With `sink`, each
 * object is handed over as it is read instead of returned (`objects` is then empty), and large
 * files are read on two threads (readThread.ts) while the caller builds; when this throws,
 * what was handed over is to be discarded.
 */
export function readManifests(paths: readonly string[], progress: Progress, stdin = 0, sink?: ObjectSink): ManifestInput {
  const sources = manifestSources(paths);
  const sizes = sources.map((source) => (source === STDIN ? 0 : fs.statSync(source).size));
  return readSources(sources, sizes, progress, stdin, sink);
}

function readSources(sources: readonly string[], sizes: readonly number[], progress: Progress, stdin: number, sink: ObjectSink | undefined): ManifestInput {
  const onObject = sink === undefined ? undefined : (object: unknown): void => sink.object(object);
  const phase = (index: number): void => {
    const source = sources[index] as string;
    const name = source === STDIN ? STDIN_SOURCE : source;
    const of = sources.length > 1 ? ` [${index + 1} of ${sources.length}]` : "";
    const size = sizes[index] as number;
    progress.phase(`netpol: reading ${name}${size >= 1e6 ? ` (${Math.round(size / 1e6)} MB)` : ""}${of}`);
  };
  if (sink !== undefined && readsOnThread(sources, sizes)) {
    const files = sources.map((file) => ({ file, name: file }));
    if (readOnThreads(files, sizes, READ_OPTIONS, { onFile: phase, onObject: sink.object, onRecord: sink.record })) return { objects: [], sources: sources.length };
    sink.restart(); // input read only whole, or a problem: all of it again, here
  }
  const objects: unknown[] = [];
  const problems: InputProblem[] = [];
  sources.forEach((source, index) => {
    const name = source === STDIN ? STDIN_SOURCE : source;
    phase(index);
    if (source === STDIN && tty.isatty(stdin)) progress.print("netpol: reading manifests from the terminal; end them with Ctrl-D");
    try {
      // One by one: 150,000 objects spread into push() would overflow the call stack.
      for (const object of readSource(source, name, stdin, onObject === undefined ? READ_OPTIONS : { ...READ_OPTIONS, onObject })) objects.push(object);
    } catch (error) {
      if (!(error instanceof NetpolInputError)) throw error;
      for (const problem of error.problems) problems.push(problem);
    }
  });
  if (problems.length > 0) throw new NetpolInputError(problems);
  return { objects, sources: sources.length };
}

/** Files at least this large in total are read on a thread; below, starting one costs more than it saves. */
const THREAD_MIN_BYTES = 8_000_000;

/**
 * Files only (standard input is read as it arrives, here), enough of them to pay for the thread,
 * and a second core to run it. NETPOL_READ_THREAD=on|off overrides the rule.
 */
function readsOnThread(sources: readonly string[], sizes: readonly number[]): boolean {
  if (sources.includes(STDIN)) return false;
  return threadSetting() ?? (os.availableParallelism() > 1 && sizes.reduce((sum, size) => sum + size, 0) >= THREAD_MIN_BYTES);
}

/** Intent files at least this large are parsed on a thread (cli/netpol/intentThread.ts). */
const INTENT_THREAD_MIN_BYTES = 4_000_000;

/** Whether verify parses an intent of this many bytes on a second thread: by its size and the cores, or NETPOL_READ_THREAD=on|off. */
export function parsesIntentOnThread(bytes: number): boolean {
  return threadSetting() ?? (os.availableParallelism() > 1 && bytes >= INTENT_THREAD_MIN_BYTES);
}

/** NETPOL_READ_THREAD: on (true), off (false) or unset (undefined: the command decides by size). */
function threadSetting(): boolean | undefined {
  const setting = process.env.NETPOL_READ_THREAD;
  if (setting === "on") return true;
  if (setting === "off") return false;
  if (setting !== undefined && setting !== "") {
    throw new NetpolInputError([{ source: "NETPOL_READ_THREAD", object: "environment", reason: `expected on or off (or unset: by size), got ${JSON.stringify(setting)}` }]);
  }
  return undefined;
}

/**
 * The intent file's bytes (not `-`: standard input is for manifests), read straight into shared
 * memory. Undecoded, and shared: verify hands a large intent to its thread to decode, without a
 * copy (read as text here, 83 MB took 0.25–0.35 s of the main thread before the manifests' reading
 * could start; as bytes 0.085 s, straight into shared memory 0.045 s).
 */
export function readIntentBytes(file: string): Buffer {
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    throw new NetpolInputError([{ source: file, object: "intent", reason: "no such file" }]);
  }
  const descriptor = fs.openSync(file, "r");
  try {
    let bytes = Buffer.from(new SharedArrayBuffer(fs.fstatSync(descriptor).size));
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        // Full at the size it had when opened: is there more (it grew since)?
        const more = Buffer.alloc(1 << 16);
        const read = fs.readSync(descriptor, more, 0, more.length, length);
        if (read === 0) return bytes;
        const larger = Buffer.from(new SharedArrayBuffer(2 * length + read));
        bytes.copy(larger);
        more.copy(larger, length, 0, read);
        bytes = larger;
        length += read;
        continue;
      }
      const read = fs.readSync(descriptor, bytes, length, bytes.length - length, length);
      if (read === 0) return bytes.subarray(0, length); // shrunk since
      length += read;
    }
  } finally {
    fs.closeSync(descriptor);
  }
}

/** The intent file's text. */
export function readIntentText(file: string): string {
  return readIntentBytes(file).toString("utf8");
}
