import { hashFromId, type BlockHash } from "../../node/consensus/hash.js";

// mulberry32, seeded: every random DAG can be rebuilt from its seed (the demo models use it too).
import { seededRandom } from "../../precompiles/inference/demo-models/onnx-builder.js";
export { seededRandom };

export interface RandomDagBlock {
  readonly hash: BlockHash;
  readonly parents: readonly BlockHash[];
}

export interface RandomDagOptions {
  readonly blocks: number;
  /** How many blocks back a new block's view of the DAG may lag (network delay). */
  readonly maxDelay: number;
  readonly maxParents: number;
}

/**
 * A DAG as a network would make it: each new block references the tips of the DAG as it was a
 * random delay ago (so its parents are an antichain), at most `maxParents` of them. Block 0 is
 * the genesis.
 */
export function randomDag(seed: number, options: RandomDagOptions): RandomDagBlock[] {
  const random = seededRandom(seed);
  const hashes = Array.from({ length: options.blocks }, (_, i) => hashFromId(`b${seed}-${i}`));
  const firstChildAt = new Array<number>(options.blocks).fill(Number.POSITIVE_INFINITY);
  const parentIndices: number[][] = [[]];
  for (let i = 1; i < options.blocks; i++) {
    const seenUpTo = Math.max(1, i - Math.floor(random() * (options.maxDelay + 1)));
    const tips: number[] = [];
    // A block older than the view's window could only be a tip if nothing ever built on it.
    for (let j = 0; j < seenUpTo; j++) if (firstChildAt[j] >= seenUpTo) tips.push(j);
    for (let t = tips.length - 1; t > 0; t--) {
      const r = Math.floor(random() * (t + 1));
      [tips[t], tips[r]] = [tips[r], tips[t]];
    }
    const parents = tips.slice(0, 1 + Math.floor(random() * Math.min(options.maxParents, tips.length)));
    for (const p of parents) firstChildAt[p] = Math.min(firstChildAt[p], i);
    parentIndices.push(parents);
  }
  return parentIndices.map((parents, i) => ({ hash: hashes[i], parents: parents.map((p) => hashes[p]) }));
}
