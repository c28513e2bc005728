/**
 * Under Calico, pods alike in everything but their service account are different classes:
 * serviceAccountSelector and serviceAccounts match on it (classes.ts classKey). Without Calico
 * the service account changes nothing, and such pods share a class (issue 14).
 */
import { strict as assert } from "assert";
import { buildModel, PortProbe } from "../../../netpol";
import { groupIntoClasses, prepareFast } from "../../../netpol/fast";
import { referenceEngine } from "../../../netpol/reference";

type Raw = Record<string, unknown>;
const TCP80: PortProbe = { port: 80, protocol: "TCP" };

const pod = (name: string, account?: string): Raw => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "x", labels: { app: "web" } },
  spec: { ...(account === undefined ? {} : { serviceAccountName: account }), containers: [{ name: "c", ports: [{ containerPort: 80 }] }] },
});
const base: Raw[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }, pod("a", "frontend"), pod("b", "backend"), pod("c"), pod("d", "default")];
const gnp: Raw = {
  apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "only-frontend" },
  spec: { selector: "app == 'web'", types: ["Ingress"], ingress: [{ action: "Allow", source: { serviceAccounts: { names: ["frontend"] } } }] },
};

describe("netpol fast engine: service accounts under Calico", () => {
  it("splits pods by service account (absent is \"default\"), and answers as the reference engine", () => {
    const model = buildModel([...base, gnp]);
    const grouping = groupIntoClasses(model);
    const classOf = (name: string): number => grouping.classOf[model.endpoints.findIndex((endpoint) => endpoint.id === `x/${name}`)] as number;
    assert.equal(new Set(["a", "b", "c"].map(classOf)).size, 3);
    assert.equal(classOf("c"), classOf("d"), "no service account is the default one");
    const [fast, reference] = [prepareFast(model), referenceEngine.prepare(model)];
    for (let from = 0; from < model.pods.length; from++) {
      for (let to = 0; to < model.pods.length; to++) {
        assert.equal(fast.allows(from, to, TCP80), reference.allows(from, to, TCP80), `${model.endpoints[from]?.id} -> ${model.endpoints[to]?.id}`);
      }
    }
    // Only frontend (a) gets in, besides each Pod to itself: a->a, a->b, a->c, a->d, b->b, c->c, d->d.
    assert.equal(fast.countAllowedPodPairs(TCP80), 7);
  });

  it("without Calico, the service account does not split a class", () => {
    const model = buildModel(base);
    const grouping = groupIntoClasses(model);
    assert.equal(grouping.podClassCount, 1);
  });
});
