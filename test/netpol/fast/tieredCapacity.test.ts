/**
 * The Calico tiers' own capacity stop (tiered.ts store): what the stored exceptions take is
 * counted against the heap that was left when the tiers were set up, and going one byte over
 * stops with NetpolCapacityError naming the pod classes and classes (issue 14). The heap is
 * stubbed so that the budget is exact.
 */
import { strict as assert } from "assert";
import v8 = require("v8");
import { buildModel } from "../../../netpol";
import { groupIntoClasses, NetpolCapacityError } from "../../../netpol/fast";
import { TIERED_BYTES_PER_EXCEPTION, TieredSides } from "../../../netpol/fast/tiered";

const API = "policy.networking.k8s.io/v1alpha1";
const objects = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { team: "a" } } },
  ...Array.from({ length: 6 }, (_, index) => ({ apiVersion: "v1", kind: "Pod", metadata: { namespace: "shop", name: `p${index}`, labels: { app: `p${index}` } }, spec: { containers: [{ name: "c", ports: [{ containerPort: 80, name: "web" }] }] } })),
  {
    apiVersion: API, kind: "AdminNetworkPolicy", metadata: { name: "web" },
    spec: { priority: 5, subject: { namespaces: {} }, ingress: [{ action: "Deny", from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "p1" } } } }] }] },
  },
];

/** Every side of every pair, as the engine asks for them. */
function walkAll(tiered: TieredSides, classes: number, pods: number): void {
  for (let source = 0; source < classes; source++) for (let destination = 0; destination < pods; destination++) tiered.pairConnections(source, destination);
}

/** TieredSides set up while the heap has exactly `available` bytes left. */
function withHeapLeft(available: number): TieredSides {
  const model = buildModel(objects);
  const real = v8.getHeapStatistics;
  const stub = (): v8.HeapInfo => ({ ...real(), heap_size_limit: available, used_heap_size: 0 });
  (v8 as { getHeapStatistics: () => v8.HeapInfo }).getHeapStatistics = stub;
  try {
    return new TieredSides(model, groupIntoClasses(model));
  } finally {
    (v8 as { getHeapStatistics: () => v8.HeapInfo }).getHeapStatistics = real;
  }
}

describe("netpol fast engine: the Calico tiers' capacity stop", () => {
  const grouping = groupIntoClasses(buildModel(objects));
  const classes = grouping.classes.length;
  const pods = grouping.podClassCount;
  /** Measured with a heap that holds anything: what the stored vectors and sides take (in each test, for per-test coverage). */
  const measure = (): number => {
    const roomy = withHeapLeft(Number.MAX_SAFE_INTEGER);
    walkAll(roomy, classes, pods);
    return (roomy as unknown as { storedBytes: number }).storedBytes;
  };

  it("counts 16 bytes per stored exception", () => {
    const stored = measure();
    assert.equal(TIERED_BYTES_PER_EXCEPTION, 16);
    assert.ok(stored > 0 && stored % 16 === 0, `${stored}`);
  });

  it("fits in exactly what it stores, and stops one byte short of it", () => {
    const stored = measure();
    assert.doesNotThrow(() => walkAll(withHeapLeft(stored), classes, pods));
    const short = withHeapLeft(stored - 1);
    assert.throws(() => walkAll(short, classes, pods), (error: unknown) => {
      assert.ok(error instanceof NetpolCapacityError);
      assert.equal(error.what, `the fast engine's Calico tiers on ${pods} pod classes and ${classes} classes`);
      assert.equal(error.neededBytes, stored);
      assert.equal(error.availableBytes, stored - 1);
      return true;
    });
  });

  it("refuses a model without Calico tiers", () => {
    const plain = buildModel([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }]);
    assert.equal(plain.calico, undefined);
    assert.throws(() => new TieredSides(plain, groupIntoClasses(plain)), /^Error: TieredSides needs a model with Calico tiers$/);
  });
});
