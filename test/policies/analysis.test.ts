// THE KEY TEST: an independent NetworkPolicy analyzer (netpol/) reads the generated policies and
// proves they allow EXACTLY the declared intent, no more and no less.
import { strict as assert } from "assert";
import * as path from "node:path";
import YAML from "yaml";
import { loadStackFile } from "../../config";
import type { StackConfig } from "../../config/types";
import { allObjects, renderStack } from "../../manifests";
import { INTRUDER_NAMESPACE, INTRUDER_POD, analysisContext, analysisIntent, policyLayers, type PolicyLayers } from "../../manifests/analysisContext";
import type { K8sObject } from "../../manifests/k8s";
import type { NetworkPolicySpec } from "../../manifests/policies/types";
import { DEFAULT_DENY_NAME, METADATA_DENY_NAME } from "../../manifests/calico";
import { type EngineName, type PortProbe, type VerifyReport, connectionReport, parseIntent, reachJson, verifyIntent } from "../../netpol";
import { type Topology, toIntent } from "../../topology";
import { testKindStackConfig, testStackConfig } from "../fixtures/stackConfig";
import { stackNames } from "../fixtures/stackFiles";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const INTRUDER = `${INTRUDER_NAMESPACE}/${INTRUDER_POD}`;

interface Analysed {
  readonly topology: Topology;
  readonly objects: readonly K8sObject[];
  readonly layers: PolicyLayers;
}

/** Everything the stack applies (Kubernetes NetworkPolicies and, with the calico engine, Calico's objects) plus the context. */
function analyse(config: StackConfig): Analysed {
  const rendered = renderStack(config);
  return { topology: rendered.topology, objects: [...allObjects(rendered), ...analysisContext(rendered.topology)], layers: policyLayers(rendered.calicoPolicies) };
}

function verify({ topology, objects, layers }: Analysed, engine: EngineName = "reference"): VerifyReport {
  return verifyIntent(objects, parseIntent(YAML.stringify(analysisIntent(topology, layers)), "intent"), "intent", engine);
}

function differences(report: VerifyReport): string {
  const line = (kind: string) => (d: VerifyReport["extra"][number]) => `${kind} ${d.from} -> ${d.to}: ${d.connections.toString()}`;
  return [...report.extra.map(line("extra")), ...report.missing.map(line("missing"))].join("\n");
}

function where(d: VerifyReport["extra"][number]): string {
  const layer = d.layer === undefined ? "" : " (kubernetes layer alone)";
  return `${d.from} -> ${d.to} ${d.side === undefined ? "end to end" : `${d.side} side`}${layer}`;
}

const VARIANTS: readonly [string, StackConfig][] = [
  ["testStackConfig()", testStackConfig()],
  ["two tenants", testStackConfig({ tenants: ["alpha", "beta"] })],
  ["three tenants, two ingress ranges, egress from every tier", testStackConfig({
    tenants: ["alpha", "beta", "gamma"],
    ingressSourceCidrs: ["198.51.100.0/24", "203.0.113.0/25"],
    egressAllowList: [
      { tier: "frontend", cidr: "203.0.113.200/32", ports: [{ port: 443, protocol: "TCP" }], description: "CDN purge API" },
      { tier: "backend", cidr: "192.0.2.0/24", ports: [{ port: 443, protocol: "TCP" }, { port: 8443, protocol: "TCP" }], description: "payment gateway" },
      { tier: "database", cidr: "192.0.2.128/25", ports: [{ port: 5432, protocol: "TCP" }], description: "off-site replica" },
    ],
  })],
  ["seed: deny all ingress", testStackConfig({ ingressSourceCidrs: [] })],
  ["seed: only HTTPS ingress to the web tier", testStackConfig({ ingressSourceCidrs: ["0.0.0.0/0"], frontend: { port: 443, replicas: 2 } })],
  ["internet ingress around the VPC: 0.0.0.0/0 and 10.0.0.0/8 (VPC excepted), ::/0 beside it", testStackConfig({
    ingressSourceCidrs: ["0.0.0.0/0", "10.0.0.0/8", "::/0"],
  })],
  ["kind, two tenants, egress around the pod network", testKindStackConfig({
    tenants: ["alpha", "beta"],
    egressAllowList: [{ tier: "backend", cidr: "0.0.0.0/0", ports: [{ port: 443, protocol: "TCP" }], description: "anywhere but the pods" }],
  })],
  ["seed: egress restricted to an IP range", testStackConfig({
    egressAllowList: [{ tier: "backend", cidr: "192.168.1.0/24", ports: [{ port: 443, protocol: "TCP" }], description: "partner range" }],
  })],
];

describe("analysis: the generated policies allow exactly the declared intent (netpol verify)", () => {
  for (const [label, config] of VARIANTS) {
    it(`${label}`, () => {
      const report = verify(analyse(config));
      assert.ok(report.ok, `policies and intent differ:\n${differences(report)}`);
    });
  }

  it("two tenants, with the fast engine too (two engines, one truth)", () => {
    const report = verify(analyse(testStackConfig({ tenants: ["alpha", "beta"] })), "fast");
    assert.ok(report.ok, `policies and intent differ:\n${differences(report)}`);
  });

  for (const stack of stackNames()) {
    it(`stack file Pulumi.${stack}.yaml`, () => {
      const report = verify(analyse(loadStackFile(PROJECT_DIR, stack)));
      assert.ok(report.ok, `policies and intent differ:\n${differences(report)}`);
    });
  }

  it("adds to the declared intent only flows that touch no app pod", () => {
    const { topology } = analyse(testStackConfig({ tenants: ["alpha", "beta"] }));
    const declared = toIntent(topology).flows;
    const { flows } = analysisIntent(topology, { calico: true });
    assert.deepEqual(flows.slice(0, declared.length), declared);
    const appPods = new Set(topology.workloads.map((w) => `${w.namespace}/${w.name}`));
    for (const flow of flows.slice(declared.length)) {
      assert.ok(!appPods.has(flow.from) && !appPods.has(flow.to), `${flow.from} -> ${flow.to} touches an app pod`);
    }
  });

  it("is not vacuous: dropping the backend's ingress allowance shows up as a missing flow", () => {
    const analysed = analyse(testStackConfig());
    const weakened = analysed.objects.filter((o) => !(o.metadata.namespace === "bank-backend" && o.metadata.name === "allow-frontend-to-backend"));
    const report = verify({ ...analysed, objects: weakened });
    const both = ["bank-frontend/frontend -> bank-backend/backend end to end", "bank-frontend/frontend -> bank-backend/backend ingress side"];
    // Both layers together, then the Kubernetes NetworkPolicies alone (the intent's kubernetesLayer).
    assert.deepEqual(report.missing.map(where), [...both, ...both.map((w) => `${w} (kubernetes layer alone)`)]);
    assert.deepEqual(report.extra, []);
  });

  it("is not vacuous: without the namespace pin, the look-alike intruder reaches the backend", () => {
    const analysed = analyse(testStackConfig());
    const unpinned = analysed.objects.map((o) => {
      if (o.metadata.namespace !== "bank-backend" || o.metadata.name !== "allow-frontend-to-backend") return o;
      const spec = o.spec as NetworkPolicySpec;
      const ingress = (spec.ingress ?? []).map((rule) => ({
        ...rule,
        from: rule.from.map((peer) => ("ipBlock" in peer ? peer : { ...peer, namespaceSelector: {} })),
      }));
      return { ...o, spec: { ...spec, ingress } };
    });
    const report = verify({ ...analysed, objects: unpinned });
    assert.deepEqual(report.extra.map((d) => `${where(d)} ${d.connections.toString()}`), [
      `bank-backend/looks-like-bank-frontend-frontend -> bank-backend/backend ingress side TCP 8080`,
      `bank-database/looks-like-bank-frontend-frontend -> bank-backend/backend ingress side TCP 8080`,
      // End to end the intruder stays out: Calico's cluster default deny closes its egress.
      `${INTRUDER} -> bank-backend/backend ingress side TCP 8080`,
      // The Kubernetes layer alone lets it in: the weakened pin is caught even under Calico.
      `bank-backend/looks-like-bank-frontend-frontend -> bank-backend/backend ingress side (kubernetes layer alone) TCP 8080`,
      `bank-database/looks-like-bank-frontend-frontend -> bank-backend/backend ingress side (kubernetes layer alone) TCP 8080`,
      `${INTRUDER} -> bank-backend/backend end to end (kubernetes layer alone) TCP 8080`,
      `${INTRUDER} -> bank-backend/backend ingress side (kubernetes layer alone) TCP 8080`,
    ]);
  });
});

describe("analysis: both layers (Kubernetes NetworkPolicies and Calico's tiers), for the acceptance claims", () => {
  const analysed = analyse(testStackConfig());
  const { pairs, externals } = connectionReport(analysed.objects);
  const dns = `${analysed.topology.dns.namespace}/${analysed.topology.dns.name}`;

  it("the intruder's namespace is closed except DNS: it reaches only kube-dns on 53, and nothing reaches it", () => {
    const from = pairs.filter((p) => p.from === INTRUDER && p.to !== INTRUDER && !p.connections.isEmpty());
    assert.deepEqual(from.map((p) => `${p.to} ${p.connections.toString()}`), [`${dns} TCP 53; UDP 53`]);
    const to = pairs.filter((p) => p.to === INTRUDER && p.from !== INTRUDER && !p.connections.isEmpty());
    assert.deepEqual(to.map((p) => p.from), []);
  });

  it("no pod reaches the instance metadata address 169.254.169.254", () => {
    const metadata = externals.filter((atom) => atom.startsWith("169.254.169.254/32"));
    assert.deepEqual(metadata, ["169.254.169.254/32"]);
    assert.deepEqual(pairs.filter((p) => p.to === metadata[0] && !p.connections.isEmpty()).map((p) => p.from), []);
  });

  it("with the vpc-cni engine there are no Calico objects, and the proof leaves the intruder open", () => {
    const vpcCni = analyse({ ...testStackConfig(), policy: { engine: "vpc-cni", calicoChartVersion: "v3.31.3" } });
    assert.deepEqual(vpcCni.layers, { calico: false });
    assert.ok(verify(vpcCni).ok);
    const open = connectionReport(vpcCni.objects).pairs.filter((p) => p.from === INTRUDER && p.to.startsWith("0.0.0.0/0"));
    assert.deepEqual(open.map((p) => p.connections.toString()), ["all"]);
  });

  it("removing the security tier's metadata rule fails verify, naming the pods that now reach 169.254.169.254", () => {
    const weakened = analysed.objects.filter((o) => o.metadata.name !== METADATA_DENY_NAME);
    const report = verify({ ...analysed, objects: weakened });
    // The app's own egress policies already keep its pods away; kube-system's pods only the security tier does.
    assert.deepEqual(report.extra.map((d) => `${d.from} -> ${d.to} ${d.connections.toString()}`), [
      `${dns} -> 169.254.169.254/32 all`,
      "kube-system/stranger -> 169.254.169.254/32 all",
    ]);
    assert.deepEqual(report.missing, []);
  });

  it("removing the cluster default deny fails verify: the intruder opens up", () => {
    const weakened = analysed.objects.filter((o) => o.metadata.name !== DEFAULT_DENY_NAME);
    const report = verify({ ...analysed, objects: weakened });
    assert.ok(report.extra.some((d) => d.from === INTRUDER && d.to === "0.0.0.0/0 except 169.254.169.254/32,192.0.2.0/24,198.51.100.0/24"), differences(report));
    assert.ok(report.extra.some((d) => d.from === dns && d.to === INTRUDER), differences(report));
  });
});

describe("analysis: probes (reach) for the acceptance claims", () => {
  const config = testStackConfig();
  const { app } = config;
  const candidates: PortProbe[] = [
    { port: app.frontend.port, protocol: "TCP" },
    { port: app.backend.port, protocol: "TCP" },
    { port: app.database.port, protocol: "TCP" },
    { port: 443, protocol: "TCP" },
    { port: 53, protocol: "UDP" },
    { port: 53, protocol: "TCP" },
  ];
  // The tiers may share a port number (frontend and backend both 8080 here): probe each once.
  const probes = candidates.filter((p, i) => candidates.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i);
  const { results } = reachJson(analyse(config).objects, probes);
  const allowed = (from: string, to: string) => results.filter((r) => r.from === from && r.to === to && r.allowed).map((r) => `${r.protocol}/${r.port}`);

  it("the intruder (wearing the frontend's pod labels) cannot reach the backend or the database on any probe", () => {
    assert.deepEqual(allowed(INTRUDER, "bank-backend/backend"), []);
    assert.deepEqual(allowed(INTRUDER, "bank-database/database"), []);
    assert.deepEqual(allowed(INTRUDER, "bank-frontend/frontend"), []);
  });

  it("the database reaches nothing but DNS", () => {
    const fromDatabase = results.filter((r) => r.from === "bank-database/database" && r.allowed).map((r) => `${r.to} ${r.protocol}/${r.port}`);
    assert.deepEqual(fromDatabase, ["kube-system/coredns UDP/53", "kube-system/coredns TCP/53"]);
  });

  it("between pods, exactly the truth table's exceptions are allowed wherever an app pod is involved", () => {
    const appPods = new Set(["bank-frontend/frontend", "bank-backend/backend", "bank-database/database"]);
    const exceptions = [
      "bank-frontend/frontend -> bank-backend/backend TCP/8080",
      "bank-backend/backend -> bank-database/database TCP/5432",
      ...[...appPods].flatMap((pod) => [`${pod} -> kube-system/coredns UDP/53`, `${pod} -> kube-system/coredns TCP/53`]),
    ];
    const observed = results
      .filter((r) => r.allowed && (appPods.has(r.from) || appPods.has(r.to)))
      .map((r) => `${r.from} -> ${r.to} ${r.protocol}/${r.port}`);
    assert.deepEqual([...observed].sort(), [...exceptions].sort());
  });
});

describe("analysis: the context objects and intent, exactly as documented (issue 14)", () => {
  const topology = renderStack(testStackConfig()).topology;
  const ANALYSIS_ONLY = { "zero-trust-eks.io/analysis-only": "true" };
  const HTTP = [{ name: "http", containerPort: 8080, protocol: "TCP" }];
  const probe = (namespace: string, name: string, labels: Record<string, string>, ports: readonly object[] = HTTP): K8sObject => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels, annotations: ANALYSIS_ONLY },
    spec: { containers: [{ name: "probe", image: "busybox:1.37.0", ports }] },
  });
  const appLabels = (tier: string) => ({
    "app.kubernetes.io/name": tier,
    "app.kubernetes.io/part-of": "zero-trust-eks",
    "zero-trust-eks.io/tenant": "bank",
    "zero-trust-eks.io/tier": tier,
  });
  const appPorts = (tier: string) => [{ name: { frontend: "http", backend: "api", database: "postgres" }[tier], containerPort: tier === "database" ? 5432 : 8080, protocol: "TCP" }];
  const DNS_LABELS = { "k8s-app": "kube-dns" };
  const DNS_PORTS = [{ name: "dns", containerPort: 53, protocol: "UDP" }, { name: "dns-tcp", containerPort: 53, protocol: "TCP" }];

  it("kube-system, CoreDNS and the intruder are exactly the cluster objects they stand for", () => {
    const [system, coredns, stranger, intruderNamespace, intruder] = analysisContext(topology);
    assert.deepEqual(system, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "kube-system", labels: { "kubernetes.io/metadata.name": "kube-system" }, annotations: ANALYSIS_ONLY },
    });
    assert.deepEqual(coredns, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system", labels: DNS_LABELS, annotations: ANALYSIS_ONLY },
      spec: {
        replicas: 2,
        selector: { matchLabels: DNS_LABELS },
        template: {
          metadata: { labels: DNS_LABELS },
          spec: { containers: [{ name: "coredns", image: "coredns/coredns:1.11.4", ports: DNS_PORTS }] },
        },
      },
    });
    assert.deepEqual(stranger, probe("kube-system", "stranger", { "app.kubernetes.io/name": "stranger" }));
    assert.deepEqual(intruderNamespace, { apiVersion: "v1", kind: "Namespace", metadata: { name: "intruder", annotations: ANALYSIS_ONLY } });
    assert.deepEqual(intruder, probe("intruder", "probe", appLabels("frontend")));
  });

  it("each governed namespace holds a stranger and look-alikes of every other endpoint, with its labels and ports", () => {
    const pods = analysisContext(topology).filter((o) => o.metadata.namespace === "bank-backend");
    assert.deepEqual(pods, [
      probe("bank-backend", "stranger", { "app.kubernetes.io/name": "stranger" }),
      probe("bank-backend", "looks-like-bank-frontend-frontend", appLabels("frontend"), appPorts("frontend")),
      probe("bank-backend", "looks-like-bank-database-database", appLabels("database"), appPorts("database")),
      probe("bank-backend", "looks-like-kube-system-coredns", DNS_LABELS, DNS_PORTS),
    ]);
  });

  it("the intruder wears the frontend's pod labels whatever the order of the workloads", () => {
    const reordered = { ...topology, workloads: [...topology.workloads].reverse() };
    const intruder = analysisContext(reordered).find((o) => o.metadata.namespace === INTRUDER_NAMESPACE && o.kind === "Pod");
    assert.deepEqual(intruder?.metadata.labels, appLabels("frontend"));
  });

  it("without workloads the intruder still exists, with a label of its own", () => {
    const intruder = analysisContext({ ...topology, workloads: [] }).find((o) => o.metadata.namespace === INTRUDER_NAMESPACE && o.kind === "Pod");
    assert.deepEqual(intruder, probe("intruder", "probe", { app: "probe" }));
  });

  it("only a Calico GlobalNetworkPolicy counts as Calico's layer", () => {
    const calico = renderStack(testStackConfig()).calicoPolicies;
    assert.deepEqual(policyLayers(calico), { calico: true });
    // Calico's Tier alone (same apiVersion, another kind) enforces nothing.
    assert.deepEqual(policyLayers(calico.filter((o) => o.kind !== "GlobalNetworkPolicy")), { calico: false });
    // A GlobalNetworkPolicy of another API (the CRD form) is not what the stack applies.
    assert.deepEqual(policyLayers(calico.map((o) => ({ ...o, apiVersion: "crd.projectcalico.org/v1" }))), { calico: false });
  });

  it("under Calico, an egress range to the metadata address is no declared flow, and one around it excepts it unless already excepted", () => {
    const backend = { kind: "workload", tenant: "bank", tier: "backend" } as const;
    const egress = (cidr: string, except: string[]) => ({ from: backend, to: { kind: "cidr", cidr, except }, ports: [{ port: 443, protocol: "TCP" }], reason: "test" }) as const;
    const withFlows = { ...topology, flows: [egress("169.254.169.254/32", []), egress("0.0.0.0/0", ["10.0.0.0/16", "169.254.0.0/16"]), egress("0.0.0.0/0", ["10.0.0.0/16"])] };
    const declared = (layers: PolicyLayers) => analysisIntent(withFlows, layers).flows.filter((f) => f.from === "bank-backend/backend");
    const targets = (layers: PolicyLayers) => declared(layers).map((f) => f.to).sort();
    assert.deepEqual(targets({ calico: true }), ["0.0.0.0/0 except 10.0.0.0/16,169.254.0.0/16", "0.0.0.0/0 except 10.0.0.0/16,169.254.169.254/32"]);
    // The Kubernetes layer alone keeps every declared flow as declared.
    assert.deepEqual(targets({ calico: false }), ["0.0.0.0/0 except 10.0.0.0/16", "0.0.0.0/0 except 10.0.0.0/16,169.254.0.0/16", "169.254.169.254/32"]);
  });
});
