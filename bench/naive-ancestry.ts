import type { DagAncestryOracle } from "../node/consensus/ghostdag/ghostdag-manager.js";
import type { BlockHash } from "../node/consensus/hash.js";
import type { GhostdagStoreReader } from "../node/consensus/stores/ghostdag-store.js";
import type { RelationsStoreReader } from "../node/consensus/stores/relations-store.js";

/**
 * The peer the reachability index is measured against: answers "is A in the past of B" by walking
 * B's past, pruned by blue score (which strictly grows along every edge), as a first
 * implementation without an index would.
 */
export class NaiveAncestry implements DagAncestryOracle {
  constructor(
    private readonly relations: RelationsStoreReader,
    private readonly ghostdag: GhostdagStoreReader,
  ) {}

  isDagAncestorOf(ancestor: BlockHash, descendant: BlockHash): boolean {
    if (ancestor === descendant) return true;
    const floor = this.ghostdag.getBlueScore(ancestor);
    const seen = new Set<BlockHash>();
    const stack = [descendant];
    while (stack.length > 0) {
      for (const parent of this.relations.getParents(stack.pop() as BlockHash)) {
        if (parent === ancestor) return true;
        if (seen.has(parent) || this.ghostdag.getBlueScore(parent) <= floor) continue;
        seen.add(parent);
        stack.push(parent);
      }
    }
    return false;
  }
}
