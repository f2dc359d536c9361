import { ClassicLevel } from "classic-level";
import { ConsensusError } from "../consensus/consensus-error.js";
import { BlockDag, type AddedBlock, type BlockDagParams } from "../consensus/block-dag.js";
import type { BlockHash } from "../consensus/hash.js";
import { createDagStores, persistableStores } from "../consensus/stores/dag-stores.js";
import { rewoundDag } from "./dag-rewind.js";
import type { PersistableStore, StoreJournal, StoreKind } from "../consensus/stores/store-journal.js";

/** The DAG store failed in a way that leaves memory and disk apart; reopen it to recover. */
export class DagStoreFailedError extends Error {
  override readonly name = "DagStoreFailedError";
}

const SEPARATOR = "/";

/** Blocks added while a write is in flight, past which `addBlock` waits for the disk. */
const MAX_UNWRITTEN_BLOCKS = 4096;

/**
 * The block DAG persisted in LevelDB (classic-level).
 *
 * Records live in memory for GHOSTDAG's synchronous reads and are all loaded at open. Writes never
 * split a block: the changes of each block (relations, GHOSTDAG data, reachability intervals, tips,
 * selected chain) go into one atomic batch, together with those of the blocks added while the
 * previous batch was being written. The next blocks are computed while the disk works, and a
 * process killed at any moment reopens with an exact prefix of the blocks it was given.
 */
export class LevelDagStore implements StoreJournal {
  private readonly changed = new Map<string, { store: PersistableStore; key: string }>();
  private readonly byKind = new Map<StoreKind, PersistableStore>();
  private failure: Error | undefined;
  private dagInstance: BlockDag | undefined;
  private writing: Promise<void> | undefined;
  private unwrittenBlocks = 0;
  private changeCount = 0;
  /** Set while `rewind` rebuilds the DAG: no block may be added meanwhile. */
  private rewinding = false;

  private constructor(private readonly db: ClassicLevel<string, unknown>) {}

  /** Opens (creating if needed) the DAG database at `location`. */
  static async open(location: string, params: BlockDagParams): Promise<LevelDagStore> {
    const db = new ClassicLevel<string, unknown>(location, { keyEncoding: "utf8", valueEncoding: "json" });
    await db.open();
    const store = new LevelDagStore(db);
    try {
      await store.load(params);
    } catch (error) {
      await db.close();
      throw error;
    }
    return store;
  }

  /** The in-memory DAG; read from it freely, but add blocks through `addBlock`. */
  get dag(): BlockDag {
    return this.dagInstance as BlockDag;
  }

  /**
   * Adds a block and queues its changes for writing; it is on disk once `flush()` resolves. Waits
   * only when too many blocks are queued behind a slow disk.
   */
  async addBlock(hash: BlockHash, parents: readonly BlockHash[]): Promise<AddedBlock> {
    this.assertHealthy();
    if (this.rewinding) throw new DagStoreFailedError("cannot add a block while the DAG is being rewound");
    let added: AddedBlock;
    const changesBefore = this.changeCount;
    try {
      added = this.dag.addBlock(hash, parents);
    } catch (error) {
      // Rules are checked before anything changes; changes here mean the DAG broke half-way.
      if (this.changeCount !== changesBefore) this.fail(error as Error);
      throw error;
    }
    this.unwrittenBlocks++;
    this.startWriting();
    if (this.unwrittenBlocks >= MAX_UNWRITTEN_BLOCKS) await this.writing;
    return added;
  }

  /**
   * Drops every block outside `past(tips) ∪ tips` (a dev chain's evm_revert): the kept blocks are
   * replayed into fresh stores (`rewoundDag`), and the database is rewritten in ONE atomic batch
   * that deletes the old records and writes the new ones, so a crash at any moment reopens either
   * the DAG as it was or the rewound one, never a mix. The caller adds no block until it resolves.
   */
  async rewind(tips: readonly BlockHash[]): Promise<void> {
    this.assertHealthy();
    if (this.rewinding) throw new DagStoreFailedError("a rewind is already running");
    this.rewinding = true;
    try {
      await this.flush();
      const oldKinds = [...this.byKind.values()];
      const stores = createDagStores(this);
      // recordChanged looks stores up by kind: point it at the new ones while they are filled.
      for (const store of persistableStores(stores)) this.byKind.set(store.kind, store);
      let dag: BlockDag;
      try {
        dag = rewoundDag(this.dag, tips, stores);
        const batch = this.db.batch();
        for await (const dbKey of this.db.keys()) {
          if (!this.changed.has(dbKey)) batch.del(dbKey);
        }
        for (const [dbKey, { store, key }] of this.changed) batch.put(dbKey, store.exportRecord(key));
        await batch.write();
      } catch (error) {
        for (const store of oldKinds) this.byKind.set(store.kind, store);
        throw error instanceof ConsensusError ? error : new DagStoreFailedError(`rewinding the DAG failed; the database is unchanged: ${(error as Error).message}`, { cause: error });
      } finally {
        this.changed.clear();
        this.unwrittenBlocks = 0;
      }
      this.dagInstance = dag;
    } finally {
      this.rewinding = false;
    }
  }

  /** Resolves once every block added so far is on disk; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
    this.assertHealthy();
  }

  /** Flushes and closes the database. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.db.close();
    }
  }

  recordChanged(kind: StoreKind, key: string): void {
    this.changeCount++;
    const store = this.byKind.get(kind) as PersistableStore;
    this.changed.set(kind + SEPARATOR + key, { store, key });
  }

  private async load(params: BlockDagParams): Promise<void> {
    const stores = createDagStores(this);
    for (const store of persistableStores(stores)) this.byKind.set(store.kind, store);
    for await (const [dbKey, value] of this.db.iterator()) {
      const split = dbKey.indexOf(SEPARATOR);
      const store = this.byKind.get(dbKey.slice(0, split) as StoreKind);
      if (store === undefined) throw new DagStoreFailedError(`unexpected key "${dbKey}" in the DAG database`);
      store.importRecord(dbKey.slice(split + 1), value);
    }
    const dangling = stores.reachability.danglingReferences();
    if (dangling.length > 0) {
      throw new DagStoreFailedError(`the DAG database is corrupt: reachability data refers to missing blocks ${dangling.slice(0, 3).join(", ")}`);
    }
    this.dagInstance = new BlockDag(params, stores);
    this.startWriting();
    await this.flush();
  }

  private startWriting(): void {
    this.writing ??= this.writeQueued().finally(() => {
      this.writing = undefined;
    });
  }

  /** Writes batches until nothing is left; each batch holds the whole blocks added before it was cut. */
  private async writeQueued(): Promise<void> {
    while (this.changed.size > 0 && this.failure === undefined) {
      const batch = this.db.batch();
      for (const [dbKey, { store, key }] of this.changed) {
        const record = store.exportRecord(key);
        if (record === undefined) batch.del(dbKey);
        else batch.put(dbKey, record);
      }
      this.changed.clear();
      this.unwrittenBlocks = 0;
      try {
        await batch.write();
      } catch (error) {
        this.fail(error as Error);
      }
    }
  }

  private fail(cause: Error): void {
    this.changed.clear();
    this.failure ??= new DagStoreFailedError(`DAG store is inconsistent after: ${cause.message}; reopen it`, { cause });
  }

  private assertHealthy(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
