/**
 * The MODEL precompile's state, in its own account storage (32-byte words).
 *
 * Per model, at `keccak256(modelHash ‖ uint256(field))`:
 * - field 0 `OWNER`: the owner's address, right-aligned; non-zero iff the model is registered.
 * - field 1 `META`: bytes 0..7 block number of registration, 8..15 MACs of one inference with dynamic
 *   dimensions set to 1, 16..17 CID length in bytes, byte 31 flags (bit 0: validated); all big-endian.
 * - field 2 `SUCCESSOR`: the hash that replaced this model through `updateModel` (zero if none).
 * - field 3 `PREDECESSOR`: the hash this model replaced (zero if none).
 * - fields 16 + i: the CID's UTF-8 bytes, 32 per word, the last word zero-padded.
 *
 * Registration order, for listing: `keccak256("citrate.model.count")` holds the count n, and
 * `keccak256("citrate.model.list" ‖ uint256(i))` the i-th model hash (i < n). Preimages of the three
 * kinds differ in length (64, 19 and 50 bytes), so their slots cannot collide.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { PrecompileStorage, Word } from "../evm/precompile.js";

export const FIELD_OWNER = 0n;
export const FIELD_META = 1n;
export const FIELD_SUCCESSOR = 2n;
export const FIELD_PREDECESSOR = 3n;
export const FIELD_CID = 16n;

/** Longest CID stored (bytes of its string form). */
export const MAX_CID_LENGTH = 128;

const FLAG_VALIDATED = 1;
const ZERO_HASH = `0x${"00".repeat(32)}` as const;

/** A registered model's record. */
export interface ModelRecord {
  readonly modelHash: `0x${string}`;
  readonly owner: `0x${string}`;
  readonly cid: string;
  readonly registeredAt: bigint;
  readonly macs: bigint;
  readonly validated: boolean;
  readonly successor?: `0x${string}`;
  readonly predecessor?: `0x${string}`;
}

export function modelSlot(modelHash: `0x${string}`, field: bigint): Word {
  const preimage = new Uint8Array(64);
  preimage.set(hexBytes(modelHash), 0);
  preimage.set(uintWord(field), 32);
  return keccak_256(preimage);
}

export const COUNT_SLOT: Word = keccak_256(new TextEncoder().encode("citrate.model.count"));

export function listSlot(index: bigint): Word {
  const tag = new TextEncoder().encode("citrate.model.list");
  const preimage = new Uint8Array(tag.length + 32);
  preimage.set(tag, 0);
  preimage.set(uintWord(index), tag.length);
  return keccak_256(preimage);
}

/** Reads and writes model records in the precompile's storage. */
export class ModelStorage {
  constructor(private readonly storage: PrecompileStorage) {}

  async exists(modelHash: `0x${string}`): Promise<boolean> {
    return !isZero(await this.storage.get(modelSlot(modelHash, FIELD_OWNER)));
  }

  async read(modelHash: `0x${string}`): Promise<ModelRecord | undefined> {
    const ownerWord = await this.storage.get(modelSlot(modelHash, FIELD_OWNER));
    if (isZero(ownerWord)) return undefined;
    const meta = await this.storage.get(modelSlot(modelHash, FIELD_META));
    const view = new DataView(meta.buffer, meta.byteOffset, 32);
    const cidLength = view.getUint16(16);
    const cidBytes = new Uint8Array(cidLength);
    for (let i = 0; i * 32 < cidLength; i++) {
      const word = await this.storage.get(modelSlot(modelHash, FIELD_CID + BigInt(i)));
      cidBytes.set(word.subarray(0, Math.min(32, cidLength - i * 32)), i * 32);
    }
    const successor = hexOf(await this.storage.get(modelSlot(modelHash, FIELD_SUCCESSOR)));
    const predecessor = hexOf(await this.storage.get(modelSlot(modelHash, FIELD_PREDECESSOR)));
    return {
      modelHash,
      owner: `0x${Buffer.from(ownerWord.subarray(12)).toString("hex")}`,
      cid: new TextDecoder().decode(cidBytes),
      registeredAt: view.getBigUint64(0),
      macs: view.getBigUint64(8),
      validated: (meta[31] & FLAG_VALIDATED) !== 0,
      ...(successor === ZERO_HASH ? {} : { successor }),
      ...(predecessor === ZERO_HASH ? {} : { predecessor }),
    };
  }

  /** Stores a new record and appends it to the registration list. */
  async create(record: ModelRecord): Promise<void> {
    const cidBytes = new TextEncoder().encode(record.cid);
    if (cidBytes.length > MAX_CID_LENGTH) throw new RangeError(`CID is ${cidBytes.length} bytes, the limit is ${MAX_CID_LENGTH}`);
    const ownerWord = new Uint8Array(32);
    ownerWord.set(hexBytes(record.owner), 12);
    await this.storage.put(modelSlot(record.modelHash, FIELD_OWNER), ownerWord);
    const meta = new Uint8Array(32);
    const view = new DataView(meta.buffer);
    view.setBigUint64(0, record.registeredAt);
    view.setBigUint64(8, record.macs);
    view.setUint16(16, cidBytes.length);
    meta[31] = record.validated ? FLAG_VALIDATED : 0;
    await this.storage.put(modelSlot(record.modelHash, FIELD_META), meta);
    for (let i = 0; i * 32 < cidBytes.length; i++) {
      const word = new Uint8Array(32);
      word.set(cidBytes.subarray(i * 32, i * 32 + 32));
      await this.storage.put(modelSlot(record.modelHash, FIELD_CID + BigInt(i)), word);
    }
    if (record.predecessor !== undefined) await this.storage.put(modelSlot(record.modelHash, FIELD_PREDECESSOR), hexBytes(record.predecessor));
    const count = await this.count();
    await this.storage.put(listSlot(count), hexBytes(record.modelHash));
    await this.storage.put(COUNT_SLOT, uintWord(count + 1n));
  }

  async setSuccessor(modelHash: `0x${string}`, successor: `0x${string}`): Promise<void> {
    await this.storage.put(modelSlot(modelHash, FIELD_SUCCESSOR), hexBytes(successor));
  }

  async count(): Promise<bigint> {
    return BigInt(hexOf(await this.storage.get(COUNT_SLOT)));
  }

  /** Model hashes in registration order. */
  async hashes(): Promise<`0x${string}`[]> {
    const count = await this.count();
    const hashes: `0x${string}`[] = [];
    for (let i = 0n; i < count; i++) hashes.push(hexOf(await this.storage.get(listSlot(i))));
    return hashes;
  }
}

function uintWord(value: bigint): Uint8Array {
  return hexBytes(`0x${value.toString(16).padStart(64, "0")}`);
}

function hexBytes(hex: `0x${string}`): Uint8Array {
  return new Uint8Array(Buffer.from(hex.slice(2), "hex"));
}

function hexOf(word: Word): `0x${string}` {
  return `0x${Buffer.from(word).toString("hex")}`;
}

function isZero(word: Word): boolean {
  return word.every((b) => b === 0);
}
