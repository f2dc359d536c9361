import type { BlockHash } from "../hash.js";
import { MemoryReachabilityStore, type ReachabilityRecord } from "../reachability/memory-reachability-store.js";
import type { PersistableStore, StoreJournal } from "./store-journal.js";

/** Record key of the reindex root, beside the per-block records (which are keyed by hash). */
const REINDEX_ROOT_KEY = "reindex-root";

/** The reachability store, reporting each changed record (reindexing may change many) to a journal. */
export class JournaledReachabilityStore extends MemoryReachabilityStore implements PersistableStore {
  readonly kind = "reachability";

  constructor(private readonly journal?: StoreJournal) {
    super();
  }

  exportRecord(key: string): unknown {
    if (key === REINDEX_ROOT_KEY) return this.getReindexRoot();
    return this.has(key as BlockHash) ? this.getRecord(key as BlockHash) : undefined;
  }

  importRecord(key: string, record: unknown): void {
    if (key === REINDEX_ROOT_KEY) this.loadReindexRoot(record as BlockHash);
    else this.loadRecord(key as BlockHash, record as ReachabilityRecord);
  }

  protected override touched(hash: BlockHash): void {
    this.journal?.recordChanged(this.kind, hash);
  }

  protected override reindexRootChanged(): void {
    this.journal?.recordChanged(this.kind, REINDEX_ROOT_KEY);
  }
}
