import { RLP } from "@ethereumjs/rlp";
import { MerkleStateManager } from "@ethereumjs/statemanager";
import { unpadBytes, type Address } from "@ethereumjs/util";

/**
 * A MerkleStateManager whose storage writes stay in its cache until `flush`, as its design
 * intends. In @ethereumjs/statemanager 10.1.3, `putStorage` reads
 * `cache.put(...) ?? await writeToTrie(...)`, and the cache's `put` returns undefined, so every
 * SSTORE also went straight into the storage trie and LevelDB — the main cost of contract-heavy
 * blocks (bench:rpc). `flush` (run by `getStateRoot`) writes the cached slots, so roots are the same.
 */
export class CachedMerkleStateManager extends MerkleStateManager {
  override async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const storage = this._caches?.storage;
    if (storage === undefined) return super.putStorage(address, key, value);
    if (key.length !== 32) throw new Error("Storage key must be 32 bytes long");
    if (value.length > 32) throw new Error("Storage value cannot be longer than 32 bytes");
    if ((await this.getAccount(address)) === undefined) throw new Error("putStorage() called on non-existing account");
    storage.put(address, key, RLP.encode(unpadBytes(value)));
  }
}
