import type { BlockHash } from "../hash.js";
import { ConsensusError } from "../consensus-error.js";
import type { PersistableStore, StoreJournal } from "./store-journal.js";

/** Read access to the DAG's edges. */
export interface RelationsStoreReader {
  has(hash: BlockHash): boolean;
  getParents(hash: BlockHash): readonly BlockHash[];
  getChildren(hash: BlockHash): readonly BlockHash[];
}

export interface RelationsStore extends RelationsStoreReader {
  /** Adds a block and registers it as a child of each of its parents (all must exist). */
  insert(hash: BlockHash, parents: readonly BlockHash[]): void;
  /** Number of blocks stored. */
  readonly size: number;
}

interface RelationsRecord {
  parents: BlockHash[];
  children: BlockHash[];
}

export class MemoryRelationsStore implements RelationsStore, PersistableStore {
  readonly kind = "relations";
  private readonly records = new Map<BlockHash, RelationsRecord>();

  constructor(private readonly journal?: StoreJournal) {}

  get size(): number {
    return this.records.size;
  }

  has(hash: BlockHash): boolean {
    return this.records.has(hash);
  }

  getParents(hash: BlockHash): readonly BlockHash[] {
    return this.record(hash).parents;
  }

  getChildren(hash: BlockHash): readonly BlockHash[] {
    return this.record(hash).children;
  }

  insert(hash: BlockHash, parents: readonly BlockHash[]): void {
    if (this.records.has(hash)) throw new ConsensusError("DuplicateBlock", `block ${hash} is already stored`);
    const parentRecords = parents.map((parent) => this.record(parent));
    this.records.set(hash, { parents: [...parents], children: [] });
    this.journal?.recordChanged(this.kind, hash);
    parentRecords.forEach((record, i) => {
      record.children.push(hash);
      this.journal?.recordChanged(this.kind, parents[i]);
    });
  }

  exportRecord(key: string): unknown {
    return this.records.get(key as BlockHash);
  }

  importRecord(key: string, record: unknown): void {
    const { parents, children } = record as RelationsRecord;
    this.records.set(key as BlockHash, { parents, children });
  }

  private record(hash: BlockHash): RelationsRecord {
    const record = this.records.get(hash);
    if (record === undefined) throw new ConsensusError("MissingBlock", `unknown block ${hash}`);
    return record;
  }
}
