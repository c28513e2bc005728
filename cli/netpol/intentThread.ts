/**
 * `netpol verify` parsing a large intent on a thread of its own while the main thread finishes the
 * model and prepares the engine (at 150,000 pods an intent of 877,438 flows takes 0.6 s scanned,
 * 1.5 s parsed whole, and the reading thread is done by then). The intent crosses as a table
 * (netpol/intentTable.ts): its distinct peers and port sets once, the flows as indexes in a
 * transferred typed array. The thread is given the file's bytes and decodes them itself. Then, told
 * the model's Pods (once the main thread has built the model), it resolves the intent's peers and
 * lays out its flows between Pods (netpol/podFlows.ts: 0.3 s at 150,000 pods) while the main thread
 * prepares the engine.
 *
 * Problems cross as data and are thrown as the same NetpolInputError. Whatever else goes wrong (the
 * thread does not start within START_TIMEOUT_MS, crashes, or the intent is too large for its
 * heap) leaves the intent to be parsed on the main thread, where it fails exactly as without the
 * thread. The size check matters: a thread out of memory dies without a word, and the main thread,
 * waiting synchronously, would wait for it forever.
 */
import { getHeapStatistics } from "v8";
import { isMainThread, MessagePort, workerData } from "worker_threads";
import { InputProblem, IntentTable, intentTableBuffers, NetpolInputError, parseIntent, podFlowBuffers, podFlows, resolvePeers, ResolvedIntent, scanIntentJson, tableOfIntent } from "../../netpol";
import { nextMessage, postCounted, startThread } from "./threadPort";

/** How long the thread may take to say it has started (it loads the analyzer first). */
const START_TIMEOUT_MS = 10_000;
/**
 * Heap per byte of intent the thread must have free to take it: the text, JSON.parse's objects and
 * the parsed flows (an 83 MB JSON intent takes about 0.4 GB while it is parsed whole: a margin of
 * nearly 3). Per byte: a text has at most as many characters as its UTF-8 bytes.
 */
const HEAP_PER_BYTE = 12;

type Message =
  | { readonly type: "started" }
  | { readonly type: "intent"; readonly table: IntentTable }
  | { readonly type: "resolved"; readonly resolved: ResolvedIntent }
  | { readonly type: "problems"; readonly problems: readonly InputProblem[] }
  | { readonly type: "elsewhere"; readonly reason: string };

interface ThreadData {
  readonly netpolIntentThread: true;
  /** The intent file's bytes (shared with the main thread, which parses them when the thread cannot). */
  readonly bytes: Uint8Array;
  readonly source: string;
  readonly port: MessagePort;
  /** Int32 counter: [0] messages posted (the main thread waits on it). */
  readonly counters: SharedArrayBuffer;
}

/** An intent being parsed on a worker thread. */
export interface IntentParsing {
  /** The model's Pods (their ids, in the model's order): the thread resolves the intent against them. */
  resolve(podIds: readonly string[]): void;
  /** The intent as a table (waiting for it); throws NetpolInputError with its problems. */
  table(): IntentTable;
  /** After table() and resolve(): the intent resolved against the Pods (waiting for it), or undefined when the thread could not. */
  resolved(): ResolvedIntent | undefined;
  /** Not wanted after all (the command failed first), or done with: the thread is stopped. */
  stop(): void;
}

/** Starts parsing the intent file `source`, whose bytes are `bytes`, on a worker thread. */
export function startParsingIntent(bytes: Buffer, source: string, start: { readonly module?: string; readonly timeoutMs?: number } = {}): IntentParsing {
  const data: Omit<ThreadData, "port" | "counters"> = { netpolIntentThread: true, bytes, source };
  const { port, counter, stop } = startThread(start.module ?? __filename, data, 1);
  const startBy = Date.now() + (start.timeoutMs ?? START_TIMEOUT_MS);
  let parsed = false;
  const table = (): IntentTable => {
    let message: Message | undefined;
    try {
      message = nextMessage<Message>(port, counter, startBy);
      if (message?.type === "started") message = nextMessage<Message>(port, counter);
    } finally {
      if (message?.type !== "intent") stop();
    }
    parsed = message?.type === "intent";
    if (message?.type === "intent") return message.table;
    if (message?.type === "problems") throw new NetpolInputError(message.problems);
    return tableOfIntent(parseIntent(bytes.toString("utf8"), source)); // here, where it fails (or succeeds) as without the thread
  };
  let asked = false;
  const resolve = (podIds: readonly string[]): void => {
    asked = true;
    port.postMessage({ type: "pods", podIds });
  };
  const resolved = (): ResolvedIntent | undefined => {
    try {
      // Only a thread that parsed the intent resolves it (one that gave up or failed has stopped).
      const message = parsed && asked ? nextMessage<Message>(port, counter) : undefined;
      return message?.type === "resolved" ? message.resolved : undefined;
    } finally {
      stop();
    }
  };
  return { resolve, table, resolved, stop };
}

function runThread(data: ThreadData): void {
  const counter = new Int32Array(data.counters);
  const post = (message: Message, transfer: ArrayBuffer[] = []): void => postCounted(data.port, counter, message, transfer);
  post({ type: "started" });
  try {
    const heap = getHeapStatistics();
    if (data.bytes.length * HEAP_PER_BYTE > heap.heap_size_limit - heap.used_heap_size) {
      post({ type: "elsewhere", reason: "too large for this thread's heap" });
      return;
    }
    // A Buffer arrives as a plain Uint8Array (over the same shared memory): decoded as the main thread decodes.
    const text = Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.length).toString("utf8");
    // The generated JSON shape scanned straight into the table; any other text parsed whole.
    const table = scanIntentJson(text) ?? tableOfIntent(parseIntent(text, data.source));
    // Kept for resolving: the table's typed array is transferred, so a copy of its flows stays here.
    const kept: IntentTable = { ...table, flows: table.flows.slice() };
    post({ type: "intent", table }, intentTableBuffers(table));
    data.port.once("message", (message: { readonly type: "pods"; readonly podIds: readonly string[] }) => {
      try {
        const peers = resolvePeers(kept, message.podIds);
        const flows = podFlows(kept, peers, message.podIds.length);
        post({ type: "resolved", resolved: { peers, flows } }, [peers.buffer as ArrayBuffer, ...podFlowBuffers(flows)]);
      } catch (error) {
        post({ type: "elsewhere", reason: error instanceof Error ? error.message : String(error) }); // resolved on the main thread
      }
    });
  } catch (error) {
    if (error instanceof NetpolInputError) post({ type: "problems", problems: error.problems });
    else post({ type: "elsewhere", reason: error instanceof Error ? error.message : String(error) });
  }
}

if (!isMainThread && (workerData as Partial<ThreadData> | null)?.netpolIntentThread === true) runThread(workerData as ThreadData);
