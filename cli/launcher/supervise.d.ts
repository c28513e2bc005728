/** Types of ./supervise.js for the tests. */
export interface DumpFilter {
  push(text: string): void;
  /** Writes what was held back (unless a dump has begun). */
  flush(): void;
  end(): void;
  dump(): string | null;
}
export type Ended = { readonly exitCode: number; readonly message?: string } | { readonly signal: NodeJS.Signals };
export function createDumpFilter(write: (text: string) => void): DumpFilter;
export function outOfMemoryMessage(name: string, limitMB: number, machineMB: number, reason: string): string;
export function supervise(options: { name: string; args: readonly string[]; env?: Record<string, string> }): Promise<Ended>;
export function runSupervised(options: { name: string; args: readonly string[]; env?: Record<string, string> }): Promise<void>;
