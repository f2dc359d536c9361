import type { BatchDBOp, DB, EncodingOpts } from "@ethereumjs/util";
import { bytesToUnprefixedHex, KeyEncoding, ValueEncoding } from "@ethereumjs/util";

type TrieKey = string | Uint8Array;
type TrieValue = string | Uint8Array;
type LevelEncoding = { keyEncoding: "utf8" | "view"; valueEncoding: "utf8" | "view" | "json" };

/**
 * The part of an abstract-level database (or sublevel) the trie uses, with per-call encodings:
 * the trie stores both string and byte keys and values.
 */
export interface TrieLevel {
  getSync(key: TrieKey, options: LevelEncoding): unknown;
  put(key: TrieKey, value: TrieValue, options: LevelEncoding): Promise<void>;
  del(key: TrieKey, options: LevelEncoding): Promise<void>;
  batch(): {
    put(key: TrieKey, value: TrieValue, options: LevelEncoding): unknown;
    del(key: TrieKey, options: LevelEncoding): unknown;
    write(): Promise<void>;
  };
}

/** ethereumjs names its encodings; abstract-level has its own names for the same ones. */
function levelEncoding(opts: EncodingOpts = {}): LevelEncoding {
  return {
    keyEncoding: opts.keyEncoding === KeyEncoding.Bytes ? "view" : "utf8",
    valueEncoding:
      opts.valueEncoding === ValueEncoding.Bytes ? "view" : opts.valueEncoding === ValueEncoding.JSON ? "json" : "utf8",
  };
}

/** How many bytes of trie nodes `TrieDb` keeps in memory by default. */
export const DEFAULT_TRIE_CACHE_BYTES = 64 * 1024 * 1024;

/** A cached entry's bookkeeping beyond its key and value bytes (Map slot, object headers). */
const ENTRY_OVERHEAD_BYTES = 96;

/**
 * The state trie's node store: the `DB` interface of @ethereumjs/mpt over a LevelDB sublevel.
 * Trie nodes are content-addressed, so every block's post-state stays readable by its root.
 *
 * Every block opens a fresh trie on its parent's root, and the mempool one on each head, so the
 * same upper nodes are read again and again: an LRU cache (64 MiB by default) keeps recently read
 * and written nodes in memory (a key always maps to the same value, so entries never go stale;
 * `del` drops its key). Misses read LevelDB synchronously: a node read is a few microseconds from
 * LevelDB's own cache, far less than a round trip through the thread pool.
 */
export class TrieDb implements DB<TrieKey, TrieValue> {
  private readonly cache: NodeCache;

  constructor(
    private readonly level: TrieLevel,
    cache: NodeCache | number = DEFAULT_TRIE_CACHE_BYTES,
  ) {
    this.cache = typeof cache === "number" ? new NodeCache(cache) : cache;
  }

  get(key: TrieKey, opts?: EncodingOpts): Promise<TrieValue | undefined> {
    const encoding = levelEncoding(opts);
    const id = cacheKey(key, encoding.valueEncoding);
    const cached = this.cache.get(id);
    if (cached !== undefined) return Promise.resolve(cached);
    try {
      const value = this.level.getSync(key, encoding) as TrieValue | undefined;
      if (value !== undefined) this.cache.set(id, value);
      return Promise.resolve(value);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async put(key: TrieKey, value: TrieValue, opts?: EncodingOpts): Promise<void> {
    const encoding = levelEncoding(opts);
    this.cache.set(cacheKey(key, encoding.valueEncoding), value);
    await this.level.put(key, value, encoding);
  }

  async del(key: TrieKey, opts?: EncodingOpts): Promise<void> {
    this.forget(key);
    await this.level.del(key, levelEncoding(opts));
  }

  async batch(ops: BatchDBOp<TrieKey, TrieValue>[]): Promise<void> {
    const batch = this.level.batch();
    for (const op of ops) {
      const encoding = levelEncoding(op.opts);
      if (op.type === "put") {
        this.cache.set(cacheKey(op.key, encoding.valueEncoding), op.value);
        batch.put(op.key, op.value, encoding);
      } else {
        this.forget(op.key);
        batch.del(op.key, encoding);
      }
    }
    await batch.write();
  }

  /** A second handle on the same database, sharing the cache. */
  shallowCopy(): DB<TrieKey, TrieValue> {
    return new TrieDb(this.level, this.cache);
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  /** Drops a key under every value encoding it may have been cached with. */
  private forget(key: TrieKey): void {
    for (const valueEncoding of VALUE_ENCODINGS) this.cache.delete(cacheKey(key, valueEncoding));
  }
}

/** A least-recently-used map of trie entries, bounded by an estimate of the bytes it holds. */
export class NodeCache {
  private readonly entries = new Map<string, TrieValue>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`NodeCache: maxBytes must be a non-negative integer, got ${maxBytes}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): TrieValue | undefined {
    const value = this.entries.get(id);
    if (value !== undefined) {
      // Move it to the most recently used end.
      this.entries.delete(id);
      this.entries.set(id, value);
    }
    return value;
  }

  set(id: string, value: TrieValue): void {
    this.delete(id);
    this.entries.set(id, value);
    this.bytes += entryBytes(id, value);
    while (this.bytes > this.maxBytes && this.entries.size > 0) {
      const [oldest] = this.entries.keys();
      this.delete(oldest);
    }
  }

  delete(id: string): void {
    const previous = this.entries.get(id);
    if (previous === undefined) return;
    this.entries.delete(id);
    this.bytes -= entryBytes(id, previous);
  }
}

type ValueEncodingName = LevelEncoding["valueEncoding"];
const VALUE_ENCODINGS: readonly ValueEncodingName[] = ["utf8", "view", "json"];

/**
 * The value's encoding is part of the key (the same entry comes back as a string or as bytes), and
 * so is the key's type (a string key and a byte key are different LevelDB keys).
 */
function cacheKey(key: TrieKey, valueEncoding: ValueEncodingName): string {
  return typeof key === "string" ? `${valueEncoding}:s:${key}` : `${valueEncoding}:b:${bytesToUnprefixedHex(key)}`;
}

function entryBytes(id: string, value: TrieValue): number {
  return 2 * id.length + (typeof value === "string" ? 2 * value.length : value.length) + ENTRY_OVERHEAD_BYTES;
}
