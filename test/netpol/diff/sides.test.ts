/**
 * netpol diff reads both sides before comparing: every problem of either side is reported (and
 * only those), and the external atoms of both sides are made the same before any pair is compared.
 */
import { strict as assert } from "assert";
import { NetpolInputError } from "../../../netpol";
import { comparableModels, diffObjects } from "../../../netpol/diff";
import { namespace, pod, policy } from "../core/helpers";

type K8sObject = Record<string, unknown>;

const GOOD = [namespace("shop"), pod("shop", "web")];
const bad = (name: string): K8sObject => policy("shop", name, { podSelector: {}, ingres: [] });

/** The problems diffObjects throws, as "object: reason" lines. */
function problems(base: readonly unknown[], head: readonly unknown[]): string[] {
  try {
    diffObjects(base, head);
  } catch (error) {
    assert.ok(error instanceof NetpolInputError, String(error));
    return error.problems.map((problem) => `${problem.object}: ${problem.reason}`);
  }
  return assert.fail("no NetpolInputError");
}

const egressTo = (cidr: string): K8sObject => policy("shop", "out", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr } }] }] });

describe("netpol diff: reading both sides", () => {
  it("an invalid base alone, or an invalid head alone: an input error with that side's problem only", () => {
    assert.deepEqual(problems([...GOOD, bad("a")], GOOD), ["NetworkPolicy shop/a: spec.ingres: unknown field \"ingres\" (did you mean \"ingress\"?)"]);
    assert.deepEqual(problems(GOOD, [...GOOD, bad("b")]), ["NetworkPolicy shop/b: spec.ingres: unknown field \"ingres\" (did you mean \"ingress\"?)"]);
  });

  it("both sides invalid: the base's problems, then the head's", () => {
    assert.deepEqual(problems([...GOOD, bad("a")], [...GOOD, bad("b")]), [
      "NetworkPolicy shop/a: spec.ingres: unknown field \"ingres\" (did you mean \"ingress\"?)",
      "NetworkPolicy shop/b: spec.ingres: unknown field \"ingres\" (did you mean \"ingress\"?)",
    ]);
  });

  it("an error that is not about the input is not turned into an input problem", () => {
    const exploding = { apiVersion: "v1", kind: "Pod", get metadata(): never { throw new RangeError("a bug while reading"); } };
    assert.throws(() => diffObjects(GOOD, [...GOOD, exploding]), (error: Error) => error instanceof RangeError && error.message === "a bug while reading");
  });

  it("as many atoms on both sides but different ones (2001:db8::/32 against 2001:db9::/32): both are split by both", () => {
    const { base, head } = comparableModels([...GOOD, egressTo("2001:db8::/32")], [...GOOD, egressTo("2001:db9::/32")]);
    const ids = ["0.0.0.0/0", "::/0 except 2001:db8::/32,2001:db9::/32", "2001:db8::/32", "2001:db9::/32"];
    assert.deepEqual(base.externals.map((external) => external.id), ids);
    assert.deepEqual(head.externals.map((external) => external.id), ids);
    const diff = diffObjects([...GOOD, egressTo("2001:db8::/32")], [...GOOD, egressTo("2001:db9::/32")]);
    assert.deepEqual(diff.changes.map((change) => `${change.from} => ${change.to} : ${change.before.format()} -> ${change.after.format()}`), [
      "shop/web => 2001:db8::/32 : all -> none",
      "shop/web => 2001:db9::/32 : none -> all",
    ]);
  });

  it("the same atoms on both sides: the models are kept as built", () => {
    const { base, head } = comparableModels([...GOOD, egressTo("10.0.0.0/8")], [...GOOD, egressTo("10.0.0.0/8")]);
    assert.deepEqual(base.externals.map((external) => external.id), ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"]);
    assert.deepEqual(head.externals.map((external) => external.id), ["0.0.0.0/0 except 10.0.0.0/8", "10.0.0.0/8"]);
  });
});
