"use strict";
/**
 * Runs a Node.js child (the netpol CLI) with stdin and stdout passed straight through and its
 * stderr piped through this process. Node cannot catch running out of heap in-process: V8 prints
 * a native dump and aborts. Here the dump is held back and replaced by one message with the
 * remedy (a larger --max-old-space-size), and the exit code says the run could not finish (3).
 * Plain JavaScript, so the launcher starts in milliseconds; the child runs the CLI (./entry.js).
 */
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const tty = require("tty");
const v8 = require("v8");

const EXIT_FAILED = 3;
/**
 * Where V8's fatal dumps begin: the GC trace before an out-of-memory abort (with the empty line
 * V8 puts before it), the fatal line, a failed CHECK.
 */
const DUMP_MARKERS = ["\n<--- Last few GCs --->", "<--- Last few GCs --->", "FATAL ERROR:", "# Fatal error in"];
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
/** How long an end of text that may begin a dump waits for the rest before it is written after all. */
const HOLD_BACK_MS = 50;

function writeStderr(text) {
  if (text === "") return;
  try {
    fs.writeSync(2, text);
  } catch {
    // stderr closed: nowhere to report
  }
}

/** The terminal's width; 80 when it does not say (a pseudo-terminal of size 0). */
function terminalColumns() {
  const columns = process.stderr.columns ?? 0;
  return columns > 0 ? columns : 80;
}

/** Length of the longest end of `text` that could be the start of a marker still arriving. */
function heldBack(text) {
  for (let length = Math.min(text.length, 32); length > 0; length--) {
    const tail = text.slice(text.length - length);
    if (DUMP_MARKERS.some((marker) => marker.startsWith(tail))) return length;
  }
  return 0;
}

/**
 * Passes text on until a dump marker appears, then keeps the rest as the dump. Chunks may split
 * a marker, so an end of text that could begin one waits for the next chunk, `flush` (the
 * caller's timer: V8 writes its dump in quick succession) or `end`.
 */
function createDumpFilter(write) {
  let pending = "";
  let dump = null;
  return {
    push(text) {
      if (dump !== null) {
        dump += text;
        return;
      }
      pending += text;
      const positions = DUMP_MARKERS.map((marker) => pending.indexOf(marker)).filter((at) => at >= 0);
      if (positions.length > 0) {
        const at = Math.min(...positions);
        write(pending.slice(0, at));
        dump = pending.slice(at);
        pending = "";
        return;
      }
      const keep = heldBack(pending);
      write(pending.slice(0, pending.length - keep));
      pending = pending.slice(pending.length - keep);
    },
    flush() {
      if (dump === null) write(pending);
      pending = "";
    },
    end() {
      this.flush();
    },
    dump: () => dump,
  };
}

/** The child's heap limit in MB: its --max-old-space-size if given, else this process's (same node, same machine). */
function heapLimitMB(args, env) {
  const flags = [...args, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].join(" ");
  const match = /--max[-_]old[-_]space[-_]size[= ](\d+)/.exec(flags);
  return match !== null ? Number(match[1]) : Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
}

/** The message for a run that ran out of heap: what happened and the flag that gives it more. */
function outOfMemoryMessage(name, limitMB, machineMB, reason) {
  const suggested = Math.ceil((limitMB * 2) / 1024) * 1024;
  const remedy =
    suggested < machineMB
      ? `rerun with a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=${suggested} (this machine has ${machineMB} MB), or on less input at a time`
      : `this machine has ${machineMB} MB: analyse less input at a time (fewer files or namespaces)`;
  return `${name}: out of memory: the run needed more than its ${limitMB} MB heap (${reason})\n${name}: ${remedy}\n`;
}

function fatalLine(dump) {
  const line = dump.split("\n").find((text) => /FATAL ERROR:|Fatal (JavaScript|error)/.test(text));
  return (line ?? dump.split("\n")[0] ?? "").replace(/^#\s*/, "").replace(/^FATAL ERROR:\s*/, "").trim();
}

/** The exit code and message (if any) for how the child ended. */
function outcome(name, code, signal, dump, limitMB) {
  if (dump !== null && /out of memory/i.test(dump)) {
    return { exitCode: EXIT_FAILED, message: outOfMemoryMessage(name, limitMB, Math.round(os.totalmem() / 2 ** 20), fatalLine(dump)) };
  }
  if (dump !== null) return { exitCode: EXIT_FAILED, message: `${name}: crashed, please report it: ${fatalLine(dump)}\n` };
  if (signal === "SIGKILL") {
    return { exitCode: EXIT_FAILED, message: `${name}: killed (SIGKILL), most often by the system when memory runs out: analyse less input at a time\n` };
  }
  if (signal !== null) return { signal };
  return { exitCode: code ?? EXIT_FAILED };
}

/**
 * Runs `node <args>` supervised; resolves to how it ended: `{ exitCode, message }` or `{ signal }`
 * (then the caller dies of the same signal). `env` adds to this process's environment.
 */
function supervise({ name, args, env = {} }) {
  const childEnv = { ...process.env, ...env };
  if (tty.isatty(2)) childEnv.NETPOL_STDERR_COLUMNS = String(terminalColumns());
  const child = spawn(process.execPath, args, { stdio: ["inherit", "inherit", "pipe"], env: childEnv });
  const filter = createDumpFilter(writeStderr);
  child.stderr.setEncoding("utf8");
  let timer;
  child.stderr.on("data", (text) => {
    filter.push(text);
    clearTimeout(timer);
    timer = setTimeout(() => filter.flush(), HOLD_BACK_MS);
  });
  const forward = (signal) => child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, forward);
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ exitCode: EXIT_FAILED, message: `${name}: could not start node: ${error.message}\n` }));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      filter.end();
      for (const each of SIGNALS) process.off(each, forward);
      resolve(outcome(name, code, signal, filter.dump(), heapLimitMB(args, childEnv)));
    });
  });
}

/** supervise, then leave as the child did: its exit code, our message, or its signal. */
async function runSupervised(options) {
  const ended = await supervise(options);
  if (ended.signal !== undefined) {
    process.kill(process.pid, ended.signal);
    return;
  }
  writeStderr(ended.message ?? "");
  process.exitCode = ended.exitCode;
}

module.exports = { createDumpFilter, outOfMemoryMessage, supervise, runSupervised };
