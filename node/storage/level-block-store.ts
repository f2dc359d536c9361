import type { Common } from "@ethereumjs/common";
import { ClassicLevel } from "classic-level";
import type { BlockHash } from "../consensus/hash.js";
import type { BlockStore, StoredBlock } from "../execution/block-store.js";
import { decodeStoredBlock, encodeStoredBlock } from "../execution/stored-block-codec.js";
import { TrieDb, type TrieLevel } from "./trie-db.js";

/** Decoded blocks kept in memory: recent blocks are read again and again while building on them. */
const CACHE_SIZE = 1024;

/**
 * The chain database: verified blocks (headers, bodies, receipts) and the state trie, in one
 * LevelDB. A block is written before it joins the DAG (whose own store decides what exists), so a
 * crash between the two leaves at most an unreferenced block behind, never a reference to nothing.
 */
export class LevelBlockStore implements BlockStore {
  private readonly cache = new Map<BlockHash, StoredBlock>();

  private constructor(
    private readonly db: ClassicLevel<string, string>,
    private readonly common: Common,
    /** The state trie's nodes, in the same database. */
    readonly trieDb: TrieDb,
  ) {}

  static async open(location: string, common: Common): Promise<LevelBlockStore> {
    const db = new ClassicLevel<string, string>(location, { keyEncoding: "utf8", valueEncoding: "utf8" });
    await db.open();
    const state = db.sublevel<string | Uint8Array, string | Uint8Array>("state", { keyEncoding: "view", valueEncoding: "view" });
    return new LevelBlockStore(db, common, new TrieDb(state as unknown as TrieLevel));
  }

  get(hash: BlockHash): StoredBlock | undefined {
    const cached = this.cache.get(hash);
    if (cached !== undefined) return cached;
    const json = this.db.getSync(`block/${hash}`);
    if (json === undefined) return undefined;
    const block = decodeStoredBlock(hash, json, this.common);
    this.remember(block);
    return block;
  }

  async put(block: StoredBlock): Promise<void> {
    await this.db.put(`block/${block.hash}`, encodeStoredBlock(block));
    this.remember(block);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private remember(block: StoredBlock): void {
    this.cache.delete(block.hash);
    this.cache.set(block.hash, block);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as BlockHash);
  }
}
