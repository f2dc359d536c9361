/**
 * Reindexing: re-allocating tree intervals when a node has no capacity left for a new child, and
 * concentrating capacity on the chain towards a new reindex root.
 * Follows Kaspa's `reindex.rs` (rusty-kaspa, ISC licence).
 *
 * Kaspa's context caches subtree sizes in a hash map for the length of one operation; here each
 * traversal lists its subtree into flat buffers instead (see `SubtreeListing`), and the climb in
 * `reindexIntervals` carries the size it has counted so far, so no node is counted twice per step.
 */
import {
  intervalChildrenCapacity,
  intervalOf,
  intervalRemainingAfter,
  intervalRemainingBefore,
  isStrictChainAncestorOfNode,
  nextChainAncestorUnchecked,
} from "./inquirer.js";
import { Interval } from "./interval.js";
import { ReachabilityError, type ReachabilityNode, type ReachabilityStore } from "./reachability-store.js";

type IntervalOp = (interval: Interval, offset: number) => Interval;

const increase: IntervalOp = (interval, offset) => interval.increase(offset);
const decrease: IntervalOp = (interval, offset) => interval.decrease(offset);
const increaseStart: IntervalOp = (interval, offset) => interval.increaseStart(offset);
const decreaseStart: IntervalOp = (interval, offset) => interval.decreaseStart(offset);
const increaseEnd: IntervalOp = (interval, offset) => interval.increaseEnd(offset);
const decreaseEnd: IntervalOp = (interval, offset) => interval.decreaseEnd(offset);

/**
 * A breadth-first listing of a subtree with each node's subtree size, in reusable buffers. BFS
 * lists a node's children consecutively, so node k's children are entries firstChild[k] onwards;
 * sizes are summed in reverse order. Iterative, since the tree is as deep as the selected chain
 * is long, and free of per-node map lookups: reindexing touches every node of a subtree.
 */
class SubtreeListing {
  readonly nodes: ReachabilityNode[] = [];
  firstChild = new Int32Array(256);
  sizes = new Float64Array(256);

  /** Lists the subtree of `root`; returns its size. */
  list(root: ReachabilityNode): number {
    const nodes = this.nodes;
    nodes.length = 0;
    nodes.push(root);
    for (let k = 0; k < nodes.length; k++) {
      if (k === this.firstChild.length) this.grow();
      this.firstChild[k] = nodes.length;
      const children = (nodes[k] as ReachabilityNode).children;
      for (let c = 0; c < children.length; c++) nodes.push(children[c] as ReachabilityNode);
    }
    const { firstChild, sizes } = this;
    for (let k = nodes.length - 1; k >= 0; k--) {
      let size = 1;
      const first = firstChild[k] as number;
      const last = first + (nodes[k] as ReachabilityNode).children.length;
      for (let c = first; c < last; c++) size += sizes[c] as number;
      sizes[k] = size;
    }
    return sizes[0] as number;
  }

  /** Drops the node references (the buffers stay for reuse). */
  clear(): void {
    this.nodes.length = 0;
  }

  private grow(): void {
    const firstChild = new Int32Array(this.firstChild.length * 2);
    firstChild.set(this.firstChild);
    this.firstChild = firstChild;
    const sizes = new Float64Array(this.sizes.length * 2);
    sizes.set(this.sizes);
    this.sizes = sizes;
  }
}

/** Shared by all contexts: operations never nest a listing inside another, and JavaScript is single-threaded. */
const listing = new SubtreeListing();

export class ReindexContext {
  constructor(
    private readonly store: ReachabilityStore,
    private readonly slack: number,
  ) {}

  /**
   * Makes room for `newChild`, which was inserted with an empty interval: climbs from it to the
   * first ancestor whose interval is at least its subtree size and re-splits that ancestor's
   * subtree. Below the reindex root's chain it instead borrows the chain's reserved slack
   * (`reindexIntervalsEarlierThanRoot`) so the root's large subtree is not touched.
   */
  reindexIntervals(newChild: ReachabilityNode, reindexRoot: ReachabilityNode): void {
    let current = newChild;
    let subtreeSize = this.countSubtrees(current);
    for (;;) {
      if (current.end + 1 - current.start >= subtreeSize) break;

      const parent = current.parent;
      if (parent === null) {
        throw new ReachabilityError("DataOverflow", `the reachability tree root ${current.hash} ran out of interval capacity`);
      }
      if (current === reindexRoot) {
        // The reindex root keeps capacity for ~2^40 further chain blocks (2^53 over 2^13 slack per block).
        throw new ReachabilityError("DataOverflow", `reindex root ${reindexRoot.hash} ran out of interval capacity`);
      }
      if (isStrictChainAncestorOfNode(parent, reindexRoot)) {
        // `parent` has capacity, but re-splitting it would re-label the reindex root's whole
        // subtree. Take `subtreeSize` (doubling `current`'s need) from the chain's slack instead.
        this.reindexIntervalsEarlierThanRoot(current, reindexRoot, parent, subtreeSize);
        return;
      }
      // The parent's subtree: `current`'s, already counted, plus its siblings'.
      let parentSize = 1;
      for (const child of parent.children) parentSize += child === current ? subtreeSize : this.countSubtrees(child);
      current = parent;
      subtreeSize = parentSize;
    }
    this.propagateInterval(current);
  }

  /** The number of nodes in the subtree of `block`, itself included. */
  countSubtrees(block: ReachabilityNode): number {
    if (block.children.length === 0) return 1;
    const size = listing.list(block);
    listing.clear();
    return size;
  }

  /** Re-splits the interval of `block` among its subtree, top-down, by `Interval.splitExponential`. */
  propagateInterval(block: ReachabilityNode): void {
    if (block.children.length === 0) return;
    listing.list(block);
    const { nodes, firstChild, sizes } = listing;
    try {
      for (let k = 0; k < nodes.length; k++) {
        const current = nodes[k] as ReachabilityNode;
        const count = current.children.length;
        if (count === 0) continue;
        const first = firstChild[k] as number;
        const capacity = intervalChildrenCapacity(current);
        if (count === 1) {
          // What `splitExponential` gives a lone child: the whole capacity, when it suffices.
          if (capacity.size() < (sizes[first] as number)) {
            throw new ReachabilityError("DataOverflow", `interval ${capacity.toString()} cannot hold a subtree of size ${sizes[first]}`);
          }
          this.store.setInterval(nodes[first] as ReachabilityNode, capacity);
          continue;
        }
        const intervals = capacity.splitExponential(sizes, first, count);
        for (let c = 0; c < count; c++) this.store.setInterval(nodes[first + c] as ReachabilityNode, intervals[c] as Interval);
      }
    } finally {
      listing.clear();
    }
  }

  /**
   * Finds `requiredAllocation` more capacity for `allocationBlock`, a tree child of
   * `commonAncestor`, which is a strict chain ancestor of the reindex root: the capacity is taken
   * from the slack left around the chain blocks from `commonAncestor` up to the reindex root, on
   * the side where `allocationBlock` lies, and the siblings in between are shifted over.
   */
  private reindexIntervalsEarlierThanRoot(
    allocationBlock: ReachabilityNode,
    reindexRoot: ReachabilityNode,
    commonAncestor: ReachabilityNode,
    requiredAllocation: number,
  ): void {
    // The child of `commonAncestor` on the chain to the reindex root (or the root itself).
    const chosenChild = nextChainAncestorUnchecked(reindexRoot, commonAncestor);
    const side = allocationBlock.start < chosenChild.start ? "before" : "after";
    this.reclaimInterval(allocationBlock, commonAncestor, chosenChild, reindexRoot, requiredAllocation, side);
  }

  /**
   * Walks up the chain from `chosenChild` towards the reindex root, summing the free capacity on
   * `side` of each chain block, until it covers `requiredAllocation` (or the root is reached, which
   * then gives up enough to also re-reserve `slack` for every chain block passed). The block where
   * the walk stopped shrinks on that side, and its siblings towards `allocationBlock` shift by the
   * same offset, the last of them — a child of `commonAncestor` — passing it on to `allocationBlock`.
   * Walking back down, each chain block hands over its free capacity beyond the reserved slack the
   * same way.
   */
  private reclaimInterval(
    allocationBlock: ReachabilityNode,
    commonAncestor: ReachabilityNode,
    chosenChild: ReachabilityNode,
    reindexRoot: ReachabilityNode,
    requiredAllocation: number,
    side: "before" | "after",
  ): void {
    const shrink = side === "before" ? increaseStart : decreaseEnd;
    const remaining = side === "before" ? intervalRemainingBefore : intervalRemainingAfter;
    let slackSum = 0;
    let pathLength = 0;
    let pathSlackAllocation = 0;

    let current = chosenChild;
    for (;;) {
      if (current === reindexRoot) {
        const offset = requiredAllocation + this.slack * pathLength - slackSum;
        this.applyIntervalOp(current, offset, shrink, true);
        this.offsetSiblings(allocationBlock, current, offset, side);
        // Each chain block below keeps `slack` free on this side.
        pathSlackAllocation = this.slack;
        break;
      }
      const slackHere = remaining(current).size();
      slackSum += slackHere;
      if (slackSum >= requiredAllocation) {
        const offset = slackHere - (slackSum - requiredAllocation);
        this.applyIntervalOp(current, offset, shrink, false);
        this.offsetSiblings(allocationBlock, current, offset, side);
        break;
      }
      current = nextChainAncestorUnchecked(reindexRoot, current);
      pathLength++;
    }

    for (;;) {
      current = current.parent as ReachabilityNode;
      if (current === commonAncestor) break;
      const offset = remaining(current).size() - pathSlackAllocation;
      this.applyIntervalOp(current, offset, shrink, false);
      this.offsetSiblings(allocationBlock, current, offset, side);
    }
  }

  /**
   * Shifts the siblings of `current` between it and `allocationBlock` (on `side` of it) by
   * `offset` into the space `current` just freed, and widens `allocationBlock` by `offset`.
   * When `allocationBlock` is not a sibling, every sibling on that side shifts, passing the space on.
   */
  private offsetSiblings(allocationBlock: ReachabilityNode, current: ReachabilityNode, offset: number, side: "before" | "after"): void {
    const parent = current.parent;
    if (parent === null) throw new ReachabilityError("DataInconsistency", `reindexing reached the tree root ${current.hash}`);
    const siblings = parent.children;
    const index = siblings.indexOf(current);
    if (index < 0) throw new ReachabilityError("DataInconsistency", `block ${current.hash} is missing from its parent's children`);
    if (side === "before") {
      for (let i = index - 1; i >= 0; i--) {
        const sibling = siblings[i] as ReachabilityNode;
        if (sibling === allocationBlock) {
          this.applyIntervalOp(sibling, offset, increaseEnd, true);
          break;
        }
        this.applyIntervalOp(sibling, offset, increase, true);
      }
    } else {
      for (let i = index + 1; i < siblings.length; i++) {
        const sibling = siblings[i] as ReachabilityNode;
        if (sibling === allocationBlock) {
          this.applyIntervalOp(sibling, offset, decreaseStart, true);
          break;
        }
        this.applyIntervalOp(sibling, offset, decrease, true);
      }
    }
  }

  private applyIntervalOp(block: ReachabilityNode, offset: number, op: IntervalOp, propagate: boolean): void {
    if (!(offset >= 0)) throw new ReachabilityError("DataInconsistency", `negative reindex offset ${offset} for block ${block.hash}`);
    this.store.setInterval(block, op(intervalOf(block), offset));
    if (propagate) this.propagateInterval(block);
  }

  /**
   * One hop of moving the reindex root down the chain from `parent` to its child `child`: the
   * siblings of `child` are packed tightly at either end of `parent`'s interval (each side keeping
   * `slack` free next to `parent`'s bounds) and everything in between goes to `child`.
   */
  concentrateInterval(parent: ReachabilityNode, child: ReachabilityNode, isFinalReindexRoot: boolean): void {
    const children = parent.children;
    const index = children.indexOf(child);
    if (index < 0) throw new ReachabilityError("DataInconsistency", `block ${child.hash} is not a tree child of ${parent.hash}`);
    const beforeSum = this.tightenIntervals(parent, children.slice(0, index), "before");
    const afterSum = this.tightenIntervals(parent, children.slice(index + 1), "after");
    this.expandIntervalToChosen(parent, child, beforeSum, afterSum, isFinalReindexRoot);
  }

  /**
   * Gives `blocks` (consecutive children of `parent`) exactly their subtree sizes, packed right
   * after `parent.start + slack` ("before") or right before `parent.end - slack` ("after"), and
   * re-splits their subtrees. Returns the sum of their subtree sizes.
   */
  private tightenIntervals(parent: ReachabilityNode, blocks: readonly ReachabilityNode[], side: "before" | "after"): number {
    if (blocks.length === 0) return 0;
    const sizes = blocks.map((block) => this.countSubtrees(block));
    let sum = 0;
    for (const size of sizes) sum += size;
    const packed =
      side === "before"
        ? new Interval(parent.start + this.slack, parent.start + this.slack + sum - 1)
        : new Interval(parent.end - this.slack - sum, parent.end - this.slack - 1);
    const parts = packed.splitExact(sizes);
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i] as ReachabilityNode;
      this.store.setInterval(block, parts[i] as Interval);
      this.propagateInterval(block);
    }
    return sum;
  }

  /**
   * Gives `child` everything between its tightened siblings, less `slack` on each side. Its subtree
   * is re-split only when it becomes the final reindex root and its current interval does not fit
   * in the new allocation — and then into a narrower interval (another `slack` in from each side),
   * so that the next root move usually finds the old interval already inside the new allocation.
   */
  private expandIntervalToChosen(
    parent: ReachabilityNode,
    child: ReachabilityNode,
    beforeSum: number,
    afterSum: number,
    isFinalReindexRoot: boolean,
  ): void {
    const allocation = new Interval(parent.start + beforeSum + this.slack, parent.end - afterSum - this.slack - 1);
    if (isFinalReindexRoot && !(allocation.start <= child.start && child.end <= allocation.end)) {
      this.store.setInterval(child, new Interval(allocation.start + this.slack, allocation.end - this.slack));
      this.propagateInterval(child);
    }
    this.store.setInterval(child, allocation);
  }
}
