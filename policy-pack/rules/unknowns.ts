// The policy SDK's signal for a value unknown at preview. @pulumi/policy 1.21 exports the class it
// throws (UnknownValueError, from its index) at run time but strips it from its type declarations
// (@internal), so it is typed here once. The SDK recognises the error by class when it turns it
// into its "can't run policy during preview" advisory, so rules rethrow the very object they caught.
import * as sdk from "@pulumi/policy";

type ErrorClass = new (...args: never[]) => Error;

const UnknownValueError = (sdk as unknown as { readonly UnknownValueError: ErrorClass }).UnknownValueError;

if (typeof UnknownValueError !== "function") {
  throw new Error("@pulumi/policy no longer exports UnknownValueError: the pack's unknown-value handling must be revisited (docs/policy-pack.md)");
}

export function isUnknownValueError(error: unknown): error is Error {
  return error instanceof UnknownValueError;
}
