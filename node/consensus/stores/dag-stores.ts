import { MemoryGhostdagStore } from "./ghostdag-store.js";
import { JournaledReachabilityStore } from "./journaled-reachability-store.js";
import { MetaStore } from "./meta-store.js";
import { MemoryRelationsStore } from "./relations-store.js";
import { SelectedChainStore } from "./selected-chain-store.js";
import type { PersistableStore, StoreJournal } from "./store-journal.js";
import { TipsStore } from "./tips-store.js";

/** Everything the DAG processor reads and writes. */
export interface DagStores {
  readonly relations: MemoryRelationsStore;
  readonly ghostdag: MemoryGhostdagStore;
  readonly reachability: JournaledReachabilityStore;
  readonly selectedChain: SelectedChainStore;
  readonly tips: TipsStore;
  readonly meta: MetaStore;
}

/** Fresh in-memory stores; with a journal, every change is reported for persistence. */
export function createDagStores(journal?: StoreJournal): DagStores {
  return {
    relations: new MemoryRelationsStore(journal),
    ghostdag: new MemoryGhostdagStore(journal),
    reachability: new JournaledReachabilityStore(journal),
    selectedChain: new SelectedChainStore(journal),
    tips: new TipsStore(journal),
    meta: new MetaStore(journal),
  };
}

/** The stores as a list, for a persistence layer that handles them all alike. */
export function persistableStores(stores: DagStores): PersistableStore[] {
  return [stores.relations, stores.ghostdag, stores.reachability, stores.selectedChain, stores.tips, stores.meta];
}
