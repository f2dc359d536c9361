import type { BlockHash } from "../hash.js";

/**
 * GHOSTDAG's total order on blocks: by blue work, then by hash. The selected parent is the maximum
 * under it and mergesets are visited in ascending order of it.
 */
export function compareByBlueWork(
  aWork: bigint,
  aHash: BlockHash,
  bWork: bigint,
  bHash: BlockHash,
): number {
  if (aWork !== bWork) return aWork < bWork ? -1 : 1;
  return aHash < bHash ? -1 : aHash > bHash ? 1 : 0;
}
