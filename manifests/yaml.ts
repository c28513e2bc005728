// Deterministic YAML: the same objects always give the same bytes, so renders diff cleanly.
import { stringify, type Pair } from "yaml";
import type { K8sObject } from "./k8s";
import { compareCodeUnits } from "./order";

/** Keys that read best first (as kubectl prints them); every other key is sorted alphabetically. */
const LEADING_KEYS = ["apiVersion", "kind", "metadata", "name", "namespace"];

function keyRank(pair: Pair): [number, string] {
  const key = String(pair.key);
  const leading = LEADING_KEYS.indexOf(key);
  return [leading === -1 ? LEADING_KEYS.length : leading, key];
}

function compareKeys(a: Pair, b: Pair): number {
  const [rankA, keyA] = keyRank(a);
  const [rankB, keyB] = keyRank(b);
  return rankA - rankB || compareCodeUnits(keyA, keyB);
}

/** One YAML document; keys in a fixed order, long strings never folded, multi-line strings as blocks. */
export function toYamlDocument(value: unknown): string {
  return stringify(value, { sortMapEntries: compareKeys, lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
}

/** A multi-document stream in the order given (callers pass apply order), after an optional comment header. */
export function toYamlStream(objects: readonly K8sObject[], header?: string): string {
  const documents = objects.map((object) => `---\n${toYamlDocument(object)}`);
  return (header ? toYamlComment(header) : "") + documents.join("");
}

/** Text as YAML comment lines. */
export function toYamlComment(text: string): string {
  return text.split("\n").map((line) => `# ${line}`.trimEnd()).join("\n") + "\n";
}
