import { BlockDag } from "../consensus/block-dag.js";
import { ConsensusError } from "../consensus/consensus-error.js";
import type { BlockHash } from "../consensus/hash.js";
import { createDagStores, type DagStores } from "../consensus/stores/dag-stores.js";

/**
 * The blocks of `past(tips) ∪ tips` in `dag`, in an order in which each block comes after all its
 * parents: ascending blue score, which is topological in GHOSTDAG (a block's blue score exceeds
 * each parent's), then hash for a stable order. The genesis comes first.
 */
export function pastAndTips(dag: BlockDag, tips: readonly BlockHash[]): BlockHash[] {
  const unknown = tips.filter((tip) => !dag.hasBlock(tip));
  if (unknown.length > 0) throw new ConsensusError("MissingBlock", `cannot rewind to blocks the DAG does not hold: ${unknown.join(", ")}`);
  const seen = new Set<BlockHash>(tips);
  const stack = [...tips];
  for (let hash = stack.pop(); hash !== undefined; hash = stack.pop()) {
    for (const parent of dag.parents(hash)) {
      if (!seen.has(parent)) {
        seen.add(parent);
        stack.push(parent);
      }
    }
  }
  const scored = [...seen].map((hash) => ({ hash, blueScore: dag.ghostdagData(hash).blueScore }));
  scored.sort((a, b) => a.blueScore - b.blueScore || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return scored.map((block) => block.hash);
}

/**
 * A new DAG holding exactly `past(tips) ∪ tips` of `dag`, replayed block by block into `stores`
 * (fresh and empty; pass journaled ones to persist the result). GHOSTDAG is deterministic, so every kept block gets the same colouring,
 * selected chain position and accepted blocks it had; the tips become exactly `tips` once every
 * block they were the past of is gone. `dag` itself is left as it was.
 */
export function rewoundDag(dag: BlockDag, tips: readonly BlockHash[], stores: DagStores = createDagStores()): BlockDag {
  const kept = pastAndTips(dag, tips);
  if (stores.relations.size !== 0) throw new RangeError("rewoundDag needs empty stores");
  const rebuilt = new BlockDag(dag.params, stores);
  for (const hash of kept) {
    if (hash !== dag.params.genesis) rebuilt.addBlock(hash, dag.parents(hash));
  }
  return rebuilt;
}
