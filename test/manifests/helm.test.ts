import { strict as assert } from "assert";
import { parseAllDocuments } from "yaml";
import { helmChartComment, readHelmCharts, type HelmChart } from "../../manifests/helm";
import { renderStack } from "../../manifests";
import { testStackConfig } from "../fixtures/stackConfig";

const TRICKY: HelmChart = {
  release: "calico",
  chart: "tigera-operator",
  repo: "https://docs.tigera.io/calico/charts",
  version: "v3.31.4",
  namespace: "tigera-operator",
  values: { quoted: "true", colon: "a: b", hash: "x # y", number: 3, list: ["one", { two: 2 }], empty: {}, multi: "line 1\nline 2" },
};

describe("manifests/helm: a chart rendered as a comment block", () => {
  it("reads back exactly, values included (strings that look like booleans, colons, hashes, lists, line breaks)", () => {
    const chart = renderStack(testStackConfig()).calicoCharts[0]!;
    for (const original of [chart, TRICKY]) assert.deepEqual(readHelmCharts(helmChartComment(original)), [original]);
  });

  it("is invisible to a YAML reader (kubectl): the documents around it are unchanged and no document is added", () => {
    const stream = `---\nkind: A\n${helmChartComment(TRICKY)}---\nkind: B\n`;
    assert.deepEqual(parseAllDocuments(stream).map((d) => d.toJS()), [{ kind: "A" }, { kind: "B" }]);
    assert.deepEqual(readHelmCharts(stream), [TRICKY]);
  });

  it("finds every chart in a file, and none in a file without one", () => {
    const other = { ...TRICKY, release: "other", values: {} };
    assert.deepEqual(readHelmCharts(helmChartComment(TRICKY) + "---\nkind: A\n" + helmChartComment(other)), [TRICKY, other]);
    assert.deepEqual(readHelmCharts("---\nkind: A\n# helm-release is only mentioned here\n"), []);
  });

  it("is the explanation, the equivalent helm command, then the description, every line a comment, none blank at the end", () => {
    const chart: HelmChart = {
      release: "r", chart: "c", repo: "https://example.com/charts", version: "1.2.3", namespace: "ns", values: { enabled: false, nested: { list: ["a"] } },
    };
    assert.equal(helmChartComment(chart), [
      "# Helm release: a comment, not a Kubernetes object; kubectl never applies it. The PolicyEngine",
      "# component installs it at this point of the apply order, as would:",
      "#   helm install r c --repo https://example.com/charts --version 1.2.3 --namespace ns --values <values below>",
      "# helm-release:",
      "#   release: r",
      "#   chart: c",
      "#   repo: https://example.com/charts",
      "#   version: 1.2.3",
      "#   namespace: ns",
      "#   values:",
      "#     enabled: false",
      "#     nested:",
      "#       list:",
      "#         - a",
      "",
    ].join("\n"));
  });

  it("reads a chart that ends the text without a final newline", () => {
    assert.deepEqual(readHelmCharts(`---\nkind: A\n${helmChartComment(TRICKY).trimEnd()}`), [TRICKY]);
  });
});
