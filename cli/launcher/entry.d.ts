/** Types of ./entry.js for the tests and scripts. */
export const BUILD_DIR: string;
export function buildIsFresh(root: string): boolean;
export function entryArgs(root: string): { form: "build" | "source"; args: string[] };
export function youngGenerationArgs(execArgv: readonly string[], nodeOptions: string | undefined): string[];
