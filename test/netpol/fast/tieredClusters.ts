/**
 * Hand-built clusters under Calico's tiers for the fast engine's TieredSides (tiered.ts), each
 * shaped to reach one of its paths: rule vectors whose ids differ per destination (named ports),
 * Kubernetes rules toward every peer or some, namespaced policies ordered between global ones,
 * and peer sets large enough (more than 64 classes) to become a side's shared big part.
 */
type Raw = Record<string, unknown>;

const CALICO = "projectcalico.org/v3";

export const namespace = (name: string, labels: Record<string, string> = {}): Raw => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });

/** A Pod serving "web" on `web` (no named port when undefined), and TCP 9000 unnamed. */
export function pod(ns: string, name: string, labels: Record<string, string>, web: number | undefined, ip?: string): Raw {
  const ports = [...(web === undefined ? [] : [{ name: "web", containerPort: web }]), { containerPort: 9000 }];
  return {
    apiVersion: "v1", kind: "Pod", metadata: { namespace: ns, name, labels }, spec: { containers: [{ name: "c", image: "i", ports }] },
    ...(ip === undefined ? {} : { status: { podIP: ip } }),
  };
}

export const tier = (name: string, order: number, defaultAction?: string): Raw => ({ apiVersion: CALICO, kind: "Tier", metadata: { name }, spec: { order, ...(defaultAction === undefined ? {} : { defaultAction }) } });
export const gnp = (name: string, spec: Raw): Raw => ({ apiVersion: CALICO, kind: "GlobalNetworkPolicy", metadata: { name }, spec });
export const calicoPolicy = (ns: string, name: string, spec: Raw): Raw => ({ apiVersion: CALICO, kind: "NetworkPolicy", metadata: { namespace: ns, name }, spec });
export const k8sPolicy = (ns: string, name: string, spec: Raw): Raw => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace: ns, name }, spec });

/** Two digits, so that pod ids sort as their numbers. */
const two = (index: number): string => String(index).padStart(2, "0");

/**
 * Named ports resolved per destination: "web" is 8080 on even pods and 80 on odd ones (one pod
 * has none), so a rule naming it matches each peer with its own set, and a rule vector's
 * exceptions have different ids. Policies of one tier are global and namespaced, ordered so
 * that a namespace's own policy falls between global ones. A rule reads its subject; two
 * policies without rules in tiers with different default actions govern two pods alike.
 */
export function namedPortsCluster(): Raw[] {
  const shop = Array.from({ length: 6 }, (_, index) => pod("shop", `a${index}`, { app: `a${index}`, role: index % 2 === 0 ? "x" : "y" }, index % 2 === 0 ? 8080 : 80, `10.0.0.${index + 1}`));
  return [
    namespace("shop", { team: "a" }), namespace("other", { team: "b" }),
    ...shop, pod("shop", "plain", { app: "plain", role: "x" }, undefined, "10.0.0.9"),
    pod("other", "b0", { app: "b0" }, 8080, "10.0.1.1"), pod("other", "b1", { app: "b1", role: "y" }, 80, "10.0.1.2"),
    pod("shop", "lone-a", { app: "lone-a" }, 80), pod("shop", "lone-b", { app: "lone-b" }, 80),
    tier("security", 100), tier("platform", 200, "Pass"),
    // What the rule reads of its subject (the source on egress) splits the subjects: role x may not send TCP 9000.
    gnp("security.source-x", {
      tier: "security", order: 5, selector: "all()",
      egress: [
        { action: "Deny", protocol: "TCP", source: { selector: "role == 'x'" }, destination: { ports: [9000] } },
        // Rules whose match toward a peer depends on the subject: role x may not reach a2, role y
        // not a5 (nor TCP 9000 to b1). Role x and role y subjects match as many of these rules.
        { action: "Deny", source: { selector: "role == 'x'" }, destination: { selector: "app == 'a2'" } },
        { action: "Deny", source: { selector: "role == 'y'" }, destination: { selector: "app == 'a5'" } },
        { action: "Deny", protocol: "TCP", source: { selector: "role == 'y'" }, destination: { selector: "app == 'b1'", ports: [9000] } },
        { action: "Pass" },
      ],
    }),
    // On ingress, the subject is the destination: role x may not hear from a0.
    gnp("security.ingress-x", {
      tier: "security", order: 6, selector: "has(role)",
      ingress: [{ action: "Deny", source: { selector: "app == 'a0'" }, destination: { selector: "role == 'x'" } }, { action: "Pass" }],
    }),
    // Policies without rules, alike but in tiers that end differently: lone-a admits nothing, lone-b everything.
    gnp("security.deny-lone", { tier: "security", order: 30, selector: "app == 'lone-a'", types: ["Ingress"] }),
    gnp("platform.pass-lone", { tier: "platform", order: 30, selector: "app == 'lone-b'", types: ["Ingress"] }),
    gnp("security.named", {
      tier: "security", order: 10, selector: "role == 'x'",
      egress: [{ action: "Allow", protocol: "TCP", destination: { selector: "app in {'b0', 'b1'}", ports: ["web"] } }, { action: "Pass" }],
      ingress: [{ action: "Deny", source: { selector: "app == 'a1'" } }, { action: "Pass" }],
    }),
    // Default tier: the namespaced Calico policy (order 100) comes before the global one (order 200).
    calicoPolicy("shop", "deny-a3", { order: 100, selector: "role == 'y'", egress: [{ action: "Deny", destination: { selector: "app == 'a3'" } }] }),
    gnp("allow-y", { order: 200, selector: "role == 'y'", egress: [{ action: "Allow", protocol: "TCP", destination: { ports: [80, "web"] } }] }),
    k8sPolicy("shop", "egress-web", {
      podSelector: {}, policyTypes: ["Egress"],
      egress: [
        { to: [{ podSelector: { matchLabels: { role: "y" } } }], ports: [{ port: "web" }, { port: 7000 }] },
        { ports: [{ port: "web", protocol: "TCP" }, { port: 9000 }] },
        { to: [{ ipBlock: { cidr: "203.0.113.0/24" } }], ports: [{ port: 443 }] },
        { to: [{ podSelector: { matchLabels: { app: "plain" } } }] },
      ],
    }),
    k8sPolicy("other", "from-team-a", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }], ports: [{ port: "web" }] }] }),
  ];
}

/** Pods in the wide cluster, with distinct labels (one class each): more than the default 64 for a big part. */
export const WIDE_PODS = 72;

/**
 * Many classes and peer sets of every size: a rule matching every pod (one id: a big part under
 * the default thresholds), rules matching a third of them, one pod, or pods by named port (ids
 * that differ), Deny before Allow so that a big part's peers can fall in other exceptions, and a
 * Kubernetes rule toward every pod of the namespace.
 */
export function wideCluster(count = WIDE_PODS): Raw[] {
  const pods = Array.from({ length: count }, (_, index) =>
    pod("shop", `p${two(index)}`, { app: `p${two(index)}`, g: String(index % 3) }, index % 4 === 0 ? 80 : 8080));
  return [
    namespace("shop"),
    ...pods,
    tier("security", 100),
    gnp("security.third", {
      tier: "security", order: 10, selector: "g == '0'",
      ingress: [{ action: "Deny", source: { selector: "g == '1'" } }, { action: "Pass" }],
      egress: [{ action: "Allow", protocol: "TCP", destination: { selector: "g == '2'", ports: ["web"] } }, { action: "Pass", destination: { selector: "app == 'p05'" } }, { action: "Pass" }],
    }),
    gnp("all-pods", {
      order: 100, selector: "all()",
      ingress: [{ action: "Deny", source: { selector: "app == 'p07'" } }, { action: "Allow", protocol: "TCP", source: { selector: "has(app)" }, destination: { ports: [8080] } }],
      egress: [{ action: "Deny", destination: { selector: "g == '1'" } }, { action: "Allow", protocol: "TCP", destination: { selector: "has(app)", ports: ["web"] } }, { action: "Allow", destination: { nets: ["203.0.113.0/24"] } }],
    }),
    // After the GlobalNetworkPolicy (default tier, order 1000): a Kubernetes rule toward every pod
    // of the namespace, one id for all (not a majority flipped into the background): a big part.
    k8sPolicy("shop", "from-shop", { podSelector: { matchLabels: { g: "1" } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 9000 }] }] }),
  ];
}

/**
 * A big part under the default thresholds: a Kubernetes rule admitting TCP 9000 from every pod of
 * the namespace (one id toward more than 64 classes) on the pods of group 1, and per-pod Calico
 * policies before it that make exceptions inside the big part (p01: Deny from p00 and p07 on TCP
 * 9000, Allow from p05; p04: Allow from p05; p16: Deny from p00, the big part's first) or outside it
 * (p10: UDP from an external block, which holds p05 too: one rule result on a peer inside the
 * big part and one outside it).
 * p02 may send anything: its egress side admits every class.
 */
export function bigPartCluster(count = WIDE_PODS): Raw[] {
  // p05's address is in 203.0.113.0/24, with the external atom of that block.
  const pods = Array.from({ length: count }, (_, index) => pod("shop", `p${two(index)}`, { app: `p${two(index)}`, g: String(index % 3) }, 8080, index === 5 ? "203.0.113.5" : undefined));
  const ingress = (app: string, rules: Raw[]): Raw => gnp(`only-${app}`, { order: 50, selector: `app == '${app}'`, ingress: rules });
  return [
    namespace("shop"),
    ...pods,
    ingress("p01", [
      { action: "Deny", protocol: "TCP", source: { selector: "app in {'p00', 'p07'}" }, destination: { ports: [9000] } },
      { action: "Allow", source: { selector: "app == 'p05'" } },
    ]),
    ingress("p04", [{ action: "Allow", source: { selector: "app == 'p05'" } }]),
    ingress("p10", [{ action: "Allow", protocol: "UDP", source: { nets: ["203.0.113.0/24"] } }]),
    ingress("p16", [{ action: "Deny", protocol: "TCP", source: { selector: "app == 'p00'" }, destination: { ports: [9000] } }]),
    gnp("p02-out", { order: 50, selector: "app == 'p02'", egress: [{ action: "Allow" }] }),
    k8sPolicy("shop", "from-shop", { podSelector: { matchLabels: { g: "1" } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 9000 }] }] }),
  ];
}
