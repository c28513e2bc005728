/**
 * Renders every case's expected truth tables as Markdown (EXPECTED.md beside this file),
 * so the expected answers can be read and reviewed without running anything.
 */
import type { ConformanceCase } from "./conformanceCase";
import { ALL_PODS } from "./model";
import { caseGroups } from "./cases";
import { expectedGrid, Exception, renderGrid } from "./truthTable";

function describeExceptions(exceptions: readonly Exception[]): string {
  if (exceptions.length === 0) return "no exceptions";
  return exceptions.map((e) => `${e.allowed ? "allow" : "deny"} ${e.from} -> ${e.to}`).join("; ");
}

function renderCase(testCase: ConformanceCase): string[] {
  const lines = [`### ${testCase.id}`, "", `Mirrors (${testCase.source}): ${testCase.mirrors}`, ""];
  for (const probe of testCase.probes) {
    const spec = probe.expect;
    lines.push(
      `${probe.protocol}/${probe.port}: default ${spec.defaultAllowed ? "allowed" : "denied"}, ${describeExceptions(spec.exceptions)}`,
      "",
      "```",
      renderGrid(ALL_PODS, expectedGrid(ALL_PODS, spec)),
      "```",
      "",
    );
  }
  return lines;
}

export function renderExpectedMarkdown(): string {
  const lines = [
    "# Expected truth tables of the netpol conformance cases",
    "",
    "Generated from test/netpol/conformance/cases by publish.ts; do not edit by hand",
    "(regenerate with `CONFORMANCE_UPDATE=1 npx mocha test/netpol/conformance/publish.test.ts`).",
    "Rows are sources, columns destinations; `.` allowed, `X` denied. The grids are the Pod",
    "form, whose self pairs are always allowed; in the workload form the exceptions decide",
    "the diagonal too (see README.md).",
    "",
  ];
  for (const group of caseGroups) {
    lines.push(`## ${group.title}`, "");
    for (const testCase of group.cases) lines.push(...renderCase(testCase));
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
