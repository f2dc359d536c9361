/**
 * Read-only reachability queries over nodes: chain (tree) ancestry from intervals, DAG ancestry from
 * intervals plus future covering sets, and the free interval capacity around a tree node.
 * Follows Kaspa's `inquirer.rs` and `extensions.rs` (rusty-kaspa, ISC licence).
 *
 * The ancestry queries allocate nothing: they compare the nodes' numbers and binary-search their
 * arrays in place.
 */
import { Interval } from "./interval.js";
import { ReachabilityError, type ReachabilityNode } from "./reachability-store.js";

/** Is `ancestor` on the selected-parent chain of `descendant`, or the same block? */
export function isChainAncestorOfNode(ancestor: ReachabilityNode, descendant: ReachabilityNode): boolean {
  return ancestor.start <= descendant.start && descendant.end <= ancestor.end;
}

/** Is `ancestor` on the selected-parent chain of `descendant`, and not the same block? */
export function isStrictChainAncestorOfNode(ancestor: ReachabilityNode, descendant: ReachabilityNode): boolean {
  return ancestor.start <= descendant.start && descendant.end < ancestor.end;
}

/**
 * Is `ancestor` in the past of `descendant`, or the same block? O(log |futureCoveringSet(ancestor)|):
 * either `ancestor` is a chain ancestor of `descendant`, or some member of its future covering set is.
 */
export function isDagAncestorOfNode(ancestor: ReachabilityNode, descendant: ReachabilityNode): boolean {
  if (ancestor.start <= descendant.start && descendant.end <= ancestor.end) return true;
  const set = ancestor.futureCoveringSet;
  return set.length > 0 && searchChainAncestor(set, descendant) >= 0;
}

/** The tree child of `ancestor` on the chain of `descendant`, without checking that there is one. */
export function nextChainAncestorUnchecked(descendant: ReachabilityNode, ancestor: ReachabilityNode): ReachabilityNode {
  const children = ancestor.children;
  const index = searchChainAncestor(children, descendant);
  if (index < 0) throw new ReachabilityError("BadQuery", `no tree child of ${ancestor.hash} is a chain ancestor of ${descendant.hash}`);
  return children[index] as ReachabilityNode;
}

/**
 * Binary-searches nodes whose intervals are disjoint and ascending for the one that is a chain
 * ancestor of `target`. Returns its index, or `-(insertion index) - 1` when there is none: the
 * position at which `target` keeps the order.
 *
 * A block's interval end belongs to no other block's subtree, so the only candidate is the last
 * node starting at or before `target.end`.
 */
export function searchChainAncestor(ordered: readonly ReachabilityNode[], target: ReachabilityNode): number {
  const point = target.end;
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const start = (ordered[mid] as ReachabilityNode).start;
    if (start === point) return mid;
    if (start < point) low = mid + 1;
    else high = mid;
  }
  // `low` is the first node starting after `point`; only its predecessor can contain `target`.
  if (low > 0) {
    const candidate = ordered[low - 1] as ReachabilityNode;
    if (candidate.start <= target.start && target.end <= candidate.end) return low - 1;
  }
  return -low - 1;
}

/** The node's interval as a value. */
export function intervalOf(node: ReachabilityNode): Interval {
  return new Interval(node.start, node.end);
}

/** The capacity a node's tree children may use: its interval less its own last point. */
export function intervalChildrenCapacity(node: ReachabilityNode): Interval {
  return new Interval(node.start, node.end - 1);
}

/** The unused capacity before the first tree child of `node` (all of it when it has none). */
export function intervalRemainingBefore(node: ReachabilityNode): Interval {
  const children = node.children;
  if (children.length === 0) return intervalChildrenCapacity(node);
  return new Interval(node.start, (children[0] as ReachabilityNode).start - 1);
}

/** The unused capacity after the last tree child of `node` (all of it when it has none). */
export function intervalRemainingAfter(node: ReachabilityNode): Interval {
  const children = node.children;
  if (children.length === 0) return intervalChildrenCapacity(node);
  return new Interval((children[children.length - 1] as ReachabilityNode).end + 1, node.end - 1);
}
