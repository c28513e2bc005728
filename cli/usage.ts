/**
 * What every command of this package shares: exit codes, `--version`, usage errors in one
 * shape (`netpol reach: <message> (see 'netpol reach --help')`), and output that never throws
 * when the reader has gone away.
 */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";

/** 0: done (verify: no difference). */
export const EXIT_OK = 0;
/** 1: verify found differences. */
export const EXIT_DIFFERENT = 1;
/** 2: bad input or usage: the user can fix it. */
export const EXIT_BAD_INPUT = 2;
/** 3: the command could not finish: out of memory, killed, or a bug. */
export const EXIT_FAILED = 3;

export const EXIT_CODES_HELP = `Exit codes:
  0  done (verify: the reachability equals the intent)
  1  verify found differences
  2  bad input or usage (the message says what and where)
  3  could not finish: out of memory (the message gives the remedy), killed, or an internal error`;

/** The project's package.json: the nearest one above this file, run from source or from the compiled build (bin/). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

/**
 * Waits on a full pipe, from this short (a reader such as `less` or `grep` empties it within
 * microseconds: at 12 MB of output, a fixed 5 ms per full 64 KB pipe added almost a second)
 * doubling up to the longest (a reader that is slow or paused costs no busy loop).
 */
const FIRST_WAIT_MS = 0.05;
const LONGEST_WAIT_MS = 5;

/** Writes all of `text` to a file descriptor; false once the reader has closed it (EPIPE). */
export function writeAll(fd: number, text: string): boolean {
  let buffer = Buffer.from(text, "utf8");
  let wait = FIRST_WAIT_MS;
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(fs.writeSync(fd, buffer));
      wait = FIRST_WAIT_MS;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") { // a non-blocking pipe that is full: wait for the reader
        sleep(wait);
        wait = Math.min(wait * 2, LONGEST_WAIT_MS);
      } else if (code === "EPIPE" || code === "EBADF") return false;
      else throw error;
    }
  }
  return true;
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

function sleep(milliseconds: number): void {
  Atomics.wait(SLEEPER, 0, 0, milliseconds);
}

/** stderr for messages: a closed stderr is not worth failing over. */
export function writeStderr(text: string, fd = 2): void {
  try {
    writeAll(fd, text);
  } catch {
    // nowhere left to report it
  }
}

/** Where a command reads and writes: the process's own descriptors, or files in tests. */
export interface Streams {
  readonly stdin: number;
  readonly stdout: number;
  readonly stderr: number;
}

export const PROCESS_STREAMS: Streams = { stdin: 0, stdout: 1, stderr: 2 };

/**
 * Version, help text and usage errors of one command (call it on each subcommand too): help and
 * version go to stdout, errors to stderr as `<name>: <message> (see '<name> --help')`.
 */
export function configureCommand(command: Command, name: string, helpAfter: string, streams: Streams = PROCESS_STREAMS): Command {
  return command
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show this help")
    .addHelpText("after", `\n${helpAfter}`)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void writeAll(streams.stdout, text),
      writeErr: (text) => writeStderr(text, streams.stderr),
      outputError: (text, write) => write(`${name}: ${text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ")} (see '${name} --help')\n`),
    });
}
