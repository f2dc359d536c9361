import { createMPT } from "@ethereumjs/mpt";
import { bytesToHex, KeyEncoding, ValueEncoding } from "@ethereumjs/util";
import { expect } from "chai";
import { ClassicLevel } from "classic-level";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NodeCache, TrieDb, type TrieLevel } from "../../../node/storage/trie-db.js";

const bytes = { keyEncoding: KeyEncoding.String, valueEncoding: ValueEncoding.Bytes };

describe("TrieDb", function () {
  let dir: string;
  let db: ClassicLevel<string, string>;
  let level: TrieLevel;

  beforeEach(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "citrate-trie-db-"));
    db = new ClassicLevel<string, string>(dir);
    await db.open();
    level = db.sublevel<string | Uint8Array, string | Uint8Array>("state", { keyEncoding: "view", valueEncoding: "view" }) as unknown as TrieLevel;
  });

  afterEach(async function () {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads back what it wrote, through the cache and from LevelDB alone", async function () {
    const trieDb = new TrieDb(level);
    await trieDb.put("aa", Uint8Array.of(1, 2), bytes);
    await trieDb.batch([
      { type: "put", key: "bb", value: Uint8Array.of(3), opts: bytes },
      { type: "put", key: "cc", value: "text", opts: { keyEncoding: KeyEncoding.String, valueEncoding: ValueEncoding.String } },
    ]);
    expect(await trieDb.get("aa", bytes)).to.deep.equal(Uint8Array.of(1, 2));
    expect(await trieDb.get("bb", bytes)).to.deep.equal(Uint8Array.of(3));
    expect(await trieDb.get("cc")).to.equal("text");
    expect(await trieDb.get("dd", bytes)).to.equal(undefined);

    const uncached = new TrieDb(level, 0);
    expect(await uncached.get("aa", bytes)).to.deep.equal(Uint8Array.of(1, 2));
    expect(await uncached.get("cc")).to.equal("text");
  });

  it("forgets a deleted key in the cache too", async function () {
    const trieDb = new TrieDb(level);
    await trieDb.put("aa", Uint8Array.of(1), bytes);
    expect(await trieDb.get("aa", bytes)).to.deep.equal(Uint8Array.of(1));
    await trieDb.del("aa", bytes);
    expect(await trieDb.get("aa", bytes)).to.equal(undefined);
    await trieDb.put("bb", Uint8Array.of(2), bytes);
    await trieDb.batch([{ type: "del", key: "bb", opts: bytes }]);
    expect(await trieDb.get("bb", bytes)).to.equal(undefined);
  });

  it("shares its cache with its shallow copies", async function () {
    const cache = new NodeCache(1 << 20);
    const trieDb = new TrieDb(level, cache);
    await (trieDb.shallowCopy() as TrieDb).put("aa", Uint8Array.of(7), bytes);
    expect(cache.size).to.equal(1);
    expect(await trieDb.get("aa", bytes)).to.deep.equal(Uint8Array.of(7));
  });

  it("stays within its byte budget, evicting the least recently used entries", function () {
    const cache = new NodeCache(1000);
    for (let i = 0; i < 100; i++) cache.set(`key-${i}`, new Uint8Array(100));
    expect(cache.size).to.be.greaterThan(0).and.lessThan(10);
    expect(cache.get("key-99")).to.not.equal(undefined);
    expect(cache.get("key-0")).to.equal(undefined);
    expect(() => new NodeCache(-1)).to.throw(RangeError);
  });

  it("gives a state trie the same root and values whatever the cache holds", async function () {
    const roots: string[] = [];
    for (const cacheBytes of [0, 4096, 1 << 24]) {
      const trie = await createMPT({ db: new TrieDb(level, cacheBytes), useKeyHashing: true, valueEncoding: ValueEncoding.Bytes });
      for (let i = 0; i < 300; i++) await trie.put(Uint8Array.of(i >> 8, i & 0xff), new Uint8Array(40).fill(i & 0xff));
      roots.push(bytesToHex(trie.root()));
      // Read back through a fresh trie on the same root: every node comes from the store.
      const reopened = await createMPT({ db: new TrieDb(level, cacheBytes), root: trie.root(), useKeyHashing: true, valueEncoding: ValueEncoding.Bytes });
      for (let i = 0; i < 300; i += 37) expect(await reopened.get(Uint8Array.of(i >> 8, i & 0xff))).to.deep.equal(new Uint8Array(40).fill(i & 0xff));
    }
    expect(new Set(roots).size).to.equal(1);
  });
});
