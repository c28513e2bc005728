/**
 * Two models whose external atoms are the same: each side's addresses are split by the ipBlocks
 * of *both* sides, so "0.0.0.0/0" on one side and "0.0.0.0/0 except 10.0.0.0/8" on the other
 * compare atom by atom, exactly.
 */
import { NetpolInputError } from "../errors";
import { buildModel, BuildOptions } from "../ingest";
import { Cidr, ExternalEndpoint, NetpolModel } from "../model";

export interface ComparableModels {
  readonly base: NetpolModel;
  readonly head: NetpolModel;
}

/** Every block an atom of the model was cut from: the blocks themselves and their holes. */
function atomBlocks(model: NetpolModel): Cidr[] {
  return model.externals.flatMap((external) => [external.block, ...external.holes]);
}

function sameAtoms(a: NetpolModel, b: NetpolModel): boolean {
  return a.externals.length === b.externals.length && a.externals.every((external, i) => external.id === (b.externals[i] as ExternalEndpoint).id);
}

/**
 * Builds both models; when their atoms differ, rebuilds each with the other side's blocks as
 * extra external blocks (buildModel's `externalBlocks`), which gives both the atoms of the union.
 * Throws NetpolInputError for invalid manifests (the caller names the side).
 */
export function comparableModels(baseObjects: readonly unknown[], headObjects: readonly unknown[]): ComparableModels {
  const { base, head } = buildBoth(baseObjects, headObjects, {});
  // Stryker disable next-line ConditionalExpression: rebuilding both sides with blocks they already split by gives the same models
  if (sameAtoms(base, head)) return { base, head };
  const rebuilt = buildBoth(baseObjects, headObjects, { externalBlocks: [...atomBlocks(base), ...atomBlocks(head)] });
  // Stryker disable next-line ConditionalExpression,BlockStatement: each rebuilt side is split by every block of both: the atoms always agree
  if (!sameAtoms(rebuilt.base, rebuilt.head)) {
    // Stryker disable next-line StringLiteral,ArrowFunction: unreachable (see above)
    throw new Error(`external atoms differ after splitting by both sides' blocks: ${rebuilt.base.externals.map((e) => e.id).join(" | ")} vs ${rebuilt.head.externals.map((e) => e.id).join(" | ")}`);
  }
  return rebuilt;
}

/** Both sides, every problem of both reported at once. */
function buildBoth(baseObjects: readonly unknown[], headObjects: readonly unknown[], options: BuildOptions): ComparableModels {
  const problems: NetpolInputError["problems"][number][] = [];
  const attempt = (objects: readonly unknown[]): NetpolModel | undefined => {
    try {
      return buildModel(objects, options);
    } catch (error) {
      if (!(error instanceof NetpolInputError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const base = attempt(baseObjects);
  const head = attempt(headObjects);
  if (base === undefined || head === undefined) throw new NetpolInputError(problems);
  return { base, head };
}
