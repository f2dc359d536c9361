import type { BlockHash } from "../hash.js";

/**
 * What GHOSTDAG decided for one block. Immutable once computed; the genesis has no selected parent
 * and empty mergesets.
 */
export interface GhostdagData {
  /** Number of blue blocks in the block's past (genesis: 0). */
  readonly blueScore: number;
  /** Accumulated work of the blue blocks in the block's past; decides the selected parent. */
  readonly blueWork: bigint;
  /** The parent with the highest (blueWork, hash); null only for the genesis. */
  readonly selectedParent: BlockHash | null;
  /** Blue blocks of the mergeset: the selected parent first, then in GHOSTDAG (ascending) order. */
  readonly mergeSetBlues: readonly BlockHash[];
  /** Red blocks of the mergeset, in GHOSTDAG (ascending) order. */
  readonly mergeSetReds: readonly BlockHash[];
  /**
   * For each blue of this block's mergeset and for the blues of earlier chain blocks whose blue
   * anticone grew because of this mergeset: the size of its blue anticone as seen from this block.
   */
  readonly bluesAnticoneSizes: ReadonlyMap<BlockHash, number>;
}

/** The genesis' GHOSTDAG data: score and work zero, nothing merged. */
export function genesisGhostdagData(): GhostdagData {
  return {
    blueScore: 0,
    blueWork: 0n,
    selectedParent: null,
    mergeSetBlues: [],
    mergeSetReds: [],
    bluesAnticoneSizes: new Map(),
  };
}

/** The blocks a block merges (selected parent excluded), blues and reds alike. */
export function mergesetSize(data: GhostdagData): number {
  return data.mergeSetBlues.length + data.mergeSetReds.length;
}
