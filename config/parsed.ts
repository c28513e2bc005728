// What the cross-key checks read: every key that parsed, every list's well-formed items (kept even
// when another item of the list is malformed, so each item is still checked), and each key's value
// as the user wrote it, which is what a problem quotes.
import { MISSING, problem, type ConfigProblem } from "./errors";
import { KEYS, type ConfigValues, type KeyId } from "./keys";

/** The keys whose value is a list. */
export type ListKeyId = { [K in KeyId]: ConfigValues[K] extends readonly unknown[] ? K : never }[KeyId];
export type ItemOf<K extends ListKeyId> = ConfigValues[K] extends readonly (infer T)[] ? T : never;

export interface ListItem<T> {
  /** Its position in the list the user wrote, malformed items included. */
  readonly index: number;
  /** The item as the user wrote it. */
  readonly raw: unknown;
  readonly value: T;
}

export interface Parsed {
  /** Each key whose value parsed cleanly (defaults included). */
  readonly values: Partial<ConfigValues>;
  /** Each list's well-formed items; read them with itemsOf. */
  readonly items: Partial<Record<ListKeyId, readonly ListItem<unknown>[]>>;
  /** Each key's value as written, rendered for a problem (a default as the key table has it). */
  readonly written: Partial<Record<KeyId, string>>;
}

export function isListKey(id: KeyId): id is ListKeyId {
  // Stryker disable next-line ConditionalExpression: the one caller (parse.ts) also requires an array value, which only list keys have
  return KEYS[id].type === "array";
}

/** The well-formed items of a list key, each at its own index. */
export function itemsOf<K extends ListKeyId>(parsed: Parsed, id: K): readonly ListItem<ItemOf<K>>[] {
  // Sound: parse.ts stores under `id` only what that key's own item schema produced.
  return (parsed.items[id] ?? []) as readonly ListItem<ItemOf<K>>[];
}

/** A problem with a whole key, quoting its value as the user wrote it. */
export function keyProblem(parsed: Parsed, id: KeyId, expected: string): ConfigProblem {
  return { key: KEYS[id].key, value: parsed.written[id] ?? MISSING, expected };
}

/** A problem with one list item (`zero-trust-eks:tenants[1]`), quoting the item as written. */
export function itemProblem(id: ListKeyId, item: ListItem<unknown>, expected: string): ConfigProblem {
  return problem(`${KEYS[id].key}[${item.index}]`, item.raw, expected);
}
