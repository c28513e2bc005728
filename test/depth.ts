/**
 * The suite has two depths. `npm test` (quick) runs every test, its property tests on fewer random
 * cases; `npm run test:deep` (TEST_DEPTH=deep) runs the property tests at their full counts and the
 * slow suites `npm test` leaves out (.mocharc.cjs lists both). CI runs both.
 */
export const DEEP = process.env.TEST_DEPTH === "deep";
// (.mocharc.cjs refuses any other value than quick or deep.)

/**
 * How many random cases a property test draws: its environment variable when set (a longer hunt,
 * or fewer under mutation testing), else the count for this depth.
 */
export function propertyRuns(variable: string, counts: { readonly quick: number; readonly deep: number }): number {
  const set = process.env[variable];
  if (set === undefined || set === "") return DEEP ? counts.deep : counts.quick;
  const runs = Number(set);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`${variable}=${set}: expected a whole number of random cases, at least 1`);
  return runs;
}
