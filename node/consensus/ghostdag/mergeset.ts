import type { BlockHash } from "../hash.js";
import type { GhostdagStoreReader } from "../stores/ghostdag-store.js";
import type { RelationsStoreReader } from "../stores/relations-store.js";
import type { DagAncestryOracle } from "./ghostdag-manager.js";
import { compareByBlueWork } from "./sortable-block.js";

/**
 * past(B) minus past(selectedParent) minus {selectedParent}, in ascending (blueWork, hash) order.
 *
 * A breadth-first walk back from the other parents that stops at every block in the selected
 * parent's past, so its cost is the mergeset's size, not the DAG's.
 */
export function orderedMergesetWithoutSelectedParent(
  selectedParent: BlockHash,
  parents: readonly BlockHash[],
  relations: RelationsStoreReader,
  ghostdag: GhostdagStoreReader,
  reachability: DagAncestryOracle,
): BlockHash[] {
  const queue: BlockHash[] = [];
  for (const parent of parents) if (parent !== selectedParent) queue.push(parent);
  const mergeset = new Set<BlockHash>(queue);
  const selectedParentPast = new Set<BlockHash>();

  for (let head = 0; head < queue.length; head++) {
    for (const parent of relations.getParents(queue[head])) {
      if (mergeset.has(parent) || selectedParentPast.has(parent)) continue;
      if (reachability.isDagAncestorOf(parent, selectedParent)) {
        selectedParentPast.add(parent);
        continue;
      }
      mergeset.add(parent);
      queue.push(parent);
    }
  }

  const sortable = queue.map((hash) => ({ hash, blueWork: ghostdag.getBlueWork(hash) }));
  sortable.sort((a, b) => compareByBlueWork(a.blueWork, a.hash, b.blueWork, b.hash));
  return sortable.map((block) => block.hash);
}
