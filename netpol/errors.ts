/** One thing wrong with the input: where it is and what is wrong. */
export interface InputProblem {
  /** File name (or other source label) the object came from. */
  readonly source: string;
  /** The object, like "NetworkPolicy shop/deny-all" or "document 3". */
  readonly object: string;
  readonly reason: string;
}

/** Thrown when manifests or intent files are invalid; lists every problem found. */
export class NetpolInputError extends Error {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "NetpolInputError";
    this.problems = Object.freeze([...problems]);
  }
}

export function formatProblem(problem: InputProblem): string {
  return `${problem.source}: ${problem.object}: ${problem.reason}`;
}

/** Collects problems while building, so that one run reports all of them at once. */
export class ProblemCollector {
  private readonly collected: { problem: InputProblem; order: number }[] = [];

  /** `order` (e.g. the object's input position) sorts the report; equal orders keep insertion order. */
  add(source: string, object: string, reason: string, order = 0): void {
    this.collected.push({ problem: { source, object, reason }, order });
  }

  throwIfAny(): void {
    if (this.collected.length === 0) return;
    const sorted = [...this.collected].sort((a, b) => a.order - b.order);
    throw new NetpolInputError(sorted.map((entry) => entry.problem));
  }
}
