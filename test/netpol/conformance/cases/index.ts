import type { ConformanceCase } from "../conformanceCase";
import { addressCases } from "./addresses";
import { cyclonusCases } from "./cyclonus";
import { docsCases } from "./docs";
import { e2ePortsEgressCases } from "./e2ePortsEgress";
import { e2eProtocolCases } from "./e2eProtocols";
import { e2eSelectorCases } from "./e2eSelectors";

/** Every conformance case, grouped as the runner reports them. */
export const caseGroups: readonly { readonly title: string; readonly cases: readonly ConformanceCase[] }[] = [
  { title: "kubernetes e2e: selectors", cases: e2eSelectorCases },
  { title: "kubernetes e2e: ports, egress, ipBlock", cases: e2ePortsEgressCases },
  { title: "kubernetes e2e: UDP and SCTP", cases: e2eProtocolCases },
  { title: "kubernetes docs", cases: docsCases },
  { title: "cyclonus", cases: cyclonusCases },
  { title: "ipBlock and port ranges (API reference, np-guard)", cases: addressCases },
];

export const allCases: readonly ConformanceCase[] = caseGroups.flatMap((group) => group.cases);
