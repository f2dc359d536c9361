import type { BlockHash } from "../hash.js";
import type { PersistableStore, StoreJournal } from "./store-journal.js";

const TIPS_KEY = "tips";

/** The DAG's tips: blocks no stored block references yet. */
export class TipsStore implements PersistableStore {
  readonly kind = "tips";
  private readonly tips = new Set<BlockHash>();

  constructor(private readonly journal?: StoreJournal) {}

  get size(): number {
    return this.tips.size;
  }

  has(hash: BlockHash): boolean {
    return this.tips.has(hash);
  }

  values(): BlockHash[] {
    return [...this.tips];
  }

  /** A new block arrived: it is a tip, and its parents are not any more. */
  addBlock(hash: BlockHash, parents: readonly BlockHash[]): void {
    for (const parent of parents) this.tips.delete(parent);
    this.tips.add(hash);
    this.journal?.recordChanged(this.kind, TIPS_KEY);
  }

  exportRecord(): unknown {
    return [...this.tips];
  }

  importRecord(_key: string, record: unknown): void {
    for (const hash of record as BlockHash[]) this.tips.add(hash);
  }
}
