/**
 * The store interfaces the reachability algorithm reads and writes (no I/O; synchronous), and the
 * error it throws. Shaped after Kaspa's `ReachabilityStoreReader` / `ReachabilityStore`
 * (rusty-kaspa, `consensus/src/model/stores/reachability.rs`, ISC licence).
 *
 * Each block has one node: its reachability-tree parent (its selected parent; none for the root),
 * its tree children in interval order, its interval, its height in the tree, and its future covering
 * set — blocks in its future, outside its tree subtree, ordered by interval, whose subtrees together
 * with its own cover its whole future.
 *
 * Unlike Kaspa's store, which answers every read by hash, nodes link to each other directly: the
 * algorithm looks a block up once and then walks parents, children and covering sets without
 * further lookups. A hash lookup costs ~60-80 ns here (a Map keyed by 66-character strings), which
 * would otherwise dominate both the queries and the reindex traversals. The by-hash readers remain
 * for callers outside the hot paths.
 */
import type { BlockHash } from "../hash.js";
import type { Interval } from "./interval.js";

export type ReachabilityErrorCode =
  /** A block was looked up that the store does not hold. */
  | "MissingBlock"
  /** A block was inserted twice. */
  | "BlockExists"
  /** The store has no root yet. */
  | "NotInitialized"
  /** The store was given a second root. */
  | "AlreadyInitialized"
  /** The stored data contradicts an invariant of the algorithm: a bug, a corrupted store, or a wrong mergeset. */
  | "DataInconsistency"
  /** Interval capacity ran out, or an interval was built outside the safe-integer bounds. */
  | "DataOverflow"
  /** The question makes no sense for these blocks (e.g. the next chain ancestor of a non-ancestor). */
  | "BadQuery";

/** Reachability failed. The store may have been changed partway: callers discard the block's changes. */
export class ReachabilityError extends Error {
  override readonly name = "ReachabilityError";

  constructor(
    readonly code: ReachabilityErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One block's reachability data as the algorithm reads it. Owned by the store: never mutate it directly. */
export interface ReachabilityNode {
  readonly hash: BlockHash;
  /** The reachability-tree parent (the selected parent), or null for the root. */
  readonly parent: ReachabilityNode | null;
  /** Tree children, in ascending interval order. */
  readonly children: readonly ReachabilityNode[];
  /** Future covering set, in ascending interval order. */
  readonly futureCoveringSet: readonly ReachabilityNode[];
  /** The interval [start, end]; see `Interval`. */
  readonly start: number;
  readonly end: number;
  /** Depth in the reachability tree: 0 for the root. */
  readonly height: number;
}

export interface ReachabilityStoreReader {
  has(hash: BlockHash): boolean;
  /** The block's node; `MissingBlock` when it is not stored. */
  getNode(hash: BlockHash): ReachabilityNode;
  /** The current reindex root; `NotInitialized` before `init`. */
  getReindexRoot(): BlockHash;

  // By-hash views of a node, for callers outside the hot paths (they allocate).
  getInterval(hash: BlockHash): Interval;
  getParent(hash: BlockHash): BlockHash | null;
  getChildren(hash: BlockHash): BlockHash[];
  getFutureCoveringSet(hash: BlockHash): BlockHash[];
  getHeight(hash: BlockHash): number;
}

/** Writes take the nodes this store handed out. */
export interface ReachabilityStore extends ReachabilityStoreReader {
  /** Creates the root node (no parent, height 0, the given capacity) and makes it the reindex root. */
  init(root: BlockHash, capacity: Interval): ReachabilityNode;
  /** Adds a new block's node, with no children and an empty future covering set. It is not yet among `parent`'s children. */
  insert(hash: BlockHash, parent: ReachabilityNode, interval: Interval, height: number): ReachabilityNode;
  setInterval(node: ReachabilityNode, interval: Interval): void;
  /** Appends `child` as the last (highest-interval) tree child of `node`. */
  appendChild(node: ReachabilityNode, child: ReachabilityNode): void;
  /** Inserts `item` into the future covering set of `node` at position `index`. */
  insertFutureCoveringItem(node: ReachabilityNode, item: ReachabilityNode, index: number): void;
  setReindexRoot(node: ReachabilityNode): void;
}
