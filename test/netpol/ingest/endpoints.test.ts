/**
 * Pods and workloads as the model reads them: pod templates (and where a problem in one is
 * reported), container ports (order, names, nulls), pod IPs (order, duplicates, invalid ones),
 * service accounts, and the sharing of equal labels and port lists between endpoints.
 */
import { strict as assert } from "assert";
import { buildModel } from "../../../netpol";
import { modelProblems, namespace, pod } from "../core/helpers";

type K8sObject = Record<string, unknown>;

const podWith = (spec: Record<string, unknown>, extra: K8sObject = {}): K8sObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "x", labels: { app: "p" } },
  spec: { containers: [{ name: "main", image: "nginx" }], ...spec },
  ...extra,
});

const onlyPod = (object: K8sObject) => buildModel([namespace("x"), object]).pods[0] as NonNullable<ReturnType<typeof buildModel>["pods"][number]>;

describe("netpol ingest: pods and workloads", () => {
  describe("pod templates", () => {
    it("a problem inside a workload's template is reported under the template's path", () => {
      const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "x" }, spec: { template: { metadata: { labels: { replicas: 3 } }, spec: { containers: [{ name: "c", ports: [{ containerPort: 0 }] }] } } } };
      assert.deepEqual(modelProblems([deployment]), [
        "Deployment x/d: spec.template.metadata.labels.replicas: label value must be a string, got 3 (quote it in YAML)",
        "Deployment x/d: spec.template.spec.containers[0].ports[0].containerPort: 0 is out of range (expected an integer from 1 to 65535)",
      ]);
      const cronJob = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c", namespace: "x" }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { n: 1 } } } } } } };
      assert.deepEqual(modelProblems([cronJob]), ["CronJob x/c: spec.jobTemplate.spec.template.metadata.labels.n: label value must be a string, got 1 (quote it in YAML)"]);
    });

    it("a workload without a template, or with one that is not a mapping, is reported", () => {
      assert.deepEqual(modelProblems([{ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "s", namespace: "x" }, spec: {} }]), ["StatefulSet x/s: spec.template: missing pod template"]);
      assert.deepEqual(modelProblems([{ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c", namespace: "x" }, spec: { jobTemplate: { spec: { template: [] } } } }]), [
        "CronJob x/c: spec.jobTemplate.spec.template: expected a mapping, got a list",
      ]);
    });

    it("a Pod's own labels are read at metadata.labels", () => {
      assert.deepEqual(modelProblems([podWith({}, { metadata: { name: "p", namespace: "x", labels: { n: 1 } } })]), ["Pod x/p: metadata.labels.n: label value must be a string, got 1 (quote it in YAML)"]);
    });

    it("a workload's status holds no pod IP: it is not read", () => {
      const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "x" }, spec: { template: { spec: {} } }, status: { podIP: "10.0.0.1" } };
      assert.deepEqual(buildModel([deployment]).pods[0]?.ips, []);
    });
  });

  describe("container ports", () => {
    it("sorted by number, then protocol, then name", () => {
      const containers = [
        { name: "a", ports: [{ containerPort: 80, name: "web" }, { containerPort: 53, protocol: "UDP" }] },
        { name: "b", ports: [{ containerPort: 80, name: "http" }, { containerPort: 53 }] },
      ];
      assert.deepEqual(onlyPod(podWith({ containers })).ports, [
        { port: 53, protocol: "TCP" },
        { port: 53, protocol: "UDP" },
        { name: "http", port: 80, protocol: "TCP" },
        { name: "web", port: 80, protocol: "TCP" },
      ]);
    });

    it("an unnamed port before a named one of the same number and protocol", () => {
      const expected = [{ port: 80, protocol: "TCP" }, { name: "a", port: 80, protocol: "TCP" }];
      assert.deepEqual(onlyPod(podWith({ containers: [{ name: "c", ports: [{ containerPort: 80, name: "a" }, { containerPort: 80 }] }] })).ports, expected);
      assert.deepEqual(onlyPod(podWith({ containers: [{ name: "c", ports: [{ containerPort: 80 }, { containerPort: 80, name: "a" }] }] })).ports, expected);
    });

    it("a null port entry or a null name is no port and no name; a name that is not a string is reported", () => {
      assert.deepEqual(onlyPod(podWith({ containers: [{ name: "c", ports: [null, { containerPort: 80, name: null }] }] })).ports, [{ port: 80, protocol: "TCP" }]);
      assert.deepEqual(modelProblems([podWith({ containers: [{ name: "c", ports: [{ containerPort: 80, name: true }] }] })]), [
        "Pod x/p: spec.containers[0].ports[0].name: port name true is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)",
      ]);
    });

    it("a bad number or protocol is reported at its own field", () => {
      assert.deepEqual(modelProblems([podWith({ containers: [{ name: "c", ports: [{ containerPort: "80" }, { containerPort: 81, protocol: "tcp" }] }] })]), [
        'Pod x/p: spec.containers[0].ports[0].containerPort: "80" is not a port number (expected an integer from 1 to 65535)',
        'Pod x/p: spec.containers[0].ports[1].protocol: unknown protocol "tcp" (expected TCP, UDP or SCTP)',
      ]);
    });

    it("equal port lists are shared, lists that differ only in a name are not", () => {
      const model = buildModel([namespace("x"), pod("x", "a", { ports: [{ name: "http", containerPort: 80 }] }), pod("x", "b", { ports: [{ name: "web", containerPort: 80 }] }), pod("x", "c", { ports: [{ name: "http", containerPort: 80 }] })]);
      const [a, b, c] = model.pods;
      assert.deepEqual(a?.ports, [{ name: "http", port: 80, protocol: "TCP" }]);
      assert.deepEqual(b?.ports, [{ name: "web", port: 80, protocol: "TCP" }]);
      assert.equal(a?.ports, c?.ports, "the same list object");
    });

    it("endpoints without ports share one empty list", () => {
      const model = buildModel([namespace("x"), pod("x", "a", { ports: [] }), pod("x", "b", { ports: [] })]);
      assert.deepEqual(model.pods[0]?.ports, []);
      assert.equal(model.pods[0]?.ports, model.pods[1]?.ports);
      assert.ok(Object.isFrozen(model.pods[0]?.ports));
    });

    it("equal label maps are shared", () => {
      const model = buildModel([namespace("x"), pod("x", "a", { labels: { app: "web" } }), pod("x", "b", { labels: { app: "web" } })]);
      assert.equal(model.pods[0]?.podLabels, model.pods[1]?.podLabels);
    });
  });

  describe("pod IPs", () => {
    it("status.podIP and status.podIPs, deduplicated, IPv4 first, each family in address order", () => {
      const status = { podIP: "10.0.0.9", podIPs: [{ ip: "fd00::2" }, { ip: "10.0.0.10" }, { ip: "10.0.0.9" }, { ip: "fd00::1" }, { ip: "10.0.0.2" }] };
      assert.deepEqual(onlyPod(podWith({}, { status })).ips.map((ip) => ip.text), ["10.0.0.2", "10.0.0.9", "10.0.0.10", "fd00::1", "fd00::2"]);
    });

    it("one podIP is read", () => {
      assert.deepEqual(onlyPod(podWith({}, { status: { podIP: "10.1.2.3" } })).ips.map((ip) => ip.text), ["10.1.2.3"]);
    });

    it("a null podIP is none", () => {
      assert.deepEqual(onlyPod(podWith({}, { status: { podIP: null } })).ips, []);
    });

    it("an invalid address is reported at its field, alone or among others", () => {
      assert.deepEqual(modelProblems([podWith({}, { status: { podIP: "10.0.0.256" } })]), ['Pod x/p: status.podIP: "10.0.0.256" is not a valid IP address']);
      assert.deepEqual(modelProblems([podWith({}, { status: { podIP: 7 } })]), ["Pod x/p: status.podIP: 7 is not a valid IP address"]);
      // Kubernetes' lenient parser reads 010 as ten, ipaddr.js as eight: refused, never guessed
      assert.deepEqual(modelProblems([podWith({}, { status: { podIP: "010.0.0.1" } })]), ['Pod x/p: status.podIP: "010.0.0.1" is not a valid IP address']);
      assert.deepEqual(modelProblems([podWith({}, { status: { podIPs: [{ ip: "10.0.0.1" }, { ip: "bogus" }, { ip: 7 }] } })]), [
        'Pod x/p: status.podIPs[1].ip: "bogus" is not a valid IP address',
        "Pod x/p: status.podIPs[2].ip: 7 is not a valid IP address",
      ]);
      assert.deepEqual(modelProblems([podWith({}, { status: [] })]), ["Pod x/p: status: expected a mapping, got a list"]);
      assert.deepEqual(modelProblems([podWith({}, { status: { podIPs: {} } })]), ["Pod x/p: status.podIPs: expected a list, got a mapping"]);
    });
  });

  describe("service accounts", () => {
    it("serviceAccountName, else the deprecated serviceAccount; empty or not a string: the default one (no field)", () => {
      assert.equal(onlyPod(podWith({ serviceAccountName: "reader" })).serviceAccount, "reader");
      assert.equal(onlyPod(podWith({ serviceAccount: "legacy" })).serviceAccount, "legacy");
      for (const name of ["", 5]) assert.equal("serviceAccount" in onlyPod(podWith({ serviceAccountName: name })), false, String(name));
      assert.equal("serviceAccount" in onlyPod(podWith({})), false);
    });
  });
});
