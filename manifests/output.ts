// The offline render's file layout: what a reviewer reads, one file per namespace plus the
// cluster-scoped objects, and apart from them the inputs of the offline analysis.
import { toIntent } from "../topology";
import { analysisContext, analysisIntent } from "./analysisContext";
import { allObjects, type RenderedStack } from "./index";
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
/** First line of every rendered file: lets a re-render find and replace its own stale files. */
export const RENDER_MARKER = "Rendered by zero-trust-eks `render`; do not edit.";

/**
 * The stack's objects, grouped by namespace (cluster-scoped ones in cluster.yaml), in apply
 * order inside each file; plus analysis/ with the intent and the cluster context (kube-dns, an
 * intruder) that `netpol verify` needs. Paths are sorted so the layout itself is deterministic.
 */
export function renderOutputFiles(rendered: RenderedStack, stack: string): OutputFile[] {
  const header = (what: string) => `${RENDER_MARKER}\nStack: ${stack}. ${what}`;
  const byFile = new Map<string, K8sObject[]>();
  for (const object of allObjects(rendered)) {
    const file = object.metadata.namespace ? `${object.metadata.namespace}.yaml` : CLUSTER_FILE;
    byFile.set(file, [...(byFile.get(file) ?? []), object]);
  }
  const applied = [...byFile.entries()].map(([path, objects]) => {
    const scope = path === CLUSTER_FILE ? "Cluster-scoped objects" : `Objects in namespace ${path.replace(/\.yaml$/, "")}`;
    return stream(path, objects, header(`${scope}, in apply order. Secrets hold placeholders only.`), "applied");
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
      "The declared flows plus the unrestricted flows of context.yaml's unmanaged pods:\n" +
        "the intent for `netpol verify` over this whole directory. Not a Kubernetes object.",
      analysisIntent(rendered.topology),
    ),
  ].sort((a, b) => compareCodeUnits(a.path, b.path));
}

function stream(path: string, objects: readonly K8sObject[], header: string, role: OutputFile["role"]): OutputFile {
  return { path, content: toYamlStream(objects, header), objectCount: objects.length, role };
}
