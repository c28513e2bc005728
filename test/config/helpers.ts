// Shared fixtures for the config tests: a valid native config and error helpers.
import * as assert from "assert";
import * as path from "path";
import { ConfigError, parseStackConfig, type RawStackConfig } from "../../config";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** A minimal, valid config: the two required keys and nothing else. */
export const MINIMAL: RawStackConfig = Object.freeze({
  "aws:region": "eu-west-1",
  "zero-trust-eks:environment": "test",
});

/** Keys are given without namespace for brevity; `region` means aws:region. */
export function raw(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const result: Record<string, unknown> = { ...MINIMAL };
  for (const [key, value] of Object.entries(overrides)) {
    result[key.includes(":") ? key : key === "region" ? "aws:region" : `zero-trust-eks:${key}`] = value;
  }
  return result;
}

/** Parses, expecting a ConfigError, and returns it. */
export function configError(input: RawStackConfig): ConfigError {
  try {
    parseStackConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  return assert.fail(`expected a ConfigError for ${JSON.stringify(input)}`);
}

export function problemKeys(error: ConfigError): string[] {
  return error.problems.map((p) => p.key);
}

/** allConfig() form: every value a string, lists JSON-encoded. */
export function asAllConfig(input: RawStackConfig): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    strings[key] = typeof value === "string" ? value : Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return strings;
}
