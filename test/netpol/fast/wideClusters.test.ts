/**
 * The fast engine where the differential test's small random clusters never go: more than 32
 * classes sharing one row (the bit-parallel counting path), class counts on and around multiples
 * of 32 (bitset word edges), dual-stack pods, and /0 and /1 blocks in class keys.
 */
import { strict as assert } from "assert";
import { buildModel, engineNamed, PortProbe } from "../../../netpol";
import { fastEngine } from "../../../netpol/fast";
import { NetpolModel } from "../../../netpol/model";

type K8sObject = Record<string, unknown>;

const TCP80: PortProbe = { port: 80, protocol: "TCP" };
const TCP443: PortProbe = { port: 443, protocol: "TCP" };
const PROBES: readonly PortProbe[] = [TCP80, TCP443, { port: 53, protocol: "UDP" }];

function namespace(name: string): K8sObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

function pod(ns: string, name: string, labels: Record<string, string>, ips: readonly string[] = []): K8sObject {
  const status = ips.length === 0 ? {} : { status: { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: "main", image: "nginx", ports: [{ name: "http", containerPort: 80 }] }] },
    ...status,
  };
}

function policy(ns: string, name: string, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec };
}

/** Both engines on every ordered pair and probe, and the fast class-level count against a pod-by-pod count. */
function assertEnginesAgree(model: NetpolModel, probes: readonly PortProbe[] = PROBES): void {
  const reference = engineNamed("reference").prepare(model);
  const fast = fastEngine.prepare(model);
  for (const probe of probes) {
    const wrong: string[] = [];
    let allowedPodPairs = 0;
    for (let from = 0; from < model.endpoints.length; from++) {
      for (let to = 0; to < model.endpoints.length; to++) {
        if (from >= model.pods.length && to >= model.pods.length) continue;
        const verdict = reference.allows(from, to, probe);
        if (fast.allows(from, to, probe) !== verdict) wrong.push(`${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`);
        if (verdict && from < model.pods.length && to < model.pods.length) allowedPodPairs++;
      }
    }
    assert.deepEqual(wrong, [], `fast engine verdicts on ${probe.protocol}/${probe.port}`);
    assert.equal(fast.countAllowedPodPairs(probe), allowedPodPairs, `allowed pod pairs on ${probe.protocol}/${probe.port}`);
  }
}

/**
 * `classes` pod classes in namespace x (label id=<i>; every third class has a second replica, so
 * weights differ), all sharing one egress row; ingress to the even classes only from the classes
 * whose id is a multiple of 3 on TCP 80, and from every pod of x on TCP 443.
 */
function wideCluster(classes: number): K8sObject[] {
  const objects: K8sObject[] = [namespace("x"), namespace("y"), pod("y", "outsider", { role: "outsider" })];
  for (let i = 0; i < classes - 1; i++) {
    const labels = { id: `c${i}`, parity: i % 2 === 0 ? "even" : "odd", third: i % 3 === 0 ? "yes" : "no" };
    objects.push(pod("x", `c${i}-a`, labels));
    if (i % 3 === 0) objects.push(pod("x", `c${i}-b`, labels));
  }
  objects.push(
    policy("x", "egress-within-x", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }] }] }),
    policy("x", "even-ingress", {
      podSelector: { matchLabels: { parity: "even" } },
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ podSelector: { matchLabels: { third: "yes" } } }], ports: [{ port: 80 }] },
        { from: [{ podSelector: {} }], ports: [{ port: 443 }] },
      ],
    }),
  );
  return objects;
}

describe("netpol fast engine: wide clusters, word edges, dual stack, /0 and /1", () => {
  describe("more than 32 classes sharing one egress row (bit-parallel counting)", () => {
    // Pod classes: the (classes - 1) of x plus y/outsider; one external atom (0.0.0.0/0) follows them.
    for (const classes of [31, 32, 33, 40, 63, 64, 65, 96, 97]) {
      it(`${classes} pod classes (${classes + 1} classes in all): verdicts and pair counts equal the reference`, () => {
        const model = buildModel(wideCluster(classes));
        const fast = fastEngine.prepare(model);
        assert.equal(fast.grouping.podClassCount, classes);
        assert.equal(fast.grouping.classes.length, classes + 1);
        assertEnginesAgree(model);
      });
    }

    it("counts the pairs of a 40-class row by hand: weights and the ingress filter both apply", () => {
      const model = buildModel(wideCluster(41)); // x holds classes c0..c39, 54 pods (c0, c3, ..., c39 doubled)
      const fast = fastEngine.prepare(model);
      const xPods = 40 + 14;
      const evenPods = 20 + 7; // c0..c38 even, doubled when a multiple of 3 (0, 6, ..., 36: 7 of them)
      const thirdPods = 14 * 2;
      const evenNotThirdPods = evenPods - 7 * 2; // their only way in on TCP 80 is to themselves: a Pod never blocks itself
      // y/outsider is not isolated: it reaches the odd (not ingress-isolated) pods of x and itself; x may not reach it.
      // TCP 443: every x pod reaches every x pod.
      assert.equal(fast.countAllowedPodPairs(TCP443), xPods * xPods + (xPods - evenPods) + 1);
      // TCP 80: even destinations admit only the "third" sources (and themselves).
      assert.equal(fast.countAllowedPodPairs(TCP80), xPods * (xPods - evenPods) + thirdPods * evenPods + evenNotThirdPods + (xPods - evenPods) + 1);
    });
  });

  describe("class counts on multiples of 32 across namespaces", () => {
    // Namespaces of 20 classes each: their class ranges straddle the 32-bit words.
    function namespaces(count: number, perNamespace: number): K8sObject[] {
      const objects: K8sObject[] = [];
      for (let n = 0; n < count; n++) {
        objects.push(namespace(`n${n}`));
        for (let i = 0; i < perNamespace; i++) objects.push(pod(`n${n}`, `p${i}`, { id: `p${i}`, half: i < perNamespace / 2 ? "low" : "high" }));
        objects.push(policy(`n${n}`, "from-next-namespace", {
          podSelector: { matchLabels: { half: "low" } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": `n${(n + 1) % count}` } } }] }],
        }));
        objects.push(policy(`n${n}`, "egress-to-high", {
          podSelector: { matchLabels: { half: "high" } },
          policyTypes: ["Egress"],
          egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { half: "high" } } }], ports: [{ port: 80 }] }],
        }));
      }
      return objects;
    }

    for (const [count, perNamespace] of [[1, 31], [1, 32], [2, 16], [4, 16], [3, 21], [5, 13]] as const) {
      it(`${count} namespaces of ${perNamespace} classes (${count * perNamespace + 1} classes with the external atom)`, () => {
        const model = buildModel(namespaces(count, perNamespace));
        assert.equal(fastEngine.prepare(model).grouping.classes.length, count * perNamespace + 1);
        assertEnginesAgree(model);
      });
    }
  });

  describe("dual-stack pods in class keys", () => {
    const policies = [
      policy("x", "target-from-blocks", {
        podSelector: { matchLabels: { role: "target" } },
        ingress: [
          { from: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 80 }] },
          { from: [{ ipBlock: { cidr: "fd00::/64" } }], ports: [{ port: 443 }] },
        ],
      }),
    ];
    const objects = [
      namespace("x"),
      pod("x", "target", { role: "target" }),
      pod("x", "both-in", { app: "a" }, ["10.0.0.1", "fd00::1"]),
      pod("x", "both-in-reversed", { app: "a" }, ["fd00::2", "10.0.0.2"]),
      pod("x", "v4-only-in", { app: "a" }, ["10.0.0.3", "2001:db8::3"]),
      pod("x", "v6-only-in", { app: "a" }, ["192.168.0.4", "fd00::4"]),
      pod("x", "neither", { app: "a" }, ["192.168.0.5", "2001:db8::5"]),
      pod("x", "v4-single", { app: "a" }, ["10.0.0.6"]),
      ...policies,
    ];

    it("groups pods by the atoms of all their IPs, whatever order the IPs are listed in", () => {
      const model = buildModel(objects);
      const { grouping } = fastEngine.prepare(model);
      const classOf = (name: string): number => grouping.classOf[model.endpoints.findIndex((e) => e.id === `x/${name}`)] as number;
      assert.equal(classOf("both-in"), classOf("both-in-reversed"));
      const distinct = ["both-in", "v4-only-in", "v6-only-in", "neither", "v4-single", "target"].map(classOf);
      assert.equal(new Set(distinct).size, distinct.length, "each IP-atom combination is its own class");
    });

    it("keys a class by the set of its IPs' atoms: not by the IPs' order, nor by how many share an atom", () => {
      const model = buildModel([
        namespace("x"),
        pod("x", "target", { role: "target" }),
        pod("x", "inside-first", { app: "a" }, ["10.0.0.1", "192.168.0.1"]), // atoms: 10.0.0.0/16, then the rest
        pod("x", "outside-first", { app: "a" }, ["9.0.0.1", "10.0.0.2"]), // the rest, then 10.0.0.0/16
        pod("x", "two-inside", { app: "a" }, ["10.0.0.3", "10.0.0.4"]),
        pod("x", "one-inside", { app: "a" }, ["10.0.0.5"]),
        ...policies,
      ]);
      const { grouping } = fastEngine.prepare(model);
      const classOf = (name: string): number => grouping.classOf[model.endpoints.findIndex((e) => e.id === `x/${name}`)] as number;
      assert.equal(classOf("inside-first"), classOf("outside-first"));
      assert.equal(classOf("two-inside"), classOf("one-inside"));
      assert.notEqual(classOf("inside-first"), classOf("one-inside"));
      assertEnginesAgree(model);
    });

    it("decides each family's block on its own address", () => {
      const model = buildModel(objects);
      const fast = fastEngine.prepare(model);
      const index = (name: string): number => model.endpoints.findIndex((e) => e.id === `x/${name}`);
      const target = index("target");
      const verdicts = ["both-in", "both-in-reversed", "v4-only-in", "v6-only-in", "neither", "v4-single"].map((name) => [
        name, fast.connections(index(name), target).format(),
      ]);
      assert.deepEqual(Object.fromEntries(verdicts), {
        "both-in": "TCP 80,443",
        "both-in-reversed": "TCP 80,443",
        "v4-only-in": "TCP 80",
        "v6-only-in": "TCP 443",
        neither: "none",
        "v4-single": "TCP 80",
      });
      assertEnginesAgree(model);
    });
  });

  describe("/0 and /1 blocks in class keys", () => {
    function halves(): K8sObject[] {
      return [
        namespace("x"),
        pod("x", "target", { role: "target" }),
        pod("x", "low", { app: "a" }, ["10.0.0.1"]),
        pod("x", "zero", { app: "a" }, ["0.0.0.0"]),
        pod("x", "high", { app: "a" }, ["200.0.0.1"]),
        pod("x", "top", { app: "a" }, ["255.255.255.255"]),
        pod("x", "v6-low", { app: "a" }, ["::1"]),
        pod("x", "v6-high", { app: "a" }, ["ffff::1"]),
        pod("x", "no-ip", { app: "a" }),
        policy("x", "target-from-halves", {
          podSelector: { matchLabels: { role: "target" } },
          ingress: [
            { from: [{ ipBlock: { cidr: "128.0.0.0/1" } }], ports: [{ port: 80 }] },
            { from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["128.0.0.0/1"] } }], ports: [{ port: 443 }] },
            { from: [{ ipBlock: { cidr: "8000::/1" } }], ports: [{ port: 80 }] },
            { from: [{ ipBlock: { cidr: "::/0" } }], ports: [{ protocol: "UDP", port: 53 }] },
          ],
        }),
      ];
    }

    it("puts pods of different halves (and the address space's edges) in different classes", () => {
      const model = buildModel(halves());
      const { grouping } = fastEngine.prepare(model);
      assert.deepEqual(model.externals.map((e) => e.id), ["0.0.0.0/0 except 128.0.0.0/1", "128.0.0.0/1", "::/0 except 8000::/1", "8000::/1"]);
      const classOf = (name: string): number => grouping.classOf[model.endpoints.findIndex((e) => e.id === `x/${name}`)] as number;
      assert.equal(classOf("low"), classOf("zero"), "0.0.0.0 and 10.0.0.1: both in the lower half");
      assert.equal(classOf("high"), classOf("top"), "200.0.0.1 and 255.255.255.255: both in the upper half");
      const distinct = ["low", "high", "v6-low", "v6-high", "no-ip"].map(classOf);
      assert.equal(new Set(distinct).size, distinct.length);
    });

    it("decides by the half each address is in", () => {
      const model = buildModel(halves());
      const fast = fastEngine.prepare(model);
      const index = (name: string): number => model.endpoints.findIndex((e) => e.id === `x/${name}`);
      const verdicts = ["low", "zero", "high", "top", "v6-low", "v6-high", "no-ip"].map((name) => [name, fast.connections(index(name), index("target")).format()]);
      assert.deepEqual(Object.fromEntries(verdicts), {
        low: "TCP 443", zero: "TCP 443", high: "TCP 80", top: "TCP 80", "v6-low": "UDP 53", "v6-high": "TCP 80; UDP 53", "no-ip": "none",
      });
      assertEnginesAgree(model);
    });

    it("keeps 0.0.0.0/1 and 128.0.0.0/1 apart when both are written and nothing else is", () => {
      const model = buildModel([
        namespace("x"),
        pod("x", "target", { role: "target" }),
        pod("x", "low", { app: "a" }, ["10.0.0.1"]),
        pod("x", "high", { app: "a" }, ["200.0.0.1"]),
        policy("x", "p", { podSelector: { matchLabels: { role: "target" } }, ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/1" } }] }, { from: [{ ipBlock: { cidr: "128.0.0.0/1" } }], ports: [{ port: 80 }] }] }),
      ]);
      const fast = fastEngine.prepare(model);
      const index = (name: string): number => model.endpoints.findIndex((e) => e.id === `x/${name}`);
      assert.notEqual(fast.grouping.classOf[index("low")], fast.grouping.classOf[index("high")]);
      assert.equal(fast.connections(index("low"), index("target")).format(), "all");
      assert.equal(fast.connections(index("high"), index("target")).format(), "TCP 80");
      assertEnginesAgree(model);
    });
  });
});
