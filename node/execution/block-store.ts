import type { TypedTransaction } from "@ethereumjs/tx";
import type { BlockHeader } from "../chain/block-header.js";
import type { BlockHash } from "../consensus/hash.js";
import type { ExecutionOutcome } from "./block-executor.js";

/** A verified block with its body and what executing its post-state produced. */
export interface StoredBlock {
  readonly hash: BlockHash;
  readonly header: BlockHeader;
  readonly transactions: readonly TypedTransaction[];
  readonly outcome: ExecutionOutcome;
}

/** Where verified blocks live (headers, bodies, receipts). */
export interface BlockStore {
  get(hash: BlockHash): StoredBlock | undefined;
  put(block: StoredBlock): Promise<void>;
}

/** Blocks in memory: tests, benchmarks, and nodes that keep nothing. */
export class MemoryBlockStore implements BlockStore {
  private readonly blocks = new Map<BlockHash, StoredBlock>();

  get(hash: BlockHash): StoredBlock | undefined {
    return this.blocks.get(hash);
  }

  put(block: StoredBlock): Promise<void> {
    this.blocks.set(block.hash, block);
    return Promise.resolve();
  }
}
