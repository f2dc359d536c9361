import type { BlockHash } from "../hash.js";
import { ConsensusError } from "../consensus-error.js";
import type { PersistableStore, StoreJournal } from "./store-journal.js";

/**
 * The virtual selected-parent chain, genesis at index 0: what Ethereum tools see as the chain,
 * index n being block number n.
 */
export class SelectedChainStore implements PersistableStore {
  readonly kind = "chain";
  private readonly chain: BlockHash[] = [];
  private readonly indices = new Map<BlockHash, number>();

  constructor(private readonly journal?: StoreJournal) {}

  /** Number of chain blocks, genesis included. */
  get length(): number {
    return this.chain.length;
  }

  /** The chain's last block (the virtual selected parent). */
  get tip(): BlockHash {
    if (this.chain.length === 0) throw new ConsensusError("MissingBlock", "the selected chain is empty");
    return this.chain[this.chain.length - 1];
  }

  at(index: number): BlockHash | undefined {
    return this.chain[index];
  }

  indexOf(hash: BlockHash): number | undefined {
    return this.indices.get(hash);
  }

  /** Drops every block above `forkIndex`, then appends `added` in order. */
  reorganise(forkIndex: number, added: readonly BlockHash[]): void {
    while (this.chain.length > forkIndex + 1) {
      const removed = this.chain.pop() as BlockHash;
      this.indices.delete(removed);
      this.journal?.recordChanged(this.kind, String(this.chain.length));
    }
    for (const hash of added) {
      this.indices.set(hash, this.chain.length);
      this.journal?.recordChanged(this.kind, String(this.chain.length));
      this.chain.push(hash);
    }
  }

  exportRecord(key: string): unknown {
    return this.chain[Number(key)];
  }

  importRecord(key: string, record: unknown): void {
    const index = Number(key);
    this.chain[index] = record as BlockHash;
    this.indices.set(record as BlockHash, index);
  }
}
