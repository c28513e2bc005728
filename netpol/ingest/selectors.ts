import { Requirement, Selector, SelectorOperator } from "../model";
import { checkFields, FIELDS } from "./fields";
import { describe, labelsOf, optionalList, optionalRecord, Report } from "./report";

const OPERATORS: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

export const MATCH_ALL: Selector = Object.freeze({ requirements: Object.freeze([]) });

/** A present label selector (metav1.LabelSelector) -> requirements; `{}` matches everything. */
export function buildSelector(raw: unknown, path: string, report: Report): Selector {
  const selector = optionalRecord(raw, path, report) ?? {};
  checkFields(selector, FIELDS.selector, path, report);
  const fromLabels = Object.entries(labelsOf(selector["matchLabels"], `${path}.matchLabels`, report)).map(
    ([key, value]): Requirement => ({ key, operator: "In", values: [value] }),
  );
  const expressions = optionalList(selector["matchExpressions"], `${path}.matchExpressions`, report) ?? [];
  const fromExpressions = expressions.flatMap((expression, i) =>
    buildRequirement(expression, `${path}.matchExpressions[${i}]`, report),
  );
  return Object.freeze({ requirements: Object.freeze([...fromLabels, ...fromExpressions]) });
}

function buildRequirement(raw: unknown, path: string, report: Report): Requirement[] {
  // A null requirement decodes as the API server's zero value (no key, no operator): reported below, never dropped.
  const expression = raw === null ? {} : optionalRecord(raw, path, report);
  // Stryker disable next-line ArrayDeclaration: a reported problem: buildModel throws before returning
  if (expression === undefined) return [];
  checkFields(expression, FIELDS.requirement, path, report);
  const { key, operator } = expression;
  if (typeof key !== "string" || key === "") {
    report(`${path}.key`, `expected a non-empty label key, got ${describe(key)}`);
    // Stryker disable next-line ArrayDeclaration: a reported problem: buildModel throws before returning
    return [];
  }
  if (!OPERATORS.includes(operator as SelectorOperator)) {
    report(`${path}.operator`, `unknown operator ${describe(operator)} (expected In, NotIn, Exists or DoesNotExist)`);
    // Stryker disable next-line ArrayDeclaration: a reported problem: buildModel throws before returning
    return [];
  }
  const values = buildValues(expression["values"], `${path}.values`, report);
  // Stryker disable next-line ArrayDeclaration: a reported problem: buildModel throws before returning
  if (values === undefined) return [];
  const op = operator as SelectorOperator;
  const needsValues = op === "In" || op === "NotIn";
  if (needsValues && values.length === 0) {
    report(`${path}.values`, `operator ${op} needs at least one value`);
    // Stryker disable next-line ArrayDeclaration: a reported problem: buildModel throws before returning
    return [];
  }
  if (!needsValues && values.length > 0) {
    report(`${path}.values`, `operator ${op} takes no values, got ${values.length}`);
    // Stryker disable next-line ArrayDeclaration: a reported problem: buildModel throws before returning
    return [];
  }
  return [Object.freeze({ key, operator: op, values: Object.freeze([...new Set(values)].sort()) })];
}

function buildValues(raw: unknown, path: string, report: Report): string[] | undefined {
  let valid = true;
  // Values that are not a list are reported once: not also as "no values" for In and NotIn.
  const list = optionalList(raw, path, (at, reason) => { valid = false; report(at, reason); }) ?? [];
  const values: string[] = [];
  list.forEach((value, i) => {
    if (typeof value === "string") values.push(value);
    else {
      report(`${path}[${i}]`, `expected a string, got ${describe(value)} (quote it in YAML)`);
      valid = false;
    }
  });
  return valid ? values : undefined;
}
