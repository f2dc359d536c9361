import type { ChainSpec } from "../../../chain/chain-spec.js";
import type { BlockDag } from "../../../consensus/block-dag.js";
import type { GhostdagData } from "../../../consensus/ghostdag/ghostdag-data.js";
import type { BlockHash } from "../../../consensus/hash.js";
import type { StoredBlock } from "../../../execution/block-store.js";

/** The DAG as the citrate_ methods read it: GHOSTDAG data, the virtual selected chain, stored blocks. */
export interface CitrateDagReader {
  /** GHOSTDAG's anticone bound and the most parents a block may have (from the chain spec). */
  readonly k: number;
  readonly maxParents: number;
  tips(): readonly BlockHash[];
  /** The heaviest tip: the head of the virtual selected chain. */
  virtualSelectedParent(): BlockHash;
  /** GHOSTDAG data of the virtual (a block that would have the heaviest tips as parents). */
  virtualGhostdagData(): GhostdagData;
  blockCount(): number;
  /** Blocks on the virtual selected chain, the genesis included. */
  chainLength(): number;
  hasBlock(hash: BlockHash): boolean;
  ghostdagData(hash: BlockHash): GhostdagData;
  parents(hash: BlockHash): readonly BlockHash[];
  /** Position on the virtual selected chain (0 = genesis), or undefined off the chain. */
  chainIndex(hash: BlockHash): number | undefined;
  chainBlock(index: number): BlockHash | undefined;
  /** Is `ancestor` in the past of `descendant` (or the same block)? Reachability: no DAG walk. */
  isDagAncestorOf(ancestor: BlockHash, descendant: BlockHash): boolean;
  /** The blocks whose transactions a block's post-state executes: its mergeset without SP, then itself. */
  acceptedBlocks(hash: BlockHash): readonly BlockHash[];
  /** The stored block (header, body, execution outcome). */
  block(hash: BlockHash): StoredBlock | undefined;
}

export interface CitrateDagContext {
  readonly dagReader: CitrateDagReader;
}

/** The reader over a block processor's DAG and block store (a node's `processor`, or a test's). */
export function dagReaderOf(processor: { readonly dag: BlockDag; readonly spec: ChainSpec; block(hash: BlockHash): StoredBlock | undefined }): CitrateDagReader {
  const dag = (): BlockDag => processor.dag;
  return {
    k: processor.spec.k,
    maxParents: processor.spec.maxParents,
    tips: () => dag().tips(),
    virtualSelectedParent: () => dag().virtualSelectedParent,
    virtualGhostdagData: () => dag().virtualGhostdagData(),
    blockCount: () => dag().blockCount,
    chainLength: () => dag().selectedChainLength,
    hasBlock: (hash) => dag().hasBlock(hash),
    ghostdagData: (hash) => dag().ghostdagData(hash),
    parents: (hash) => dag().parents(hash),
    chainIndex: (hash) => dag().selectedChainIndex(hash),
    chainBlock: (index) => dag().selectedChainBlock(index),
    isDagAncestorOf: (ancestor, descendant) => dag().isDagAncestorOf(ancestor, descendant),
    acceptedBlocks: (hash) => dag().acceptedBlocks(hash),
    block: (hash) => processor.block(hash),
  };
}
