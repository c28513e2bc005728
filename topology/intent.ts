// Topology -> the analyzer's intent file (`netpol verify --intent`): the flows as endpoint names.
import type { Flow, FlowPeer, PortSpec, Topology } from "./types";
import { findWorkload } from "./lookup";
import { externalName } from "./naming";

export interface IntentFlow {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
}

export interface IntentFile {
  readonly flows: readonly IntentFlow[];
  /** Require each side (egress of the source, ingress of the destination) alone to allow exactly the flows. */
  readonly eachSide?: boolean;
  /** What the Kubernetes NetworkPolicies alone must allow, when the input also has Calico's layer. */
  readonly kubernetesLayer?: IntentFile;
}

export function toIntent(topology: Topology): IntentFile {
  const name = (peer: FlowPeer): string => peerName(topology, peer);
  const flows = topology.flows.map((flow: Flow) => ({
    from: name(flow.from),
    to: name(flow.to),
    ports: flow.ports.map(portName),
  }));
  return { flows: flows.sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`)) };
}

function peerName(topology: Topology, peer: FlowPeer): string {
  switch (peer.kind) {
    case "workload": {
      const workload = findWorkload(topology, peer.tenant, peer.tier);
      return `${workload.namespace}/${workload.name}`;
    }
    case "dns":
      return `${topology.dns.namespace}/${topology.dns.name}`;
    case "cidr":
      return externalName(peer.cidr, peer.except);
  }
}

function portName(port: PortSpec): string {
  return `${port.protocol}/${port.port}`;
}
