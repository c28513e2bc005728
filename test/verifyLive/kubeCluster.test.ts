// KubeCluster against a stand-in API server on localhost (node:http) and against an address where
// nothing listens: the REST calls verify-live makes (paths, selectors, the ephemeral-container patch
// and its content type) and the messages a user gets for an unreachable or forbidding cluster.
import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ClusterAccessError } from "../../cli/verifyLive/cluster";
import { KubeCluster, loadKubeConfig } from "../../cli/verifyLive/kubeCluster";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
}

const POD = {
  metadata: { name: "backend-7d9", namespace: "bank-backend" },
  status: {
    podIP: "192.168.1.7",
    conditions: [{ type: "Ready", status: "True" }],
    ephemeralContainerStatuses: [{ name: "zt-verify-abc", state: { terminated: { exitCode: 0, reason: "Completed" } } }],
  },
};

function answer(seen: Seen): [number, unknown] {
  if (seen.url.startsWith("/api/v1/namespaces/locked/")) return [403, { kind: "Status", message: 'pods is forbidden: User "dev" cannot list resource "pods"', code: 403 }];
  if (seen.url === "/version") return [200, { major: "1", minor: "34", gitVersion: "v1.34.0" }];
  if (seen.url.startsWith("/api/v1/namespaces/bank-backend/pods?")) return [200, { kind: "PodList", items: [POD] }];
  if (seen.url.endsWith("/log?container=zt-verify-abc")) return [200, "zt-probe 0 0\n"];
  return [200, POD];
}

function kubeConfigFor(server: string): ReturnType<typeof loadKubeConfig> {
  return loadKubeConfig("test", (config) => config.loadFromOptions({
    clusters: [{ name: "c", server, skipTLSVerify: true }], users: [{ name: "u", token: "t" }], contexts: [{ name: "test", cluster: "c", user: "u" }], currentContext: "test",
  }));
}

describe("verify-live: KubeCluster on the Kubernetes REST API", () => {
  const seen: Seen[] = [];
  let server: http.Server;
  let cluster: KubeCluster;

  before(async () => {
    server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        const entry = { method: request.method ?? "", url: request.url ?? "", contentType: String(request.headers["content-type"] ?? ""), body };
        seen.push(entry);
        const [status, payload] = answer(entry);
        const text = typeof payload === "string";
        response.writeHead(status, { "content-type": text ? "text/plain" : "application/json" });
        response.end(text ? payload : JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cluster = new KubeCluster(kubeConfigFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lists pods by label selector and reads their address and readiness", async () => {
    const pods = await cluster.listPods("bank-backend", { "app.kubernetes.io/name": "backend", "zero-trust-eks.io/tier": "backend" });
    assert.deepEqual(pods, [{ namespace: "bank-backend", name: "backend-7d9", ip: "192.168.1.7", ready: true }]);
    const url = new URL(seen.at(-1)!.url, "http://x");
    assert.equal(url.pathname, "/api/v1/namespaces/bank-backend/pods");
    assert.equal(url.searchParams.get("labelSelector"), "app.kubernetes.io/name=backend,zero-trust-eks.io/tier=backend");
  });

  it("adds an ephemeral container with a strategic merge patch of the ephemeralcontainers subresource", async () => {
    await cluster.addEphemeralContainer({ namespace: "bank-backend", name: "backend-7d9" }, { name: "zt-verify-abc", image: "agnhost" });
    const patch = seen.at(-1)!;
    assert.equal(patch.method, "PATCH");
    assert.equal(patch.url, "/api/v1/namespaces/bank-backend/pods/backend-7d9/ephemeralcontainers");
    assert.equal(patch.contentType, "application/strategic-merge-patch+json");
    assert.deepEqual(JSON.parse(patch.body), { spec: { ephemeralContainers: [{ name: "zt-verify-abc", image: "agnhost" }] } });
  });

  it("reads an ephemeral container's state and log", async () => {
    const pod = { namespace: "bank-backend", name: "backend-7d9" };
    assert.deepEqual(await cluster.containerState(pod, "zt-verify-abc"), { phase: "terminated", exitCode: 0, reason: "Completed" });
    assert.deepEqual(await cluster.containerState(pod, "other"), { phase: "absent" });
    assert.equal(await cluster.containerLog(pod, "zt-verify-abc"), "zt-probe 0 0\n");
  });

  it("creates and deletes its namespace", async () => {
    await cluster.createNamespace("zero-trust-eks-verify-abc", { "pod-security.kubernetes.io/enforce": "restricted" });
    assert.deepEqual([seen.at(-1)!.method, seen.at(-1)!.url], ["POST", "/api/v1/namespaces"]);
    assert.deepEqual(JSON.parse(seen.at(-1)!.body).metadata, { name: "zero-trust-eks-verify-abc", labels: { "pod-security.kubernetes.io/enforce": "restricted" } });
    await cluster.deleteNamespace("zero-trust-eks-verify-abc");
    assert.deepEqual([seen.at(-1)!.method, seen.at(-1)!.url], ["DELETE", "/api/v1/namespaces/zero-trust-eks-verify-abc"]);
  });

  it("a 403 names the action, the cluster, where the permissions are listed, and the API's own words", async () => {
    await assert.rejects(cluster.listPods("locked", { app: "x" }), (error: unknown) => {
      assert.ok(error instanceof ClusterAccessError);
      assert.match(error.message, /^cannot list pods in locked: forbidden \(403\) on context test \(http:\/\/127\.0\.0\.1:\d+\): .*docs\/verify-live\.md.*User "dev" cannot list resource "pods"/);
      return true;
    });
  });

  it("an address where nothing listens: one sentence saying the cluster does not answer, and what to check", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new KubeCluster(kubeConfigFor(`http://127.0.0.1:${port}`));
    await assert.rejects(unreachable.check(), (error: unknown) => {
      assert.ok(error instanceof ClusterAccessError);
      assert.equal(error.message, `cannot reach the Kubernetes API: context test (http://127.0.0.1:${port}) does not answer (ECONNREFUSED); is the cluster running (kind get clusters), and can this machine reach its API (a private EKS endpoint answers only inside its VPC)?`);
      return true;
    });
  });

  it("an unknown context lists the ones the kubeconfig has", () => {
    assert.throws(() => loadKubeConfig("kind-nope", (config) => config.loadFromOptions({
      clusters: [{ name: "c", server: "http://127.0.0.1:1" }], users: [{ name: "u" }],
      contexts: [{ name: "a", cluster: "c", user: "u" }, { name: "b", cluster: "c", user: "u" }], currentContext: "a",
    })), /^ClusterAccessError: no context "kind-nope" in your kubeconfig \(contexts: a, b\)/);
  });
});
