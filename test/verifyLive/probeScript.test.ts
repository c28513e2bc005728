// The probe script, run by a real /bin/sh against a stand-in agnhost that answers per address as
// agnhost connect does (exit 0, or exit 1 and TIMEOUT / REFUSED / OTHER on stderr), and read back
// by the parser; and the containers it runs in, held to the restricted Pod Security level.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { intruderPod, parseProbeLog, PROBE_IMAGE, probeContainer, probeScript, UDP_PAYLOAD } from "../../cli/verifyLive/probeScript";

const STUB_AGNHOST = `#!/bin/sh
echo "$*" >> "$ARGS_LOG"
case "$2" in
  10.0.0.1:*) exit 0 ;;
  10.0.0.2:*) echo "TIMEOUT" >&2; exit 1 ;;
  10.0.0.3:*) echo "REFUSED: dial tcp 10.0.0.3:80: connect: connection refused" >&2; exit 1 ;;
  *) printf 'OTHER: dial tcp: *\\nsecond line\\n' >&2; exit 1 ;;
esac
`;

function runScript(script: string, dir: string): string {
  const result = spawnSync("/bin/sh", ["-c", script], { cwd: dir, encoding: "utf8", env: { PATH: "/usr/bin:/bin", ARGS_LOG: path.join(dir, "args.log") } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe("verify-live: the probe script and its containers", () => {
  it("tries each probe with agnhost connect and reports each outcome on its own line, in order", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zte-probe-"));
    try {
      const agnhost = path.join(dir, "agnhost");
      fs.writeFileSync(agnhost, STUB_AGNHOST, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, "decoy-file"), ""); // a `*` in a message must not expand to it
      const script = probeScript([
        { index: 0, ip: "10.0.0.1", port: 9090, protocol: "TCP" },
        { index: 1, ip: "10.0.0.2", port: 5432, protocol: "TCP" },
        { index: 2, ip: "10.0.0.3", port: 80, protocol: "TCP" },
        { index: 3, ip: "10.0.0.4", port: 53, protocol: "UDP" },
      ], 2, agnhost);
      const outcomes = parseProbeLog(runScript(script, dir));
      assert.deepEqual([...outcomes.entries()], [
        [0, { kind: "connected" }],
        [1, { kind: "blocked", detail: "TIMEOUT" }],
        [2, { kind: "refused", detail: "REFUSED: dial tcp 10.0.0.3:80: connect: connection refused" }],
        [3, { kind: "error", detail: "OTHER: dial tcp: * second line" }],
      ]);
      const args = fs.readFileSync(path.join(dir, "args.log"), "utf8").trim().split("\n");
      assert.deepEqual(args, [
        "connect 10.0.0.1:9090 --timeout=2s --protocol=tcp",
        "connect 10.0.0.2:5432 --timeout=2s --protocol=tcp",
        "connect 10.0.0.3:80 --timeout=2s --protocol=tcp",
        `connect 10.0.0.4:53 --timeout=2s --protocol=udp --udp-data=${UDP_PAYLOAD}`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses anything but an IP address and a numeric port in the script", () => {
    assert.throws(() => probeScript([{ index: 0, ip: "10.0.0.1; rm -rf /", port: 80, protocol: "TCP" }], 2), /bad probe address/);
  });

  it("a result line it cannot read is no result; a missing line is absent", () => {
    const outcomes = parseProbeLog("noise\nzt-probe 1 1\nzt-probe x 0\n");
    assert.deepEqual([...outcomes.entries()], [[1, { kind: "error", detail: "exit 1, no message" }]]);
  });

  it("both containers meet the restricted Pod Security level, as the tier namespaces enforce it", () => {
    const container = probeContainer("zt-verify-abc", PROBE_IMAGE, "true");
    assert.deepEqual(container.securityContext, {
      runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
    });
    assert.equal(PROBE_IMAGE, "registry.k8s.io/e2e-test-images/agnhost:2.53");
    const pod = intruderPod("ns", "intruder", { app: "x" }, container, 130) as { spec: Record<string, unknown> };
    assert.equal(pod.spec.restartPolicy, "Never");
    assert.equal(pod.spec.automountServiceAccountToken, false);
    assert.equal(pod.spec.activeDeadlineSeconds, 130);
    assert.deepEqual(pod.spec.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  });
});
