/**
 * How in-memory consensus stores report their changes to a persistence layer.
 *
 * The consensus algorithms mutate fast synchronous stores; a persistent backend (LevelDB in
 * `node/storage/`) listens here, and after each block writes every changed record in one atomic
 * batch. Memory-only use passes no journal.
 */
export type StoreKind = "relations" | "ghostdag" | "reachability" | "chain" | "tips" | "meta";

export interface StoreJournal {
  /** The record `key` of store `kind` changed or was deleted. */
  recordChanged(kind: StoreKind, key: string): void;
}

/** A store whose records can be written out and read back one at a time, as JSON values. */
export interface PersistableStore {
  readonly kind: StoreKind;
  /** The record's current JSON value, or undefined when it no longer exists. */
  exportRecord(key: string): unknown;
  /** Loads a record previously exported, when the store is reopened. */
  importRecord(key: string, record: unknown): void;
}
