import { BlockDag } from "../block-dag.js";
import { ConsensusError } from "../consensus-error.js";
import { hashFromId, type BlockHash } from "../hash.js";
import { createDagStores, type DagStores } from "../stores/dag-stores.js";
import { DagFileError, type DagFileBlock } from "./dag-file.js";

/** One line of `citrate ghostdag replay`'s output. */
export interface ReplayedBlock {
  readonly id: string;
  readonly blueScore: number;
  readonly selectedParent: string | null;
  readonly mergeSetBlues: readonly string[];
  readonly mergeSetReds: readonly string[];
}

/** The ids of a DAG file as block hashes (kaspad's convention), refusing ids that collide. */
export function hashIds(blocks: readonly DagFileBlock[]): Map<string, BlockHash> {
  const hashes = new Map<string, BlockHash>();
  const owners = new Map<BlockHash, string>();
  for (const { id } of blocks) {
    let hash: BlockHash;
    try {
      hash = hashFromId(id);
    } catch (error) {
      throw new DagFileError((error as Error).message);
    }
    const owner = owners.get(hash);
    if (owner !== undefined) throw new DagFileError(`ids "${owner}" and "${id}" have the same 32-byte hash`);
    owners.set(hash, id);
    hashes.set(id, hash);
  }
  return hashes;
}

/**
 * Runs GHOSTDAG over a parsed DAG file, yielding each block's result in input order. The stores
 * default to memory; pass journaled ones to replay onto a database.
 */
export function* replayDag(
  blocks: readonly DagFileBlock[],
  k: number,
  stores: DagStores = createDagStores(),
): Generator<ReplayedBlock> {
  const hashes = hashIds(blocks);
  const ids = new Map<BlockHash, string>();
  for (const [id, hash] of hashes) ids.set(hash, id);
  const idOf = (hash: BlockHash): string => ids.get(hash) as string;

  const dag = new BlockDag({ k, genesis: hashes.get(blocks[0].id) as BlockHash }, stores);
  yield { id: blocks[0].id, blueScore: 0, selectedParent: null, mergeSetBlues: [], mergeSetReds: [] };
  for (let i = 1; i < blocks.length; i++) {
    const block = blocks[i];
    let ghostdag;
    try {
      ({ ghostdag } = dag.addBlock(
        hashes.get(block.id) as BlockHash,
        block.parents.map((parent) => hashes.get(parent) as BlockHash),
      ));
    } catch (error) {
      if (!(error instanceof ConsensusError)) throw error;
      const message = error.message.replace(/0x[0-9a-f]{64}/g, (hash) => `"${idOf(hash as BlockHash)}"`);
      throw new DagFileError(`block "${block.id}" refused: ${message}`);
    }
    yield {
      id: block.id,
      blueScore: ghostdag.blueScore,
      selectedParent: idOf(ghostdag.selectedParent as BlockHash),
      mergeSetBlues: ghostdag.mergeSetBlues.map(idOf),
      mergeSetReds: ghostdag.mergeSetReds.map(idOf),
    };
  }
}
