/**
 * stdout for answers of any size: lines are buffered and written synchronously, and when the
 * reader closes the pipe (`netpol reach … | head`) writing stops quietly; the caller stops
 * computing and exits as if done, since the reader has all it asked for.
 */
import { writeAll } from "../usage";

const BUFFER_CHARS = 1 << 16;

export class LineWriter {
  private buffer: string[] = [];
  private chars = 0;
  private open = true;

  constructor(private readonly fd = 1) {}

  /** Has the reader closed the pipe? */
  get closed(): boolean {
    return !this.open;
  }

  /** Queues one line; false once the reader is gone (stop producing). */
  line(text: string): boolean {
    if (!this.open) return false;
    this.buffer.push(text, "\n");
    this.chars += text.length + 1;
    return this.chars >= BUFFER_CHARS ? this.flush() : true;
  }

  /** Writes every line out of `lines`, stopping early if the reader goes away; `onLine` sees each count. */
  lines(lines: Iterable<string>, onLine?: (written: number) => void): boolean {
    let written = 0;
    for (const text of lines) {
      if (!this.line(text)) return false;
      onLine?.(++written);
    }
    return this.flush();
  }

  flush(): boolean {
    if (this.open && this.chars > 0) this.open = writeAll(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.chars = 0;
    return this.open;
  }
}
