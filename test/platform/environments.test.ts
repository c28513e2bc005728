// The three stacks differ the way real environments do, the policy engine is wired through to the
// VPC CNI, and an invalid stack config stops the program before it registers a single resource.

import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { Registration } from "../fixtures/pulumiMocks";
import { type ProgramRun, runProgram, runProgramExpectingFailure, runStackFile, stackFileConfig } from "./harness";

function inputs(run: ProgramRun, type: string): Registration["inputs"] {
  return run.mocks.one(type).inputs;
}

function vpcCniFlag(run: ProgramRun): string {
  const cni = run.mocks.ofType("aws:eks/addon:Addon").find((a) => a.inputs.addonName === "vpc-cni");
  return String(JSON.parse(String(cni?.inputs.configurationValues)).enableNetworkPolicy);
}

const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

describe("environments under mocks", () => {
  const runs: Record<string, ProgramRun> = {};

  before(async () => {
    for (const stack of ["dev", "staging", "prod"]) runs[stack] = await runStackFile(stack);
  });

  it("dev: 2 AZs behind one shared NAT gateway, small spot nodes, public endpoint limited to a CIDR", () => {
    const vpc = inputs(runs.dev, "awsx:ec2:Vpc");
    assert.equal(vpc.numberOfAvailabilityZones, 2);
    assert.deepEqual(vpc.natGateways, { strategy: "Single" });
    assert.equal(inputs(runs.dev, "aws:eks/nodeGroup:NodeGroup").capacityType, "SPOT");
    const eks = inputs(runs.dev, "eks:index:Cluster");
    assert.equal(eks.endpointPublicAccess, true);
    assert.ok(Array.isArray(eks.publicAccessCidrs) && eks.publicAccessCidrs.length > 0);
    assert.ok(!eks.publicAccessCidrs.includes("0.0.0.0/0"));
  });

  for (const stack of ["staging", "prod"]) {
    it(`${stack}: a NAT gateway per AZ, on-demand nodes, all control-plane logs, flow logs, no world-open endpoint`, () => {
      const run = runs[stack];
      assert.deepEqual(inputs(run, "awsx:ec2:Vpc").natGateways, { strategy: "OnePerAz" });
      assert.equal(inputs(run, "aws:eks/nodeGroup:NodeGroup").capacityType, "ON_DEMAND");
      const eks = inputs(run, "eks:index:Cluster");
      assert.deepEqual(eks.enabledClusterLogTypes, ALL_LOG_TYPES);
      assert.equal(eks.endpointPrivateAccess, true);
      const cidrs = (eks.publicAccessCidrs ?? []) as string[];
      assert.ok(eks.endpointPublicAccess === false || (cidrs.length > 0 && !cidrs.includes("0.0.0.0/0")));
      assert.equal(run.mocks.ofType("aws:ec2/flowLog:FlowLog").length, 1);
    });
  }

  it("prod spans 3 AZs; staging is smaller than prod", () => {
    assert.equal(inputs(runs.prod, "awsx:ec2:Vpc").numberOfAvailabilityZones, 3);
    const size = (run: ProgramRun) => (inputs(run, "aws:eks/nodeGroup:NodeGroup").scalingConfig as { maxSize: number }).maxSize;
    assert.ok(size(runs.staging) < size(runs.prod), "staging's node group should top out below prod's");
  });

  it("a preview of prod finishes and plans the same resources as an update", async () => {
    const preview = await runProgram("prod", stackFileConfig("prod"), "preview");
    const planned = (run: ProgramRun) => run.mocks.registrations.map((r) => `${r.type} ${r.name}`).sort();
    assert.deepEqual(planned(preview), planned(runs.prod));
  });

  it("gives every stack its own names, so the stacks can share one account and region", () => {
    const names = ["dev", "staging", "prod"].map((stack) => String(inputs(runs[stack], "eks:index:Cluster").name));
    assert.equal(new Set(names).size, 3);
  });
});

describe("policy engine wiring", () => {
  for (const [engine, flag] of [["vpc-cni", "true"], ["calico", "false"]] as const) {
    it(`policyEngine ${engine} sets the VPC CNI's enableNetworkPolicy to "${flag}"`, async () => {
      const config = { ...stackFileConfig("dev"), "zero-trust-eks:policyEngine": engine };
      assert.equal(vpcCniFlag(await runProgram("dev", config)), flag);
    });
  }
});

describe("invalid stack config", () => {
  const cases: { readonly name: string; readonly overrides: Record<string, string>; readonly keys: readonly string[] }[] = [
    { name: "a malformed VPC CIDR", overrides: { "zero-trust-eks:vpcCidr": "10.0.0.0/33" }, keys: ["zero-trust-eks:vpcCidr"] },
    { name: "zero availability zones", overrides: { "zero-trust-eks:availabilityZones": "0" }, keys: ["zero-trust-eks:availabilityZones"] },
    { name: "an unknown NAT strategy", overrides: { "zero-trust-eks:natStrategy": "per-subnet" }, keys: ["zero-trust-eks:natStrategy"] },
    {
      name: "several problems at once",
      overrides: { "zero-trust-eks:policyEngine": "cilium", "zero-trust-eks:nodeCapacityType": "RESERVED" },
      keys: ["zero-trust-eks:nodeCapacityType", "zero-trust-eks:policyEngine"],
    },
  ];

  for (const { name, overrides, keys } of cases) {
    it(`${name}: fails naming ${keys.join(" and ")}, before any resource is registered`, async () => {
      const { error, mocks } = await runProgramExpectingFailure("dev", { ...stackFileConfig("dev"), ...overrides });
      assert.ok(pulumi.RunError.isInstance(error), `expected a RunError, got ${String(error)}`);
      for (const key of keys) assert.ok(error.message.includes(key), `the message should name ${key}:\n${error.message}`);
      assert.equal(mocks.registrations.length, 0);
    });
  }
});
