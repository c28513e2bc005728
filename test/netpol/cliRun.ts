/** `netpol <args>` in this process, on files standing for stdin, stdout and stderr (shared by the diff and report CLI tests). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../cli/netpol";

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runNetpol(args: readonly string[], input = ""): CliRun {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-run-"));
  const file = (name: string): string => path.join(scratch, name);
  fs.writeFileSync(file("stdin"), input);
  const fds = { stdin: fs.openSync(file("stdin"), "r"), stdout: fs.openSync(file("stdout"), "w"), stderr: fs.openSync(file("stderr"), "w") };
  try {
    const status = main(["node", "netpol", ...args], fds);
    return { status, stdout: fs.readFileSync(file("stdout"), "utf8"), stderr: fs.readFileSync(file("stderr"), "utf8") };
  } finally {
    for (const fd of Object.values(fds)) fs.closeSync(fd);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** `run` with NETPOL_READ_THREAD set to `setting` (undefined: unset), restored after. */
export function withThread(setting: string | undefined, run: () => CliRun): CliRun {
  const before = process.env.NETPOL_READ_THREAD;
  if (setting === undefined) delete process.env.NETPOL_READ_THREAD;
  else process.env.NETPOL_READ_THREAD = setting;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.NETPOL_READ_THREAD;
    else process.env.NETPOL_READ_THREAD = before;
  }
}
