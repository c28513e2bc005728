/**
 * Messages from a worker thread to a main thread that never yields to the event loop (the command
 * line is synchronous): the thread bumps a shared counter after each post, and the main thread
 * takes messages with receiveMessageOnPort, sleeping on the counter (Atomics.wait) between them.
 */
import { MessagePort, receiveMessageOnPort, TransferListItem } from "worker_threads";

/** The thread's side: post, then wake the main thread. `counter[0]` counts the messages posted. */
export function postCounted(port: MessagePort, counter: Int32Array, message: unknown, transfer: readonly TransferListItem[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
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
