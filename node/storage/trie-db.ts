import type { BatchDBOp, DB, EncodingOpts } from "@ethereumjs/util";
import { KeyEncoding, ValueEncoding } from "@ethereumjs/util";

type TrieKey = string | Uint8Array;
type TrieValue = string | Uint8Array;
type LevelEncoding = { keyEncoding: "utf8" | "view"; valueEncoding: "utf8" | "view" | "json" };

/**
 * The part of an abstract-level database (or sublevel) the trie uses, with per-call encodings:
 * the trie stores both string and byte keys and values.
 */
export interface TrieLevel {
  get(key: TrieKey, options: LevelEncoding): Promise<unknown>;
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

/**
 * The state trie's node store: the `DB` interface of @ethereumjs/mpt over a LevelDB sublevel.
 * Trie nodes are content-addressed, so every block's post-state stays readable by its root.
 */
export class TrieDb implements DB<TrieKey, TrieValue> {
  constructor(private readonly level: TrieLevel) {}

  async get(key: TrieKey, opts?: EncodingOpts): Promise<TrieValue | undefined> {
    return (await this.level.get(key, levelEncoding(opts))) as TrieValue | undefined;
  }

  async put(key: TrieKey, value: TrieValue, opts?: EncodingOpts): Promise<void> {
    await this.level.put(key, value, levelEncoding(opts));
  }

  async del(key: TrieKey, opts?: EncodingOpts): Promise<void> {
    await this.level.del(key, levelEncoding(opts));
  }

  async batch(ops: BatchDBOp<TrieKey, TrieValue>[]): Promise<void> {
    const batch = this.level.batch();
    for (const op of ops) {
      if (op.type === "put") batch.put(op.key, op.value, levelEncoding(op.opts));
      else batch.del(op.key, levelEncoding(op.opts));
    }
    await batch.write();
  }

  shallowCopy(): DB<TrieKey, TrieValue> {
    return new TrieDb(this.level);
  }

  open(): Promise<void> {
    return Promise.resolve();
  }
}
