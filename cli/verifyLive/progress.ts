// verify-live's progress on stderr while probes run: on a terminal one line redrawn as sources
// finish and every second (elapsed time), elsewhere (CI logs) one line per finished source.

export interface ProgressReporter {
  readonly update: (done: number, total: number) => void;
  /** Clears the line for good (idempotent). */
  readonly stop: () => void;
}

const CLEAR_LINE = "\r\u001b[K";

export function progressLine(done: number, total: number, seconds: number): string {
  return `verify-live: ${done}/${total} probes done (${seconds} s)`;
}

export function progressReporter(write: (text: string) => void, interactive: boolean, now: () => number = Date.now): ProgressReporter {
  const started = now();
  let last = { done: 0, total: 0 };
  let stopped = false;
  const elapsed = () => Math.floor((now() - started) / 1000);
  const draw = () => {
    if (!stopped && last.total > 0) write(`${CLEAR_LINE}${progressLine(last.done, last.total, elapsed())}`);
  };
  const timer = interactive ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  return {
    update: (done, total) => {
      last = { done, total };
      if (interactive) draw();
      else write(`${progressLine(done, total, elapsed())}\n`);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      if (interactive && last.total > 0) write(CLEAR_LINE);
    },
  };
}
