import { bytesToHex } from "@ethereumjs/util";
import type { ChainChange } from "../consensus/block-dag.js";
import type { BlockHash } from "../consensus/hash.js";
import type { ExecutedTransaction } from "../execution/block-executor.js";
import type { StoredBlock } from "../execution/block-store.js";

/** Where a transaction sits on the virtual selected chain, as Ethereum tools see it. */
export interface CanonicalLocation {
  readonly blockHash: BlockHash;
  readonly blockNumber: bigint;
  readonly index: number;
  /** Index of the transaction's first log within the block. */
  readonly firstLogIndex: number;
  readonly executed: ExecutedTransaction;
}

/**
 * The Ethereum view of the DAG: chain block n is block number n, its transactions are those it
 * accepted (executed for its post-state). Follows chain changes: blocks leaving the chain take
 * their transactions with them, blocks joining it bring theirs.
 */
export class CanonicalIndex {
  private readonly transactions = new Map<`0x${string}`, CanonicalLocation>();

  constructor(private readonly block: (hash: BlockHash) => StoredBlock) {}

  /** Indexes a chain from genesis (at open). */
  indexChain(chain: Iterable<BlockHash>): void {
    for (const hash of chain) this.add(this.block(hash));
  }

  apply(change: ChainChange): void {
    for (const hash of change.removed) this.remove(this.block(hash));
    for (const hash of change.added) this.add(this.block(hash));
  }

  transaction(hash: `0x${string}`): CanonicalLocation | undefined {
    return this.transactions.get(hash);
  }

  private add(block: StoredBlock): void {
    let logIndex = 0;
    block.outcome.executed.forEach((executed, index) => {
      const hash = transactionHash(executed);
      this.transactions.set(hash, { blockHash: block.hash, blockNumber: block.header.number, index, firstLogIndex: logIndex, executed });
      logIndex += executed.receipt.logs.length;
    });
  }

  private remove(block: StoredBlock): void {
    for (const executed of block.outcome.executed) {
      const hash = transactionHash(executed);
      if (this.transactions.get(hash)?.blockHash === block.hash) this.transactions.delete(hash);
    }
  }
}

function transactionHash(executed: ExecutedTransaction): `0x${string}` {
  return bytesToHex(executed.transaction.hash()) as `0x${string}`;
}
