import { cidrContainsCidr, compareCidrs, universe } from "../addresses";
import { Cidr, ExternalEndpoint, IpFamily } from "../model";

interface Node {
  readonly block: Cidr;
  readonly children: Cidr[];
}

/**
 * Split the address space by every CIDR written in ipBlocks (cidr and except) into atoms.
 * CIDR blocks either nest or are disjoint, so they form a tree under 0.0.0.0/0 (and ::/0);
 * each node minus its children is one atom, and every address in an atom is matched by
 * exactly the same ipBlocks. Nodes fully covered by their children yield no atom.
 */
export function buildExternalAtoms(blocks: readonly Cidr[], families: ReadonlySet<IpFamily>): ExternalEndpoint[] {
  const byText = new Map<string, Cidr>();
  for (const family of families) byText.set(universe(family).text, universe(family));
  // Stryker disable next-line ConditionalExpression: a later block of the same canonical text replaces an equal one
  for (const block of blocks) if (!byText.has(block.text)) byText.set(block.text, block);
  const sorted = [...byText.values()].sort(compareCidrs); // parents come before their children
  const nodes: Node[] = [];
  const open: Node[] = [];
  for (const block of sorted) {
    while (open.length > 0 && !cidrContainsCidr(open[open.length - 1].block, block)) open.pop();
    open[open.length - 1]?.children.push(block);
    const node: Node = { block, children: [] };
    nodes.push(node);
    open.push(node);
  }
  return nodes.filter((node) => !coveredByChildren(node)).map(toAtom);
}

function coveredByChildren(node: Node): boolean {
  const size = (cidr: Cidr): bigint => cidr.last - cidr.first + 1n;
  return node.children.reduce((sum, child) => sum + size(child), 0n) === size(node.block);
}

function toAtom(node: Node): ExternalEndpoint {
  const holes = node.children.map((child) => child.text);
  const id = holes.length === 0 ? node.block.text : `${node.block.text} except ${holes.join(",")}`;
  return Object.freeze({ kind: "external", id, block: node.block, holes: Object.freeze([...node.children]) });
}
