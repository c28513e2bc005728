/**
 * The cluster of the network-policy-api conformance suite (kubernetes-sigs/network-policy-api,
 * release v0.1.7, `conformance/base/manifests.yaml`), re-expressed as plain objects: namespaces
 * `network-policy-conformance-<house>` labelled `conformance-house: <house>`, each with a
 * two-replica StatefulSet whose pods `<name>-0` and `<name>-1` carry the same label and serve TCP
 * 80 (named `web`), TCP 8080, UDP 53 (named `dns`), UDP 5353 and SCTP 9003 and 9005. Upstream's
 * fifth, host-network namespace (forbidden-forrest) is left out: host-network pods are outside the
 * model. Pods are written as Pods (the replicas are what the tests poke) with known IPs,
 * 10.1.<house>.<replica + 1>, as the upstream tests read `status.podIP` before poking.
 *
 * Helpers below write admin policies in the shape of the v1alpha1 API types
 * (`apis/v1alpha1/{adminnetworkpolicy,baselineadminnetworkpolicy,shared}_types.go`).
 */
export const HOUSES = {
  gryffindor: "harry-potter",
  slytherin: "draco-malfoy",
  hufflepuff: "cedric-diggory",
  ravenclaw: "luna-lovegood",
} as const;
export type House = keyof typeof HOUSES;

export const namespaceOf = (house: House): string => `network-policy-conformance-${house}`;

/** "gryffindor/harry-potter-0" -> the analyzer's endpoint id. */
export function endpointId(short: string): string {
  const [house, pod] = short.split("/");
  if (!(house in HOUSES)) throw new Error(`unknown house in ${short}`);
  return `${namespaceOf(house as House)}/${pod}`;
}

function podObject(house: House, replica: number, index: number): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { namespace: namespaceOf(house), name: `${HOUSES[house]}-${replica}`, labels: { "conformance-house": house } },
    spec: {
      containers: [
        { name: "client", image: "agnhost" },
        { name: "s80", image: "agnhost", ports: [{ containerPort: 80, protocol: "TCP", name: "web" }] },
        { name: "s8080", image: "agnhost" },
        { name: "s5353", image: "agnhost" },
        { name: "s53", image: "agnhost", ports: [{ containerPort: 53, protocol: "UDP", name: "dns" }] },
        { name: "s9003", image: "agnhost" },
        { name: "s9005", image: "agnhost" },
      ],
    },
    status: { podIP: `10.1.${index + 1}.${replica + 1}` },
  };
}

export function conformanceCluster(): object[] {
  return (Object.keys(HOUSES) as House[]).flatMap((house, index) => [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespaceOf(house), labels: { "conformance-house": house } } },
    podObject(house, 0, index),
    podObject(house, 1, index),
  ]);
}

/** The IP a pod of the cluster has (for `networks` peers naming pod IPs). */
export function podIp(house: House, replica: number): string {
  return `10.1.${Object.keys(HOUSES).indexOf(house) + 1}.${replica + 1}`;
}

// ---- admin policies, in the shape of the v1alpha1 types ----------------------------------

const API = "policy.networking.k8s.io/v1alpha1";
type Rule = Record<string, unknown>;
type Subject = Record<string, unknown>;

export function anp(name: string, priority: number, subject: Subject, rules: { ingress?: Rule[]; egress?: Rule[] }): Record<string, any> {
  return { apiVersion: API, kind: "AdminNetworkPolicy", metadata: { name }, spec: { priority, subject, ...rules } };
}

export function banp(subject: Subject, rules: { ingress?: Rule[]; egress?: Rule[] }, name = "default"): Record<string, any> {
  return { apiVersion: API, kind: "BaselineAdminNetworkPolicy", metadata: { name }, spec: { subject, ...rules } };
}

/** Subject or peer: every pod of the namespace whose kubernetes.io/metadata.name is the house's. */
export const namespaceNamed = (house: House): Subject => ({ namespaces: { matchLabels: { "kubernetes.io/metadata.name": namespaceOf(house) } } });
/** Subject or peer: pods labelled with the house in namespaces labelled with the house. */
export const housePods = (house: House): Subject => ({
  pods: { namespaceSelector: { matchLabels: { "conformance-house": house } }, podSelector: { matchLabels: { "conformance-house": house } } },
});
/** Subject or peer: namespaces labelled with the house. */
export const houseNamespaces = (house: House): Subject => ({ namespaces: { matchLabels: { "conformance-house": house } } });

export const portNumber = (port: number, protocol = "TCP") => ({ portNumber: { protocol, port } });
export const namedPort = (name: string) => ({ namedPort: name });
export const portRange = (start: number, end: number, protocol = "TCP") => ({ portRange: { protocol, start, end } });

export function ingressRule(name: string, action: string, from: Subject[], ports?: object[]): Rule {
  return { name, action, from, ...(ports === undefined ? {} : { ports }) };
}

export function egressRule(name: string, action: string, to: Subject[], ports?: object[]): Rule {
  return { name, action, to, ...(ports === undefined ? {} : { ports }) };
}

/** A copy of `policy` with rules `i` and `j` of a direction swapped (upstream's mutations). */
export function swapRules<T extends Record<string, any>>(policy: T, direction: "ingress" | "egress", i: number, j: number): T {
  const rules = [...policy.spec[direction]];
  [rules[i], rules[j]] = [rules[j], rules[i]];
  return { ...policy, spec: { ...policy.spec, [direction]: rules } };
}

/** A copy of `policy` with changes to its spec. */
export function withSpec<T extends Record<string, any>>(policy: T, spec: Record<string, unknown>): T {
  return { ...policy, spec: { ...policy.spec, ...spec } };
}

export function networkPolicy(namespace: string, name: string, spec: object): object {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { namespace, name }, spec };
}
