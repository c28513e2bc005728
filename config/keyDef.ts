// How a config key is declared: its spec as the docs and Pulumi.yaml show it, and the zod schema
// the parser checks its value with. The key table itself is config/keys.ts.
import type { z } from "zod";

export const PROJECT = "zero-trust-eks";

/** The types Pulumi.yaml can declare; every `array` here is a list of strings. */
export type PulumiConfigType = "string" | "integer" | "boolean" | "array";
export type ConfigDefault = string | number | boolean | readonly string[];

export interface ConfigKeySpec {
  /** As written in a stack file: `zero-trust-eks:vpcCidr`, `aws:region`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: PulumiConfigType;
  /** Absent for required keys. */
  readonly default?: ConfigDefault;
  readonly description: string;
  readonly allowed: string;
  /** Which platforms read the key (config/platform.ts), as the docs table shows it. */
  readonly platforms: string;
}

export interface KeyDef<S extends z.ZodType> extends Omit<ConfigKeySpec, "platforms"> {
  readonly schema: S;
}

type KeyInput<S extends z.ZodType> = Omit<ConfigKeySpec, "key" | "namespace" | "platforms"> & {
  readonly namespace?: string;
  readonly schema: S;
};

export function key<S extends z.ZodType>(input: KeyInput<S>): KeyDef<S> {
  const namespace = input.namespace ?? PROJECT;
  return { ...input, namespace, key: `${namespace}:${input.name}` };
}
