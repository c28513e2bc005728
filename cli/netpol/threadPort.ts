/**
 * Messages from a worker thread to a main thread that never yields to the event loop (the command
 * line is synchronous): the thread bumps a shared counter after each post, and the main thread
 * takes messages with receiveMessageOnPort, sleeping on the counter (Atomics.wait) between them.
 */
import { MessageChannel, MessagePort, receiveMessageOnPort, TransferListItem, Worker } from "worker_threads";

/** The thread's side: post, then wake the main thread. `counter[0]` counts the messages posted. */
export function postCounted(port: MessagePort, counter: Int32Array, message: unknown, transfer: readonly TransferListItem[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

/**
 * Values to post as one JSON text, but for those JSON would change (YAML's .inf, .nan, -0: the
 * reader says which), cloned beside it by position. Receiving 280,000 manifest objects took 1.07 s
 * of the main thread structured-cloned, 0.57 s as JSON; posting them 0.59 s, 0.33 s.
 */
export interface JsonBatch {
  readonly json: string;
  readonly cloned: readonly (readonly [number, unknown])[];
}

/** `values` to post; those at the positions `jsonless` (ascending) by clone. */
export function packBatch(values: readonly unknown[], jsonless: readonly number[] = []): JsonBatch {
  if (jsonless.length === 0) return { json: JSON.stringify(values), cloned: [] };
  const inJson = [...values];
  for (const index of jsonless) inJson[index] = null;
  return { json: JSON.stringify(inJson), cloned: jsonless.map((index) => [index, values[index]]) };
}

export function unpackBatch(batch: JsonBatch): unknown[] {
  const values = JSON.parse(batch.json) as unknown[];
  for (const [index, value] of batch.cloned) values[index] = value;
  return values;
}

/**
 * The main thread's side: the next message, waiting as long as it takes; or undefined when
 * `giveUpAt` (a Date.now() time) passes first.
 */
export function nextMessage<T>(port: MessagePort, counter: Int32Array, giveUpAt = Infinity): T | undefined {
  for (;;) {
    const seen = Atomics.load(counter, 0);
    const received = receiveMessageOnPort(port) as { message: T } | undefined;
    if (received !== undefined) return received.message;
    if (Date.now() > giveUpAt) return undefined;
    Atomics.wait(counter, 0, seen, 100);
  }
}

/** A worker thread, and the main thread's end of its channel. */
export interface StartedThread {
  readonly port: MessagePort;
  /** Shared Int32 counters: [0] messages posted (postCounted), the rest the caller's. */
  readonly counter: Int32Array;
  /** Closes the channel and ends the thread. */
  stop(): void;
}

/**
 * Runs `module` on a worker thread with `data` (plus `port` and `counters` for the thread's
 * side). Run from source (tests, ts-node), the thread needs ts-node too; compiled, it inherits the
 * process's options (V8's flags, such as the launcher's young generation, are process-wide).
 * Its failures reach the main thread as messages (or, out of memory, not at all): an 'error' event
 * after the last message must not end the command.
 */
export function startThread(module: string, data: object, counters: number): StartedThread {
  const { port1, port2 } = new MessageChannel();
  const shared = new SharedArrayBuffer(4 * counters);
  const worker = new Worker(module, {
    workerData: { ...data, port: port2, counters: shared },
    transferList: [port2],
    ...(module.endsWith(".ts") ? { execArgv: ["--require", require.resolve("ts-node/register/transpile-only")] } : {}),
  });
  worker.unref();
  worker.on("error", () => undefined);
  return {
    port: port1,
    counter: new Int32Array(shared),
    stop: () => {
      port1.close();
      void worker.terminate();
    },
  };
}
