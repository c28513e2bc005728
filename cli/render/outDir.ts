// Where render writes: the exact --out folder and the subfolders of its own layout (analysis/),
// never anywhere else. The write is planned before the first byte: a target path held by anything
// but this stack's own earlier render (another stack's render, a user's file, a directory, a
// device) stops it, and the only files it removes are this stack's earlier files it no longer
// produces, in those same folders.
import * as fs from "fs";
import * as path from "path";
import { renderedStackOf, type OutputFile } from "../../manifests/output";

/** The output cannot be written; the CLI prints it as one line and exits 2. */
export class WriteError extends Error {
  constructor(readonly target: string, readonly problem: string, readonly verb: "write" | "remove" = "write") {
    super(`cannot ${verb} ${target}: ${problem}`);
  }
}

export interface WritePlan {
  readonly dir: string;
  readonly files: readonly OutputFile[];
  /** This stack's earlier files in those folders that this render no longer produces (`/`-separated, relative to dir). */
  readonly stale: readonly string[];
}

/** Decides what to write and remove, reading the folder only; throws WriteError instead of writing over anything else. */
export function planWrite(dir: string, files: readonly OutputFile[], stack: string): WritePlan {
  const existing = statOrUndefined(dir, fs.statSync);
  if (existing && !existing.isDirectory()) throw new WriteError(dir, `it is ${kindOf(existing)}, not a directory`);
  const targets = new Set(files.map((file) => file.path));
  const folders = [...new Set(files.map((file) => path.posix.dirname(file.path)))].sort();
  const conflictsAt = (paths: readonly string[], asFolder: boolean) => paths.flatMap((relative) => {
    const why = conflictAt(dir, relative, stack, asFolder);
    return why === undefined ? [] : [{ relative, why }];
  });
  const blockedFolders = conflictsAt(folders.filter((f) => f !== "."), true);
  const blocked = new Set(blockedFolders.map((c) => c.relative));
  const inFreeFolders = [...targets].filter((file) => !blocked.has(path.posix.dirname(file)));
  const conflicts = [...blockedFolders, ...conflictsAt(inFreeFolders, false)];
  if (conflicts.length > 0) {
    throw new WriteError(dir, `it holds what render did not write for stack ${stack} (${describeConflicts(conflicts)}); ` +
      "choose another --out folder, or move them away");
  }
  const stale = folders.flatMap((folder) => ownFilesIn(dir, folder, stack)).filter((file) => !targets.has(file));
  return { dir, files, stale: stale.sort() };
}

/** Writes every file, then (only if all were written) removes the stale ones. */
export function applyWrite(plan: WritePlan): void {
  for (const file of plan.files) {
    const target = path.join(plan.dir, ...file.path.split("/"));
    makeDirectory(path.dirname(target));
    attempt(target, "write", () => fs.writeFileSync(target, file.content));
  }
  for (const file of plan.stale) {
    const target = path.join(plan.dir, ...file.split("/"));
    attempt(target, "remove", () => fs.rmSync(target));
  }
}

/**
 * `mkdir -p`, one level at a time. Not `fs.mkdirSync(dir, { recursive: true })`: on Node 20 that
 * loops forever where the file system answers ENOENT for a directory whose parent exists (/proc).
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; statOrUndefined(current, fs.statSync) === undefined; current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const level of missing) attempt(level, "write", () => fs.mkdirSync(level));
}

/** `reason: a, b, c and 2 more; other reason: d`, grouped by reason in first-seen order. */
function describeConflicts(conflicts: readonly { relative: string; why: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const { relative, why } of conflicts) byReason.set(why, [...(byReason.get(why) ?? []), relative]);
  const shown = 5;
  return [...byReason].map(([why, paths]) => {
    const more = paths.length > shown ? ` and ${paths.length - shown} more` : "";
    return `${why}: ${paths.slice(0, shown).join(", ")}${more}`;
  }).join("; ");
}

/** Why `relative` may not be (over)written, or undefined when it is free or this stack's own earlier file. */
function conflictAt(dir: string, relative: string, stack: string, asFolder: boolean): string | undefined {
  const full = path.join(dir, ...relative.split("/"));
  const stats = statOrUndefined(full, fs.lstatSync);
  if (stats === undefined) return undefined;
  if (asFolder) return stats.isDirectory() ? undefined : `${kindOf(stats)}, not a directory`;
  if (!stats.isFile()) return kindOf(stats);
  const owner = renderedStackOf(readHead(full));
  if (owner === stack) return undefined;
  return owner === undefined ? "not written by render" : `stack ${owner}'s render`;
}

/** Regular `.yaml` files directly in `dir/folder` whose header names `stack`; never recursive. */
function ownFilesIn(dir: string, folder: string, stack: string): string[] {
  const full = path.join(dir, folder);
  if (statOrUndefined(full, fs.lstatSync)?.isDirectory() !== true) return [];
  const entries = attempt(full, "write", () => fs.readdirSync(full, { withFileTypes: true }));
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".yaml"))
    .filter((entry) => renderedStackOf(readHead(path.join(full, entry.name))) === stack)
    .map((entry) => (folder === "." ? entry.name : `${folder}/${entry.name}`));
}

/** The first bytes of a regular file: enough for the header. Non-blocking, so a swapped-in pipe cannot hang it. */
function readHead(file: string): string {
  return attempt(file, "write", () => {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const buffer = Buffer.alloc(512);
      return buffer.toString("utf8", 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  });
}

function statOrUndefined(file: string, stat: (file: string) => fs.Stats): fs.Stats | undefined {
  try {
    return stat(file);
  } catch (error) {
    if (errnoOf(error) === "ENOENT") return undefined;
    throw asWriteError(error, file, "write");
  }
}

function kindOf(stats: fs.Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "a file";
}

/** Runs a file-system step; an operating-system error becomes a one-line WriteError naming `target`. */
function attempt<T>(target: string, verb: "write" | "remove", step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw asWriteError(error, target, verb);
  }
}

const PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "a parent path is not a directory",
  EEXIST: "something other than a directory is in the way",
  EISDIR: "it is a directory",
  ENOENT: "the file system does not allow creating it",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "the path is too long",
  ELOOP: "too many symbolic links",
  EBUSY: "the path is busy",
  EAGAIN: "it is a pipe or device that is not ready",
};

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

function asWriteError(error: unknown, target: string, verb: "write" | "remove"): unknown {
  if (error instanceof WriteError) return error;
  const code = errnoOf(error);
  if (code === undefined) return error;
  return new WriteError(target, PROBLEMS[code] ?? code, verb);
}
