import { ConsensusError } from "./consensus-error.js";
import { genesisGhostdagData, type GhostdagData } from "./ghostdag/ghostdag-data.js";
import { GhostdagManager } from "./ghostdag/ghostdag-manager.js";
import { compareByBlueWork } from "./ghostdag/sortable-block.js";
import { isBlockHash, type BlockHash } from "./hash.js";
import { Reachability } from "./reachability/reachability.js";
import type { DagStores } from "./stores/dag-stores.js";

/** The consensus parameters a DAG is created with; a store refuses to reopen with others. */
export interface BlockDagParams {
  /** GHOSTDAG's anticone bound. */
  readonly k: number;
  /** Most parents a block may reference; unlimited when absent (replaying foreign DAGs). */
  readonly maxParents?: number;
  readonly genesis: BlockHash;
}

/**
 * How the virtual selected-parent chain moved when a block was added: `removed` runs from the old
 * tip down to just above the fork point, `added` from just above the fork point up to the new tip.
 * The execution layer unwinds `removed` and then applies `added`.
 */
export interface ChainChange {
  readonly removed: readonly BlockHash[];
  readonly added: readonly BlockHash[];
}

export interface AddedBlock {
  readonly hash: BlockHash;
  readonly ghostdag: GhostdagData;
  readonly chainChange: ChainChange;
}

/**
 * The block DAG: validates a block's parents, runs GHOSTDAG on it, indexes its reachability and
 * keeps the tips and the virtual selected-parent chain. Synchronous and memory-speed; persistence
 * is the stores' journal's business (see `node/storage/`).
 */
export class BlockDag {
  readonly params: BlockDagParams;
  private readonly reachability: Reachability;
  private readonly manager: GhostdagManager;

  constructor(
    params: BlockDagParams,
    private readonly stores: DagStores,
  ) {
    this.params = params;
    this.reachability = new Reachability(stores.reachability);
    this.manager = new GhostdagManager(params.k, stores.relations, stores.ghostdag, this.reachability);
    if (stores.relations.size === 0) this.initGenesis();
    else this.checkParams();
  }

  get blockCount(): number {
    return this.stores.relations.size;
  }

  /** The tip with the highest (blueWork, hash): the last block of the selected chain. */
  get virtualSelectedParent(): BlockHash {
    return this.stores.selectedChain.tip;
  }

  hasBlock(hash: BlockHash): boolean {
    return this.stores.relations.has(hash);
  }

  ghostdagData(hash: BlockHash): GhostdagData {
    return this.stores.ghostdag.get(hash);
  }

  parents(hash: BlockHash): readonly BlockHash[] {
    return this.stores.relations.getParents(hash);
  }

  children(hash: BlockHash): readonly BlockHash[] {
    return this.stores.relations.getChildren(hash);
  }

  tips(): BlockHash[] {
    return this.stores.tips.values();
  }

  /** Is `ancestor` in the past of `descendant`, or the same block? */
  isDagAncestorOf(ancestor: BlockHash, descendant: BlockHash): boolean {
    return this.reachability.isDagAncestorOf(ancestor, descendant);
  }

  /** The parents a new block should reference: the heaviest tips, at most `maxParents`. */
  parentsForNewBlock(): BlockHash[] {
    const ranked = this.tips()
      .map((hash) => ({ hash, blueWork: this.stores.ghostdag.getBlueWork(hash) }))
      .sort((a, b) => compareByBlueWork(b.blueWork, b.hash, a.blueWork, a.hash));
    const limit = this.params.maxParents ?? ranked.length;
    return ranked.slice(0, limit).map((tip) => tip.hash);
  }

  /** What GHOSTDAG says of a block that would reference `parentsForNewBlock()` (the virtual). */
  virtualGhostdagData(): GhostdagData {
    return this.manager.ghostdagOf(this.parentsForNewBlock());
  }

  /** Number of blocks on the selected chain, the genesis included. */
  get selectedChainLength(): number {
    return this.stores.selectedChain.length;
  }

  /** The selected-chain block at `index` (0 = genesis). */
  selectedChainBlock(index: number): BlockHash | undefined {
    return this.stores.selectedChain.at(index);
  }

  /** The position of `hash` on the selected chain, or undefined when it is off the chain. */
  selectedChainIndex(hash: BlockHash): number | undefined {
    return this.stores.selectedChain.indexOf(hash);
  }

  /**
   * The blocks whose transactions `hash` accepts, in execution order: its mergeset without the
   * selected parent in ascending (blueWork, hash) order, blues and reds alike, then the block itself.
   */
  acceptedBlocks(hash: BlockHash): BlockHash[] {
    return [...this.mergedInExecutionOrder(this.stores.ghostdag.get(hash)), hash];
  }

  /** The blocks a block with this GHOSTDAG data merges (selected parent excluded), in execution order. */
  mergedInExecutionOrder(data: GhostdagData): BlockHash[] {
    const merged = [...data.mergeSetBlues.slice(1), ...data.mergeSetReds].map((block) => ({
      hash: block,
      blueWork: this.stores.ghostdag.getBlueWork(block),
    }));
    merged.sort((a, b) => compareByBlueWork(a.blueWork, a.hash, b.blueWork, b.hash));
    return merged.map((block) => block.hash);
  }

  /**
   * What GHOSTDAG would say of a new block with these parents, checking every rule `addBlock`
   * checks, without adding it: a block is executed and verified before it joins the DAG.
   */
  previewBlock(hash: BlockHash, parents: readonly BlockHash[]): GhostdagData {
    this.validateNewBlock(hash, parents);
    return this.manager.ghostdagOf(parents);
  }

  /** As `previewBlock`, for a block still being built (its hash is not known yet). */
  previewParents(parents: readonly BlockHash[]): GhostdagData {
    this.validateParents("the new block", parents);
    return this.manager.ghostdagOf(parents);
  }

  /**
   * Adds a block whose parents are all known. Every rule is checked before anything changes, so a
   * refused block leaves the DAG as it was.
   */
  addBlock(hash: BlockHash, parents: readonly BlockHash[]): AddedBlock {
    this.validateNewBlock(hash, parents);
    const ghostdag = this.manager.ghostdagOf(parents);
    const selectedParent = ghostdag.selectedParent as BlockHash;

    this.stores.relations.insert(hash, parents);
    this.reachability.addBlock(hash, selectedParent, [...ghostdag.mergeSetBlues.slice(1), ...ghostdag.mergeSetReds]);
    this.stores.ghostdag.insert(hash, ghostdag);
    this.stores.tips.addBlock(hash, parents);
    const chainChange = this.updateSelectedChain(hash, ghostdag);
    return { hash, ghostdag, chainChange };
  }

  private validateNewBlock(hash: BlockHash, parents: readonly BlockHash[]): void {
    if (!isBlockHash(hash)) throw new ConsensusError("MissingBlock", `"${hash}" is not a 32-byte hex block hash`);
    if (this.stores.relations.has(hash)) throw new ConsensusError("DuplicateBlock", `block ${hash} is already in the DAG`);
    this.validateParents(`block ${hash}`, parents);
  }

  private validateParents(block: string, parents: readonly BlockHash[]): void {
    if (parents.length === 0) throw new ConsensusError("MissingParents", `${block} has no parents`);
    const { maxParents } = this.params;
    if (maxParents !== undefined && parents.length > maxParents) {
      throw new ConsensusError("TooManyParents", `${block} has ${parents.length} parents; at most ${maxParents} are allowed`);
    }
    if (new Set(parents).size !== parents.length) {
      throw new ConsensusError("DuplicateParent", `${block} lists a parent twice`);
    }
    const missing = parents.filter((parent) => !this.stores.relations.has(parent));
    if (missing.length > 0) {
      throw new ConsensusError("MissingParents", `${block} has unknown parents: ${missing.join(", ")}`);
    }
    for (const a of parents) {
      for (const b of parents) {
        if (a !== b && this.reachability.isDagAncestorOf(a, b)) {
          throw new ConsensusError("ParentsNotAntichain", `${block}: parent ${a} is in the past of parent ${b}`);
        }
      }
    }
  }

  private updateSelectedChain(hash: BlockHash, ghostdag: GhostdagData): ChainChange {
    const oldTip = this.stores.selectedChain.tip;
    const oldTipWork = this.stores.ghostdag.getBlueWork(oldTip);
    // The virtual selected parent is the heaviest tip; a new block can only displace it by
    // being heavier, since blocks it made non-tips were lighter than itself.
    if (compareByBlueWork(ghostdag.blueWork, hash, oldTipWork, oldTip) <= 0) return { removed: [], added: [] };

    const added: BlockHash[] = [];
    let forkPoint: BlockHash = hash;
    let forkIndex = this.stores.selectedChain.indexOf(forkPoint);
    while (forkIndex === undefined) {
      added.push(forkPoint);
      forkPoint = this.stores.ghostdag.get(forkPoint).selectedParent as BlockHash;
      forkIndex = this.stores.selectedChain.indexOf(forkPoint);
    }
    added.reverse();
    const removed: BlockHash[] = [];
    for (let i = this.stores.selectedChain.length - 1; i > forkIndex; i--) {
      removed.push(this.stores.selectedChain.at(i) as BlockHash);
    }
    this.stores.selectedChain.reorganise(forkIndex, added);
    this.reachability.hintVirtualSelectedParent(hash);
    return { removed, added };
  }

  private initGenesis(): void {
    const { genesis, k, maxParents } = this.params;
    if (!isBlockHash(genesis)) throw new ConsensusError("GenesisMismatch", `"${genesis}" is not a 32-byte hex block hash`);
    this.stores.meta.set("genesis", genesis);
    this.stores.meta.set("k", String(k));
    this.stores.meta.set("maxParents", maxParents === undefined ? "unlimited" : String(maxParents));
    this.stores.relations.insert(genesis, []);
    this.reachability.init(genesis);
    this.stores.ghostdag.insert(genesis, genesisGhostdagData());
    this.stores.tips.addBlock(genesis, []);
    this.stores.selectedChain.reorganise(-1, [genesis]);
  }

  private checkParams(): void {
    const { genesis, k, maxParents } = this.params;
    const stored = this.stores.meta;
    if (stored.get("genesis") !== genesis) {
      throw new ConsensusError("GenesisMismatch", `the store holds a DAG with genesis ${stored.get("genesis")}, not ${genesis}`);
    }
    const expected = { k: String(k), maxParents: maxParents === undefined ? "unlimited" : String(maxParents) };
    for (const [key, value] of Object.entries(expected)) {
      if (stored.get(key) !== value) {
        throw new ConsensusError("ParamsMismatch", `the store was created with ${key}=${stored.get(key)}, not ${value}`);
      }
    }
  }
}
