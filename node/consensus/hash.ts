/**
 * A block hash: 32 bytes as a lower-case, 0x-prefixed hex string.
 *
 * Lower-case hex of fixed width orders exactly like the raw bytes, so hashes compare with `<` as
 * Kaspa compares its byte arrays (tie-breaks in selected-parent choice and mergeset order).
 */
export type BlockHash = `0x${string}`;

const HASH_PATTERN = /^0x[0-9a-f]{64}$/;

export function isBlockHash(value: string): value is BlockHash {
  return HASH_PATTERN.test(value);
}

/** Orders two hashes as their bytes: negative, zero or positive. */
export function compareHashes(a: BlockHash, b: BlockHash): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The kaspad test-vector convention: an id's UTF-8 bytes, zero-padded on the right to 32 bytes.
 * Ids longer than 32 bytes cannot be represented and are refused.
 */
export function hashFromId(id: string): BlockHash {
  const bytes = new TextEncoder().encode(id);
  if (bytes.length > 32) throw new RangeError(`block id "${id}" is longer than 32 bytes`);
  const padded = new Uint8Array(32);
  padded.set(bytes);
  return `0x${Buffer.from(padded).toString("hex")}`;
}
