import { bytesToHex, concatBytes, hexToBytes } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { BlockHash } from "../consensus/hash.js";

/**
 * PREVRANDAO of a block: keccak256 of its parents' hashes. Deterministic from the header, so every
 * node computes the same; it is not unpredictable (a proposer chooses its parents) until the
 * consensus VRF replaces it.
 */
export function prevRandaoOf(parents: readonly BlockHash[]): `0x${string}` {
  return bytesToHex(keccak_256(concatBytes(...parents.map((parent) => hexToBytes(parent))))) as `0x${string}`;
}
