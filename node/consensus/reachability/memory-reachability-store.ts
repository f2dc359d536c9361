/**
 * The in-memory reachability store: one linked node per block, indexed by hash in a Map.
 *
 * It is also the base of persistent stores. Every change to a block's node calls `touched(hash)` and
 * every change of the reindex root calls `reindexRootChanged(root)`, so a subclass can collect what
 * one block changed and write it out in one batch (`getRecord` gives the serialisable form). At open
 * it reloads with `loadRecord` (records in any order) and `loadReindexRoot`, which call no hook.
 */
import type { BlockHash } from "../hash.js";
import { Interval } from "./interval.js";
import { ReachabilityError, type ReachabilityNode, type ReachabilityStore } from "./reachability-store.js";

/** A block's reachability data as plain JSON-compatible values (links as hashes). */
export interface ReachabilityRecord {
  readonly parent: BlockHash | null;
  readonly children: readonly BlockHash[];
  readonly interval: readonly [start: number, end: number];
  readonly height: number;
  readonly futureCoveringSet: readonly BlockHash[];
}

/** Shared by every node without children or covering items until its first one (most blocks are leaves). */
const NO_NODES: StoredNode[] = [];
Object.freeze(NO_NODES);

/** The live node. Its identity never changes, so links between nodes stay valid across updates. */
class StoredNode implements ReachabilityNode {
  parent: StoredNode | null = null;
  children: StoredNode[] = NO_NODES;
  futureCoveringSet: StoredNode[] = NO_NODES;
  start = 1;
  end = 0;
  height = 0;

  constructor(
    readonly hash: BlockHash,
    /** The store holding this node (checked on writes). */
    readonly owner: MemoryReachabilityStore,
  ) {}
}

export class MemoryReachabilityStore implements ReachabilityStore {
  private readonly nodes = new Map<BlockHash, StoredNode>();
  /** Nodes referenced by loaded records whose own record has not been loaded yet. */
  private readonly pending = new Map<BlockHash, StoredNode>();
  private reindexRoot: BlockHash | null = null;

  /** Number of blocks held (the root included). */
  get size(): number {
    return this.nodes.size;
  }

  /** Every block held, in insertion (or load) order. */
  hashes(): IterableIterator<BlockHash> {
    return this.nodes.keys();
  }

  has(hash: BlockHash): boolean {
    return this.nodes.has(hash);
  }

  getNode(hash: BlockHash): ReachabilityNode {
    const node = this.nodes.get(hash);
    if (node === undefined) throw new ReachabilityError("MissingBlock", `block ${hash} is not in the reachability store`);
    return node;
  }

  getReindexRoot(): BlockHash {
    if (this.reindexRoot === null) throw new ReachabilityError("NotInitialized", "the reachability store has no root");
    return this.reindexRoot;
  }

  getInterval(hash: BlockHash): Interval {
    const node = this.getNode(hash);
    return new Interval(node.start, node.end);
  }

  getParent(hash: BlockHash): BlockHash | null {
    return this.getNode(hash).parent?.hash ?? null;
  }

  getChildren(hash: BlockHash): BlockHash[] {
    return this.getNode(hash).children.map((child) => child.hash);
  }

  getFutureCoveringSet(hash: BlockHash): BlockHash[] {
    return this.getNode(hash).futureCoveringSet.map((item) => item.hash);
  }

  getHeight(hash: BlockHash): number {
    return this.getNode(hash).height;
  }

  init(root: BlockHash, capacity: Interval): ReachabilityNode {
    if (this.reindexRoot !== null) {
      throw new ReachabilityError("AlreadyInitialized", `the reachability store already has root ${this.reindexRoot}`);
    }
    const node = this.create(root);
    node.start = capacity.start;
    node.end = capacity.end;
    this.touched(root);
    this.reindexRoot = root;
    this.reindexRootChanged(root);
    return node;
  }

  insert(hash: BlockHash, parent: ReachabilityNode, interval: Interval, height: number): ReachabilityNode {
    const node = this.create(hash);
    node.parent = this.own(parent);
    node.start = interval.start;
    node.end = interval.end;
    node.height = height;
    this.touched(hash);
    return node;
  }

  setInterval(node: ReachabilityNode, interval: Interval): void {
    const stored = this.own(node);
    stored.start = interval.start;
    stored.end = interval.end;
    this.touched(stored.hash);
  }

  appendChild(node: ReachabilityNode, child: ReachabilityNode): void {
    const stored = this.own(node);
    if (stored.children === NO_NODES) stored.children = [this.own(child)];
    else stored.children.push(this.own(child));
    this.touched(stored.hash);
  }

  insertFutureCoveringItem(node: ReachabilityNode, item: ReachabilityNode, index: number): void {
    const stored = this.own(node);
    const set = stored.futureCoveringSet;
    if (!(Number.isInteger(index) && index >= 0 && index <= set.length)) {
      throw new ReachabilityError("DataInconsistency", `future covering set index ${index} out of range for block ${stored.hash}`);
    }
    if (set === NO_NODES) stored.futureCoveringSet = [this.own(item)];
    else if (index === set.length) set.push(this.own(item));
    else set.splice(index, 0, this.own(item));
    this.touched(stored.hash);
  }

  setReindexRoot(node: ReachabilityNode): void {
    const stored = this.own(node);
    this.reindexRoot = stored.hash;
    this.reindexRootChanged(stored.hash);
  }

  /** A copy of the block's node as plain values, for writing out. */
  getRecord(hash: BlockHash): ReachabilityRecord {
    const node = this.getNode(hash);
    return {
      parent: node.parent?.hash ?? null,
      children: node.children.map((child) => child.hash),
      interval: [node.start, node.end],
      height: node.height,
      futureCoveringSet: node.futureCoveringSet.map((item) => item.hash),
    };
  }

  /**
   * Loads (or overwrites) a record read back from storage. Records may come in any order: blocks
   * they link to are created empty and filled in when their own record arrives. Calls no hook.
   */
  loadRecord(hash: BlockHash, record: ReachabilityRecord): void {
    const interval = new Interval(record.interval[0], record.interval[1]);
    let node = this.nodes.get(hash);
    if (node === undefined) {
      node = this.pending.get(hash) ?? new StoredNode(hash, this);
      this.pending.delete(hash);
      this.nodes.set(hash, node);
    }
    node.parent = record.parent === null ? null : this.nodeForLoad(record.parent);
    node.children = record.children.map((child) => this.nodeForLoad(child));
    node.futureCoveringSet = record.futureCoveringSet.map((item) => this.nodeForLoad(item));
    node.start = interval.start;
    node.end = interval.end;
    node.height = record.height;
  }

  /** Sets the reindex root read back from storage, without checks or hooks. */
  loadReindexRoot(root: BlockHash): void {
    this.reindexRoot = root;
  }

  /** Blocks that loaded records link to but whose own records were never loaded (empty when consistent). */
  danglingReferences(): BlockHash[] {
    return [...this.pending.keys()];
  }

  /** Called after every change to the node of `hash` (including its creation). */
  protected touched(hash: BlockHash): void {
    void hash;
  }

  /** Called after the reindex root changed (including at `init`). */
  protected reindexRootChanged(root: BlockHash): void {
    void root;
  }

  private create(hash: BlockHash): StoredNode {
    if (this.nodes.has(hash)) throw new ReachabilityError("BlockExists", `block ${hash} is already in the reachability store`);
    const node = new StoredNode(hash, this);
    this.nodes.set(hash, node);
    return node;
  }

  /** The node as this store's own mutable node; refuses nodes from elsewhere. */
  private own(node: ReachabilityNode): StoredNode {
    if (!(node instanceof StoredNode) || node.owner !== this) {
      throw new ReachabilityError("DataInconsistency", `node ${node.hash} does not belong to this reachability store`);
    }
    return node;
  }

  private nodeForLoad(hash: BlockHash): StoredNode {
    let node = this.nodes.get(hash) ?? this.pending.get(hash);
    if (node === undefined) {
      node = new StoredNode(hash, this);
      this.pending.set(hash, node);
    }
    return node;
  }
}
