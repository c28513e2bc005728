/**
 * A progress line on a terminal's stderr for runs longer than a couple of seconds. The work is
 * synchronous (parsing a 50 MB file is one call), so a worker thread draws the line on a timer
 * while the main thread computes; the main thread only posts the current phase. The two share a
 * lock so that a message printed by the main thread never interleaves with the line.
 */
import * as fs from "fs";
import { Worker } from "worker_threads";
import { writeAll, writeStderr } from "../usage";

export interface Progress {
  /** What the run is doing now, like "netpol: parsing big.yaml (22 MB)". */
  phase(text: string): void;
  /** Prints a whole line to stderr, clearing the progress line first. */
  print(line: string): void;
  /** Clears the line for good. */
  stop(): void;
}

export interface ProgressOptions {
  /** Where to draw (a terminal). */
  readonly fd: number;
  readonly columns: number;
  /** Nothing is drawn before this much time has passed. */
  readonly delayMs: number;
}

const LOCK = 0;
const STOPPED = 1;
const DRAWN = 2;
const CLEAR_LINE = "\r\u001b[K";

// Plain JavaScript, run with no preloads: the worker must start fast and never needs ts-node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("worker_threads");
const fs = require("fs");
const state = new Int32Array(workerData.state);
let text = "";
let drawn = "";
parentPort.on("message", (message) => { text = message; });
setInterval(() => {
  const elapsed = Date.now() - workerData.started;
  if (elapsed < workerData.delayMs || text === "") return;
  if (Atomics.compareExchange(state, ${LOCK}, 0, 1) !== 0) return;
  try {
    const line = (text + " (" + Math.floor(elapsed / 1000) + " s)").slice(0, workerData.columns - 1);
    if (Atomics.load(state, ${STOPPED}) === 0 && (line !== drawn || Atomics.load(state, ${DRAWN}) === 0)) {
      fs.writeSync(workerData.fd, ${JSON.stringify(CLEAR_LINE)} + line);
      drawn = line;
      Atomics.store(state, ${DRAWN}, 1);
    }
  } catch (error) {
    Atomics.store(state, ${STOPPED}, 1);
  } finally {
    Atomics.store(state, ${LOCK}, 0);
    Atomics.notify(state, ${LOCK});
  }
}, 200).unref();
`;

class TerminalProgress implements Progress {
  private readonly state = new Int32Array(new SharedArrayBuffer(12));
  private readonly worker: Worker;

  constructor(private readonly options: ProgressOptions) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { state: this.state.buffer, started: Date.now(), delayMs: options.delayMs, fd: options.fd, columns: options.columns },
    });
    this.worker.unref();
  }

  phase(text: string): void {
    if (Atomics.load(this.state, STOPPED) === 0) this.worker.postMessage(text);
  }

  print(line: string): void {
    this.locked(() => {
      this.clear();
      try {
        writeAll(this.options.fd, `${line}\n`);
      } catch {
        // the terminal is gone
      }
    });
  }

  stop(): void {
    this.locked(() => {
      Atomics.store(this.state, STOPPED, 1);
      this.clear();
    });
    void this.worker.terminate();
  }

  private clear(): void {
    if (Atomics.exchange(this.state, DRAWN, 0) === 1) {
      try {
        fs.writeSync(this.options.fd, CLEAR_LINE);
      } catch {
        // the terminal is gone
      }
    }
  }

  private locked(action: () => void): void {
    while (Atomics.compareExchange(this.state, LOCK, 0, 1) !== 0) Atomics.wait(this.state, LOCK, 1, 20);
    try {
      action();
    } finally {
      Atomics.store(this.state, LOCK, 0);
    }
  }
}

/** Messages only, no progress line: stderr is not a terminal. */
function quiet(fd: number): Progress {
  return {
    phase: () => undefined,
    print: (line) => writeStderr(`${line}\n`, fd),
    stop: () => undefined,
  };
}

/** A progress line on `options.fd` when given, else plain messages on `stderr`. */
export function startProgress(options: ProgressOptions | undefined, stderr = 2): Progress {
  return options === undefined ? quiet(stderr) : new TerminalProgress(options);
}
