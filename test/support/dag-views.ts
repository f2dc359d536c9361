import type { BlockDag } from "../../node/consensus/block-dag.js";
import type { BlockHash } from "../../node/consensus/hash.js";

/** Every block coloured red along the virtual's selected chain (the virtual's own mergeset included). */
export function virtualRedBlocks(dag: BlockDag): BlockHash[] {
  let data = dag.virtualGhostdagData();
  const reds: BlockHash[] = [...data.mergeSetReds];
  while (data.selectedParent !== null) {
    data = dag.ghostdagData(data.selectedParent);
    reds.push(...data.mergeSetReds);
  }
  return reds;
}

/** past(hash) by walking parents: the naive reference the fast index is tested against. */
export function naivePast(dag: BlockDag, hash: BlockHash): Set<BlockHash> {
  const past = new Set<BlockHash>();
  const stack = [...dag.parents(hash)];
  while (stack.length > 0) {
    const block = stack.pop() as BlockHash;
    if (past.has(block)) continue;
    past.add(block);
    stack.push(...dag.parents(block));
  }
  return past;
}
