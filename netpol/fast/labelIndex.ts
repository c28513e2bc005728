/**
 * Which of many label maps a selector matches, without testing every map: an inverted index
 * (key -> value -> maps, key -> maps) gives the candidates of the selector's most selective
 * `In` or `Exists` requirement, and only those are tested. A selector with neither (empty,
 * or only NotIn / DoesNotExist) tests every map: such selectors are few and usually broad.
 */
import { Labels, Requirement, Selector } from "../model";

function requirementHolds(requirement: Requirement, labels: Labels): boolean {
  const value = Object.prototype.hasOwnProperty.call(labels, requirement.key) ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case "In":
      // Stryker disable next-line ConditionalExpression: values are strings, so `includes(undefined)` is false
      return value !== undefined && requirement.values.includes(value);
    case "NotIn":
      // Stryker disable next-line ConditionalExpression: values are strings, so `!includes(undefined)` is true
      return value === undefined || !requirement.values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
  }
}

export function selectorHolds(selector: Selector, labels: Labels): boolean {
  for (const requirement of selector.requirements) if (!requirementHolds(requirement, labels)) return false;
  return true;
}

const SEPARATORS = /[\u0000\u0001]/;

/**
 * A selector's value as text: equal selectors share cached results. Not memoised per object:
 * each selector object is asked about once or twice, and a WeakMap entry costs more than this.
 * Fields are joined with control characters (several times cheaper than JSON.stringify); the
 * rare selector whose text holds one of them is written as JSON, so no two values share a key.
 */
export function selectorKey(selector: Selector): string {
  let key = "m";
  let plain = true;
  for (const requirement of selector.requirements) {
    plain &&= !SEPARATORS.test(requirement.key);
    key += `${requirement.key}\u0000${requirement.operator}`;
    for (const value of requirement.values) {
      plain &&= !SEPARATORS.test(value);
      key += `\u0000${value}`;
    }
    key += "\u0001";
  }
  return plain ? key : `j${JSON.stringify(selector.requirements)}`;
}

export class LabelIndex {
  private readonly byValue = new Map<string, Map<string, number[]>>();
  private readonly byKey = new Map<string, number[]>();
  private readonly cache = new Map<string, Int32Array>();

  constructor(private readonly labels: readonly Labels[]) {
    labels.forEach((map, index) => {
      for (const key of Object.keys(map)) {
        let values = this.byValue.get(key);
        if (values === undefined) this.byValue.set(key, (values = new Map<string, number[]>()));
        const value = map[key] as string;
        const list = values.get(value);
        if (list === undefined) values.set(value, [index]);
        else list.push(index);
        const withKey = this.byKey.get(key);
        if (withKey === undefined) this.byKey.set(key, [index]);
        else withKey.push(index);
      }
    });
  }

  /** Indices (ascending) of the label maps the selector matches; memoised by the selector's value. */
  matching(selector: Selector): Int32Array {
    const key = selectorKey(selector);
    let result = this.cache.get(key);
    if (result === undefined) {
      result = this.compute(selector);
      this.cache.set(key, result);
    }
    return result;
  }

  private compute(selector: Selector): Int32Array {
    const candidates = this.candidates(selector);
    const matched: number[] = [];
    // Stryker disable next-line ConditionalExpression: every candidate list holds all the matches (a superset, every map at worst); selectorHolds then filters
    if (candidates === undefined) {
      for (let index = 0; index < this.labels.length; index++) if (selectorHolds(selector, this.labels[index] as Labels)) matched.push(index);
    } else {
      for (const index of candidates) if (selectorHolds(selector, this.labels[index] as Labels)) matched.push(index);
    }
    return Int32Array.from(matched);
  }

  /** The smallest candidate list (ascending) an In or Exists requirement allows; undefined: every map. */
  // Stryker disable next-line BlockStatement: every candidate list holds all the matches (a superset, every map at worst); selectorHolds then filters
  private candidates(selector: Selector): readonly number[] | undefined {
    let best: readonly (readonly number[])[] | undefined;
    let bestSize = Infinity;
    // Stryker disable next-line BlockStatement: every candidate list holds all the matches (a superset, every map at worst); selectorHolds then filters
    for (const requirement of selector.requirements) {
      let lists: readonly (readonly number[])[];
      // Stryker disable ConditionalExpression,StringLiteral: every candidate list holds all the matches (a superset, every map at worst); selectorHolds then filters
      if (requirement.operator === "In") {
        const values = this.byValue.get(requirement.key);
        lists = requirement.values.map((value) => values?.get(value) ?? []);
      } else if (requirement.operator === "Exists") {
        lists = [this.byKey.get(requirement.key) ?? []];
      } else {
        continue;
      }
      // Stryker restore ConditionalExpression,StringLiteral
      // Stryker disable next-line ArrowFunction,ArithmeticOperator: every candidate list holds all the matches (a superset, every map at worst); selectorHolds then filters
      const size = lists.reduce((sum, list) => sum + list.length, 0);
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration: every candidate list holds all the matches (a superset, every map at worst); selectorHolds then filters
      if (size < bestSize) [best, bestSize] = [lists, size];
    }
    // Stryker disable next-line ConditionalExpression: every candidate list holds all the matches (a superset, every map at worst); selectorHolds then filters
    if (best === undefined) return undefined;
    // Stryker disable next-line ConditionalExpression: one list deduplicated and sorted is itself
    return best.length === 1 ? best[0] : [...new Set(best.flat())].sort((a, b) => a - b);
  }
}
