// The offline render's file layout: what a reviewer reads, one file per namespace plus the
// cluster-scoped objects, and apart from them the inputs of the offline analysis.
import { toIntent } from "../topology";
import { analysisContext, analysisIntent, policyLayers } from "./analysisContext";
import { helmChartComment } from "./helm";
import { APPLY_ORDER, isObjectGroup, type RenderedStack } from "./index";
import type { K8sObject } from "./k8s";
import { compareCodeUnits } from "./order";
import { toYamlComment, toYamlDocument, toYamlStream } from "./yaml";

export interface OutputFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly content: string;
  /** How many Kubernetes objects the file holds (0 for the intent). */
  readonly objectCount: number;
  /** `applied`: objects the stack deploys; `analysis`: inputs of the offline analysis only. */
  readonly role: "applied" | "analysis";
}

export const CLUSTER_FILE = "cluster.yaml";
export const ANALYSIS_DIR = "analysis";
/** First line of every rendered file; the second names the stack. A re-render finds its own files by them. */
export const RENDER_MARKER = "Rendered by zero-trust-eks `render`; do not edit.";

/** The stack a rendered file's header names; undefined when `text` does not start like a render's file. */
export function renderedStackOf(text: string): string | undefined {
  const [marker, stackLine] = text.split("\n", 2);
  if (marker !== `# ${RENDER_MARKER}`) return undefined;
  // Stryker disable next-line StringLiteral: used only for a one-line text; any fallback not starting with "# Stack: " gives undefined
  return /^# Stack: (\S+?)\. /.exec(stackLine ?? "")?.[1];
}

/**
 * The stack's objects, grouped by namespace (cluster-scoped ones in cluster.yaml), in apply
 * order inside each file, with the Helm charts as comment blocks in cluster.yaml at their place
 * in that order; plus analysis/ with the intent and the cluster context (kube-dns, an intruder)
 * that `netpol verify` needs. Paths are sorted so the layout itself is deterministic.
 */
export function renderOutputFiles(rendered: RenderedStack, stack: string): OutputFile[] {
  const header = (what: string) => `${RENDER_MARKER}\nStack: ${stack}. ${what}`;
  const applied = [...appliedChunks(rendered).entries()].map(([path, chunks]) => {
    // Stryker disable next-line Regex: the path is <namespace>.yaml and a namespace (a DNS-1123 label) holds no ".": .yaml occurs only at its end
    const scope = path === CLUSTER_FILE ? "Cluster-scoped objects" : `Objects in namespace ${path.replace(/\.yaml$/, "")}`;
    const charts = chunks.some((chunk) => chunk.object === undefined) ? " and Helm releases (comments)" : "";
    const content = toYamlComment(header(`${scope}${charts}, in apply order. Secrets hold placeholders only.`)) + chunks.map((c) => c.text).join("");
    return { path, content, objectCount: chunks.filter((c) => c.object !== undefined).length, role: "applied" as const };
  });
  const context = analysisContext(rendered.topology);
  const intent = (path: string, what: string, value: unknown): OutputFile => ({
    path: `${ANALYSIS_DIR}/${path}`,
    content: `${toYamlComment(header(what))}${toYamlDocument(value)}`,
    objectCount: 0,
    role: "analysis",
  });
  return [
    ...applied,
    stream(`${ANALYSIS_DIR}/context.yaml`, context, header("Objects a real cluster has but the stack never applies (analysis only)."), "analysis"),
    intent("intent.yaml", "The declared flows: the zero-trust intent. Not a Kubernetes object.", toIntent(rendered.topology)),
    intent(
      "intent-with-context.yaml",
      "The declared flows plus the flows of context.yaml's pods (with Calico: the intruder reaches only DNS,\n" +
        "no pod reaches 169.254.169.254): the intent for `netpol verify` over this whole directory. Not a Kubernetes object.",
      analysisIntent(rendered.topology, policyLayers(rendered.calicoPolicies)),
    ),
  ].sort((a, b) => compareCodeUnits(a.path, b.path));
}

interface Chunk {
  readonly text: string;
  /** The object the chunk holds; undefined for a Helm chart's comment block. */
  readonly object: K8sObject | undefined;
}

/** Each applied file's chunks in apply order: objects by namespace, charts in cluster.yaml. */
function appliedChunks(rendered: RenderedStack): Map<string, Chunk[]> {
  const byFile = new Map<string, Chunk[]>();
  const add = (file: string, chunk: Chunk) => byFile.set(file, [...(byFile.get(file) ?? []), chunk]);
  for (const group of APPLY_ORDER) {
    if (!isObjectGroup(group)) {
      for (const chart of rendered[group]) add(CLUSTER_FILE, { text: helmChartComment(chart), object: undefined });
      continue;
    }
    for (const object of rendered[group]) {
      add(object.metadata.namespace ? `${object.metadata.namespace}.yaml` : CLUSTER_FILE, { text: `---\n${toYamlDocument(object)}`, object });
    }
  }
  return byFile;
}

function stream(path: string, objects: readonly K8sObject[], header: string, role: OutputFile["role"]): OutputFile {
  return { path, content: toYamlStream(objects, header), objectCount: objects.length, role };
}
