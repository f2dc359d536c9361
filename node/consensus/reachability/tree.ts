/**
 * The reachability tree (the selected-parent tree): inserting a block under its selected parent,
 * and moving the reindex root along the virtual selected chain.
 * Follows Kaspa's `tree.rs` (rusty-kaspa, ISC licence).
 */
import type { BlockHash } from "../hash.js";
import { intervalRemainingAfter, isChainAncestorOfNode, nextChainAncestorUnchecked } from "./inquirer.js";
import { ReachabilityError, type ReachabilityNode, type ReachabilityStore } from "./reachability-store.js";
import { ReindexContext } from "./reindex.js";

/**
 * Adds `block` as the last tree child of `parent`, giving it the first half of the capacity left
 * after `parent`'s other children; when none is left, it gets the empty interval just past the end
 * of that capacity (the reindex relies on exactly that position) and a reindex makes room.
 */
export function addTreeBlock(store: ReachabilityStore, block: BlockHash, parent: ReachabilityNode, reindexSlack: number): ReachabilityNode {
  const remaining = intervalRemainingAfter(parent);
  const height = parent.height + 1;
  if (remaining.isEmpty()) {
    const node = store.insert(block, parent, remaining, height);
    store.appendChild(parent, node);
    new ReindexContext(store, reindexSlack).reindexIntervals(node, store.getNode(store.getReindexRoot()));
    return node;
  }
  const node = store.insert(block, parent, remaining.splitHalf()[0], height);
  store.appendChild(parent, node);
  return node;
}

/** The deepest chain ancestor of `block` that is also a chain ancestor of `reindexRoot`. */
export function findCommonTreeAncestor(block: ReachabilityNode, reindexRoot: ReachabilityNode): ReachabilityNode {
  for (let current: ReachabilityNode | null = block; current !== null; current = current.parent) {
    if (isChainAncestorOfNode(current, reindexRoot)) return current;
  }
  throw new ReachabilityError("DataInconsistency", `block ${block.hash} and reindex root ${reindexRoot.hash} share no tree ancestor`);
}

/** Where the reindex root should move for a selected tip: from `ancestor` down its chain to `next`. */
interface ReindexRootMove {
  readonly ancestor: ReachabilityNode;
  readonly next: ReachabilityNode;
}

/**
 * The new reindex root for selected tip `hint`: the chain ancestor of `hint` about `reindexDepth`
 * below it. When the current root is off `hint`'s chain (a reorg), the root only moves once `hint`
 * is `reindexSlack` higher than it — so alternating reorgs cannot force repeated reindexing — and
 * then moves via the common ancestor of the two chains.
 *
 * On the chain, the root moves only once `hint` is `reindexDepth + rootStride` above it. Kaspa
 * (stride 0) moves it with every chain block, and every second move re-splits the new root's whole
 * subtree; moving in strides re-splits it once per stride (see bench/ghostdag.bench.ts).
 */
export function findNextReindexRoot(
  current: ReachabilityNode,
  hint: ReachabilityNode,
  reindexDepth: number,
  reindexSlack: number,
  rootStride: number,
): ReindexRootMove {
  let ancestor = current;
  let next = current;
  const hintHeight = hint.height;

  if (!isChainAncestorOfNode(current, hint)) {
    if (hintHeight < current.height || hintHeight - current.height < reindexSlack) return { ancestor: current, next: current };
    ancestor = findCommonTreeAncestor(hint, current);
    next = ancestor;
  } else if (hintHeight - current.height < reindexDepth + rootStride) {
    return { ancestor: current, next: current };
  }

  for (;;) {
    const child = nextChainAncestorUnchecked(hint, next);
    if (hintHeight < child.height) {
      throw new ReachabilityError("DataInconsistency", `chain ancestor ${child.hash} is higher than its descendant ${hint.hash}`);
    }
    if (hintHeight - child.height < reindexDepth) break;
    next = child;
  }
  return { ancestor, next };
}

/**
 * Moves the reindex root towards `hint` (a candidate virtual selected parent) when it is deep
 * enough below it, concentrating interval capacity hop by hop on the chain to the new root.
 */
export function tryAdvancingReindexRoot(
  store: ReachabilityStore,
  hint: ReachabilityNode,
  reindexDepth: number,
  reindexSlack: number,
  rootStride: number,
): void {
  const current = store.getNode(store.getReindexRoot());
  const move = findNextReindexRoot(current, hint, reindexDepth, reindexSlack, rootStride);
  const next = move.next;
  if (next === current) return;

  let ancestor = move.ancestor;
  while (ancestor !== next) {
    const child = nextChainAncestorUnchecked(next, ancestor);
    new ReindexContext(store, reindexSlack).concentrateInterval(ancestor, child, child === next);
    ancestor = child;
  }
  store.setReindexRoot(next);
}
