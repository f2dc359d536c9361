import { bytesToHex } from "@ethereumjs/util";
import { compareByBlueWork } from "../../../consensus/ghostdag/sortable-block.js";
import type { BlockHash } from "../../../consensus/hash.js";
import { parseHash32 } from "../../codec/data.js";
import { formatQuantity } from "../../codec/quantity.js";
import { defineMethod, required, type RpcMethod } from "../../method-registry.js";
import type { CitrateDagContext, CitrateDagReader } from "./dag-reader.js";

/** How the virtual sees a block: blue or red in the mergeset of the chain block that merged it, or not merged yet. */
export type BlockColor = "blue" | "red" | "pending";

/** Tips, heaviest first: descending (blueWork, hash), GHOSTDAG's order (the first is the virtual selected parent). */
export function tipsByBlueWork(reader: CitrateDagReader): BlockHash[] {
  return reader
    .tips()
    .map((hash) => ({ hash, blueWork: reader.ghostdagData(hash).blueWork }))
    .sort((a, b) => compareByBlueWork(b.blueWork, b.hash, a.blueWork, a.hash))
    .map((tip) => tip.hash);
}

/**
 * The chain block that merged `hash` (the lowest chain block with `hash` in its past), or undefined
 * when no chain block has it in its past yet. Past sets grow along the chain, so a binary search over
 * chain positions with reachability queries finds it in O(log chain length).
 */
export function mergingChainBlock(reader: CitrateDagReader, hash: BlockHash): BlockHash | undefined {
  const own = reader.chainIndex(hash);
  if (own !== undefined) return hash;
  const tip = reader.virtualSelectedParent();
  if (!reader.isDagAncestorOf(hash, tip)) return undefined;
  let low = 0;
  let high = reader.chainLength() - 1; // the tip: it has `hash` in its past
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (reader.isDagAncestorOf(hash, reader.chainBlock(middle) as BlockHash)) high = middle;
    else low = middle + 1;
  }
  return reader.chainBlock(low);
}

/**
 * A block's colour as seen from the virtual: chain blocks are blue; any other block is blue or red as
 * the mergeset of the chain block that merged it says; "pending" while no chain block has merged it
 * (the virtual's own mergeset, e.g. a tip that is not the selected one).
 */
export function colorOf(reader: CitrateDagReader, hash: BlockHash): BlockColor {
  const merger = mergingChainBlock(reader, hash);
  if (merger === undefined) return "pending";
  if (merger === hash) return "blue";
  const data = reader.ghostdagData(merger);
  if (data.mergeSetBlues.includes(hash)) return "blue";
  if (data.mergeSetReds.includes(hash)) return "red";
  throw new Error(`block ${hash} is in the past of chain block ${merger} but not in its mergeset`);
}

/** `citrate_getBlock`'s result for a known block. */
export function dagBlockJson(reader: CitrateDagReader, hash: BlockHash): Record<string, unknown> {
  const block = reader.block(hash);
  if (block === undefined) throw new Error(`block ${hash} is in the DAG but missing from the chain database`);
  const data = reader.ghostdagData(hash);
  const isChainBlock = reader.chainIndex(hash) !== undefined;
  return {
    hash,
    number: formatQuantity(block.header.number),
    parents: [...reader.parents(hash)],
    selectedParent: data.selectedParent,
    blueScore: formatQuantity(data.blueScore),
    blueWork: formatQuantity(data.blueWork),
    color: colorOf(reader, hash),
    isChainBlock,
    mergeSetBlues: [...data.mergeSetBlues],
    mergeSetReds: [...data.mergeSetReds],
    acceptedBlocks: isChainBlock ? [...reader.acceptedBlocks(hash)] : null,
    acceptedTransactions: block.outcome.executed.map((executed) => bytesToHex(executed.transaction.hash())),
    skippedTransactions: block.outcome.skipped.map((skipped) => ({
      hash: skipped.hash,
      includedIn: skipped.includedIn ?? hash,
      reason: skipped.reason,
    })),
    proposer: block.header.proposer.toLowerCase(),
    timestamp: formatQuantity(block.header.timestamp),
    stateRoot: block.header.stateRoot,
  };
}

/**
 * `citrate_getDagInfo()` → the DAG as the virtual sees it: tips (heaviest first), the virtual selected
 * parent, the virtual's blue score, the block count, the selected chain's length, and GHOSTDAG's
 * parameters k and maxParents (JSON numbers).
 */
export const citrateGetDagInfo = defineMethod({
  name: "citrate_getDagInfo",
  params: [],
  handler: (_params, context: CitrateDagContext) => {
    const reader = context.dagReader;
    return {
      tips: tipsByBlueWork(reader),
      virtualSelectedParent: reader.virtualSelectedParent(),
      virtualBlueScore: formatQuantity(reader.virtualGhostdagData().blueScore),
      blockCount: formatQuantity(reader.blockCount()),
      chainLength: formatQuantity(reader.chainLength()),
      k: reader.k,
      maxParents: reader.maxParents,
    };
  },
});

/** `citrate_getTips()` → the DAG's tips, heaviest (blue work) first. */
export const citrateGetTips = defineMethod({
  name: "citrate_getTips",
  params: [],
  handler: (_params, context: CitrateDagContext) => tipsByBlueWork(context.dagReader),
});

/** `citrate_getBlock(hash)` → a block's place in the DAG and what its post-state accepted, or null. */
export const citrateGetBlock = defineMethod({
  name: "citrate_getBlock",
  params: [required("block hash", (value, param) => bytesToHex(parseHash32(value, param)) as BlockHash)],
  handler: ([hash], context: CitrateDagContext) => (context.dagReader.hasBlock(hash) ? dagBlockJson(context.dagReader, hash) : null),
});

/** The citrate_ DAG methods. */
export const citrateDagMethods: readonly RpcMethod<CitrateDagContext>[] = [citrateGetDagInfo, citrateGetTips, citrateGetBlock];
