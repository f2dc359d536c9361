/**
 * The ARTIFACT precompile's storage, laid out as a Solidity contract with these declarations would
 * store it (so `eth_getStorageAt` readers can compute slots the usual way):
 *
 *   struct Request { address requester; uint32 replicas; uint32 confirmed; uint32 generation; }
 *   mapping(bytes32 cidHash => Request) requests;                                          // slot 0
 *   mapping(bytes32 cidHash => mapping(uint32 generation => mapping(address => bool))) confirmations; // slot 1
 *
 * `requests[cidHash]` is one word: requester in the low 20 bytes, then replicas, confirmed and
 * generation (4 bytes each, big-endian words: generation in bytes 0..3, confirmed 4..7, replicas 8..11).
 * `requester == 0` means no active request. `unpin` clears requester, replicas and confirmed but keeps
 * the generation; `pin` starts generation + 1, so confirmations of an earlier request cannot carry
 * over without iterating over providers.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import type { PrecompileStorage, Word } from "../evm/precompile.js";

/** One pin request (`requester` is lower-case hex; the zero address means none). */
export interface PinRequest {
  readonly requester: `0x${string}`;
  readonly replicas: number;
  readonly confirmed: number;
  readonly generation: number;
}

export const NO_REQUESTER = "0x0000000000000000000000000000000000000000" as const;
const REQUESTS_SLOT = 0n;
const CONFIRMATIONS_SLOT = 1n;

/** `keccak256(key ‖ slot)`: the slot of `mapping[key]` for a mapping at `slot`. */
function mappingSlot(key: Word, slot: Word): Word {
  const preimage = new Uint8Array(64);
  preimage.set(key, 0);
  preimage.set(slot, 32);
  return keccak_256(preimage);
}

function uint256(value: bigint): Word {
  const word = new Uint8Array(32);
  let rest = value;
  for (let i = 31; i >= 0 && rest > 0n; i--) {
    word[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return word;
}

function addressWord(address: `0x${string}`): Word {
  const word = new Uint8Array(32);
  word.set(hexToBytes(address), 12);
  return word;
}

export function requestSlot(cidHash: Word): Word {
  return mappingSlot(cidHash, uint256(REQUESTS_SLOT));
}

export function confirmationSlot(cidHash: Word, generation: number, provider: `0x${string}`): Word {
  const perCid = mappingSlot(cidHash, uint256(CONFIRMATIONS_SLOT));
  const perGeneration = mappingSlot(uint256(BigInt(generation)), perCid);
  return mappingSlot(addressWord(provider), perGeneration);
}

export function encodeRequest(request: PinRequest): Word {
  const word = addressWord(request.requester);
  const view = new DataView(word.buffer);
  view.setUint32(0, request.generation);
  view.setUint32(4, request.confirmed);
  view.setUint32(8, request.replicas);
  return word;
}

export function decodeRequest(word: Word): PinRequest {
  const view = new DataView(word.buffer, word.byteOffset, 32);
  const requester = bytesToHex(word.subarray(12)) as `0x${string}`;
  return { requester, replicas: view.getUint32(8), confirmed: view.getUint32(4), generation: view.getUint32(0) };
}

/** Typed access to the precompile's storage. */
export class ArtifactStore {
  constructor(private readonly storage: PrecompileStorage) {}

  async request(cidHash: Word): Promise<PinRequest> {
    return decodeRequest(await this.storage.get(requestSlot(cidHash)));
  }

  async putRequest(cidHash: Word, request: PinRequest): Promise<void> {
    await this.storage.put(requestSlot(cidHash), encodeRequest(request));
  }

  async hasConfirmed(cidHash: Word, generation: number, provider: `0x${string}`): Promise<boolean> {
    const word = await this.storage.get(confirmationSlot(cidHash, generation, provider));
    return word[31] === 1;
  }

  async putConfirmed(cidHash: Word, generation: number, provider: `0x${string}`): Promise<void> {
    await this.storage.put(confirmationSlot(cidHash, generation, provider), uint256(1n));
  }
}
