// A Helm chart the stack installs, as plain data: what the PolicyEngine component hands to Helm
// and what `render` prints. Not a Kubernetes object, so the render writes it as a YAML comment
// block (kubectl and the analyzer skip comments) that reads back as YAML once uncommented.
import { parse } from "yaml";
import { toYamlComment, toYamlDocument } from "./yaml";

export interface HelmChart {
  /** The Helm release name (`helm list` shows it). */
  readonly release: string;
  readonly chart: string;
  /** The chart repository URL. */
  readonly repo: string;
  /** Pinned chart version. */
  readonly version: string;
  /** Namespace the release installs into (the stack applies it first). */
  readonly namespace: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** The key that opens a chart's comment block; `readHelmCharts` looks for it. */
export const HELM_RELEASE_KEY = "helm-release";

/** The description's fields, in the order a reader wants them; `values` last. */
const FIELDS = ["release", "chart", "repo", "version", "namespace"] as const;

/** The chart as a comment block: a one-line explanation, the equivalent helm command, the description. */
export function helmChartComment(chart: HelmChart): string {
  const indented = (text: string, by: string) => text.trimEnd().split("\n").map((line) => `${by}${line}`);
  const description = [
    `${HELM_RELEASE_KEY}:`,
    ...FIELDS.map((field) => `  ${field}: ${toYamlDocument(chart[field]).trimEnd()}`),
    "  values:",
    ...indented(toYamlDocument(chart.values), "    "),
  ];
  const command = `helm install ${chart.release} ${chart.chart} --repo ${chart.repo} --version ${chart.version} --namespace ${chart.namespace} --values <values below>`;
  return toYamlComment([
    "Helm release: a comment, not a Kubernetes object; kubectl never applies it. The PolicyEngine",
    "component installs it at this point of the apply order, as would:",
    `  ${command}`,
    ...description,
  ].join("\n"));
}

/** Every chart description in a rendered file's comments (the inverse of `helmChartComment`). */
export function readHelmCharts(text: string): HelmChart[] {
  const lines = text.split("\n");
  const charts: HelmChart[] = [];
  lines.forEach((line, start) => {
    if (line !== `# ${HELM_RELEASE_KEY}:`) return;
    const body = [line];
    for (let i = start + 1; i < lines.length && lines[i]!.startsWith("#   "); i++) body.push(lines[i]!);
    const parsed = parse(body.map((l) => l.slice(2)).join("\n")) as Record<string, HelmChart>;
    charts.push(parsed[HELM_RELEASE_KEY]!);
  });
  return charts;
}
