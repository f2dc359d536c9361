import type { PersistableStore, StoreJournal } from "./store-journal.js";

/** Small named values fixed when a DAG store is created (genesis, k, maxParents). */
export class MetaStore implements PersistableStore {
  readonly kind = "meta";
  private readonly values = new Map<string, string>();

  constructor(private readonly journal?: StoreJournal) {}

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
    this.journal?.recordChanged(this.kind, key);
  }

  exportRecord(key: string): unknown {
    return this.values.get(key);
  }

  importRecord(key: string, record: unknown): void {
    this.values.set(key, record as string);
  }
}
