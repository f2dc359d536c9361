/**
 * DAG reachability: answers "is block A in the past of block B" in O(log) without walking the DAG.
 *
 * This is Kaspa's reachability algorithm (rusty-kaspa, `consensus/src/processes/reachability/`,
 * ISC licence): every block is a node of the selected-parent tree and is labelled with an interval
 * containing the intervals of its tree descendants, so chain ancestry is interval containment.
 * DAG ancestry adds each block's future covering set: when a block B merges block M (M in B's
 * mergeset, outside B's selected chain), B joins M's set, and the future of M is exactly the union
 * of the tree subtrees of M and of its set's members. Intervals are handed out by halving the free
 * capacity; when a node runs out, the subtree is re-labelled (see `reindex.ts`), with the reindex
 * root — trailing the virtual selected chain `reindexDepth` blocks behind — keeping most capacity
 * on the chain where new blocks arrive.
 */
import type { BlockHash } from "../hash.js";
import {
  isChainAncestorOfNode,
  isDagAncestorOfNode,
  isStrictChainAncestorOfNode,
  nextChainAncestorUnchecked,
  searchChainAncestor,
} from "./inquirer.js";
import { Interval } from "./interval.js";
import { ReachabilityError, type ReachabilityNode, type ReachabilityStore, type ReachabilityStoreReader } from "./reachability-store.js";
import { addTreeBlock, tryAdvancingReindexRoot } from "./tree.js";

/** How far (in tree height) the reindex root trails the hinted selected tip (Kaspa's default). */
export const DEFAULT_REINDEX_DEPTH = 100;
/** Capacity kept free beside each chain block below the reindex root, and the reorg threshold (Kaspa's default, 2^12). */
export const DEFAULT_REINDEX_SLACK = 1 << 12;


export interface ReachabilityOptions {
  /** Default `DEFAULT_REINDEX_DEPTH`. */
  readonly reindexDepth?: number;
  /** Default `DEFAULT_REINDEX_SLACK`. */
  readonly reindexSlack?: number;
  /**
   * How many chain blocks the selected tip may get ahead of `reindexDepth` before the reindex root
   * follows it. Default: a quarter of the depth; 0 moves the root on every block, as Kaspa does.
   */
  readonly reindexRootStride?: number;
}

export class Reachability {
  readonly reindexDepth: number;
  readonly reindexSlack: number;
  readonly reindexRootStride: number;

  constructor(
    readonly store: ReachabilityStore,
    options: ReachabilityOptions = {},
  ) {
    this.reindexDepth = positiveInteger("reindexDepth", options.reindexDepth ?? DEFAULT_REINDEX_DEPTH);
    this.reindexSlack = positiveInteger("reindexSlack", options.reindexSlack ?? DEFAULT_REINDEX_SLACK);
    const stride = options.reindexRootStride ?? Math.floor(this.reindexDepth / 4);
    if (!Number.isSafeInteger(stride) || stride < 0) throw new RangeError(`reindexRootStride must be a non-negative integer, got ${stride}`);
    this.reindexRootStride = stride;
  }

  /**
   * Makes `root` (the genesis) the tree root with the whole capacity. Does nothing when `root` is
   * already stored; `capacity` is for tests that want reindexing early.
   */
  init(root: BlockHash, capacity: Interval = Interval.maximal()): void {
    if (this.store.has(root)) return;
    this.store.init(root, capacity);
  }

  /**
   * Indexes a new block: it becomes a tree child of `selectedParent`, and joins the future covering
   * set of every block it merges. `mergesetWithoutSelectedParent` must be exactly
   * past(block) \ past(selectedParent) \ {selectedParent}, in any order. Blocks must be added in a
   * topological order. On error the store may be partly changed (the caller drops the block's changes).
   */
  addBlock(block: BlockHash, selectedParent: BlockHash, mergesetWithoutSelectedParent: Iterable<BlockHash>): void {
    const node = addTreeBlock(this.store, block, this.store.getNode(selectedParent), this.reindexSlack);
    for (const merged of mergesetWithoutSelectedParent) this.insertToFutureCoveringSet(this.store.getNode(merged), node);
  }

  /**
   * Tells the index that `hint` is (a candidate for) the virtual selected parent, so the reindex
   * root may follow the selected chain. Call it when the selected tip changes.
   */
  hintVirtualSelectedParent(hint: BlockHash): void {
    tryAdvancingReindexRoot(this.store, this.store.getNode(hint), this.reindexDepth, this.reindexSlack, this.reindexRootStride);
  }

  /** Is `ancestor` in the past of `descendant`, or the same block? */
  isDagAncestorOf(ancestor: BlockHash, descendant: BlockHash): boolean {
    return isDagAncestorOfNode(this.store.getNode(ancestor), this.store.getNode(descendant));
  }

  /** Is `ancestor` in the past of any of `descendants`? */
  isDagAncestorOfAny(ancestor: BlockHash, descendants: Iterable<BlockHash>): boolean {
    const node = this.store.getNode(ancestor);
    for (const descendant of descendants) if (isDagAncestorOfNode(node, this.store.getNode(descendant))) return true;
    return false;
  }

  /** Is any of `ancestors` in the past of `descendant`? */
  isAnyDagAncestor(ancestors: Iterable<BlockHash>, descendant: BlockHash): boolean {
    const node = this.store.getNode(descendant);
    for (const ancestor of ancestors) if (isDagAncestorOfNode(this.store.getNode(ancestor), node)) return true;
    return false;
  }

  /** Is `ancestor` on the selected-parent chain of `descendant`, or the same block? */
  isChainAncestorOf(ancestor: BlockHash, descendant: BlockHash): boolean {
    return isChainAncestorOfNode(this.store.getNode(ancestor), this.store.getNode(descendant));
  }

  /** Is `ancestor` on the selected-parent chain of `descendant`, and not the same block? */
  isStrictChainAncestorOf(ancestor: BlockHash, descendant: BlockHash): boolean {
    return isStrictChainAncestorOfNode(this.store.getNode(ancestor), this.store.getNode(descendant));
  }

  /**
   * The block right after `ancestor` on the selected-parent chain of `descendant` (its tree child
   * towards `descendant`). `BadQuery` unless `ancestor` is a strict chain ancestor of `descendant`.
   */
  getNextChainAncestor(descendant: BlockHash, ancestor: BlockHash): BlockHash {
    if (descendant === ancestor) throw new ReachabilityError("BadQuery", `block ${ancestor} has no next chain ancestor towards itself`);
    const descendantNode = this.store.getNode(descendant);
    const ancestorNode = this.store.getNode(ancestor);
    if (!isStrictChainAncestorOfNode(ancestorNode, descendantNode)) {
      throw new ReachabilityError("BadQuery", `block ${ancestor} is not a chain ancestor of ${descendant}`);
    }
    return nextChainAncestorUnchecked(descendantNode, ancestorNode).hash;
  }

  /** The current reindex root. */
  getReindexRoot(): BlockHash {
    return this.store.getReindexRoot();
  }

  private insertToFutureCoveringSet(merged: ReachabilityNode, block: ReachabilityNode): void {
    const index = searchChainAncestor(merged.futureCoveringSet, block);
    if (index >= 0) {
      // A member on `block`'s chain contradicts `merged` being in its mergeset; `block` on a
      // member's chain contradicts the topological order.
      const member = merged.futureCoveringSet[index] as ReachabilityNode;
      throw new ReachabilityError(
        "DataInconsistency",
        `block ${block.hash} cannot join the future covering set of ${merged.hash}: member ${member.hash} is its chain ancestor`,
      );
    }
    this.store.insertFutureCoveringItem(merged, block, -index - 1);
  }
}

/**
 * Checks every tree invariant below `root` (by default the tree root, found from the reindex
 * root): non-empty intervals; children strictly inside their parent, adjacent and ascending, with
 * parent links and heights that match; future covering sets ascending, disjoint, and outside the
 * block's own subtree; every linked block stored. O(blocks); for tests and store reloads. Throws
 * `DataInconsistency` on the first violation.
 */
export function validateReachabilityTree(store: ReachabilityStoreReader, root?: BlockHash): void {
  let top = store.getNode(root ?? store.getReindexRoot());
  if (root === undefined) while (top.parent !== null) top = top.parent;
  const fail = (message: string): never => {
    throw new ReachabilityError("DataInconsistency", message);
  };
  const linked = (node: ReachabilityNode, role: string): void => {
    if (store.getNode(node.hash) !== node) fail(`${role} ${node.hash} is not a stored block`);
  };
  const queue: ReachabilityNode[] = [top];
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head] as ReachabilityNode;
    if (parent.end < parent.start) fail(`block ${parent.hash} has an empty interval`);
    let previous: ReachabilityNode | null = null;
    for (const child of parent.children) {
      linked(child, "child");
      if (child.parent !== parent) fail(`block ${child.hash} is a child of ${parent.hash} but names another parent`);
      if (child.height !== parent.height + 1) fail(`block ${child.hash} has height ${child.height} under a parent of height ${parent.height}`);
      if (!(parent.start <= child.start && child.end < parent.end)) {
        fail(`child ${child.hash} [${child.start}, ${child.end}] is outside parent ${parent.hash} [${parent.start}, ${parent.end}]`);
      }
      if (previous !== null && previous.end + 1 !== child.start) {
        fail(`children of ${parent.hash} are not adjacent: [${previous.start}, ${previous.end}] then [${child.start}, ${child.end}]`);
      }
      previous = child;
      queue.push(child);
    }
    let previousItem: ReachabilityNode | null = null;
    for (const item of parent.futureCoveringSet) {
      linked(item, "future covering item");
      if (item.end < item.start) fail(`future covering item ${item.hash} of ${parent.hash} has an empty interval`);
      if (isChainAncestorOfNode(parent, item)) fail(`future covering item ${item.hash} of ${parent.hash} is in its subtree`);
      if (previousItem !== null && previousItem.end >= item.start) {
        fail(`future covering set of ${parent.hash} is not ordered: ${previousItem.hash} then ${item.hash}`);
      }
      previousItem = item;
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
