import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, bytesToBigInt, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { BlockHash } from "../consensus/hash.js";

/**
 * A Citrate block header. Unlike Ethereum's it has several parents (an antichain of DAG tips); its
 * `number` is its height in the selected-parent tree, so a block on the virtual selected chain has
 * exactly the number Ethereum tools see it under. The roots commit to the block's post-state: the
 * state after its selected parent's post-state, the transactions of its mergeset in GHOSTDAG order,
 * then its own (see `node/execution/`).
 */
export interface BlockHeader {
  readonly parents: readonly BlockHash[];
  readonly number: bigint;
  /** Seconds since the epoch. */
  readonly timestamp: bigint;
  /** Receives the block's reward and its transactions' priority fees. */
  readonly proposer: `0x${string}`;
  readonly gasLimit: bigint;
  /** Gas used by every transaction executed for the post-state (merged and own). */
  readonly gasUsed: bigint;
  readonly baseFeePerGas: bigint;
  /** Root of the trie of the block's own transactions (its body). */
  readonly transactionsRoot: `0x${string}`;
  /** Root of the trie of the transactions executed for the post-state, in execution order. */
  readonly acceptedTransactionsRoot: `0x${string}`;
  readonly receiptsRoot: `0x${string}`;
  readonly stateRoot: `0x${string}`;
  readonly logsBloom: `0x${string}`;
  readonly extraData: `0x${string}`;
}

/** Bytes of the header fields, in consensus order. */
function headerFields(header: BlockHeader): (Uint8Array | Uint8Array[])[] {
  return [
    header.parents.map((parent) => hexToBytes(parent)),
    bigIntToUnpaddedBytes(header.number),
    bigIntToUnpaddedBytes(header.timestamp),
    hexToBytes(header.proposer),
    bigIntToUnpaddedBytes(header.gasLimit),
    bigIntToUnpaddedBytes(header.gasUsed),
    bigIntToUnpaddedBytes(header.baseFeePerGas),
    hexToBytes(header.transactionsRoot),
    hexToBytes(header.acceptedTransactionsRoot),
    hexToBytes(header.receiptsRoot),
    hexToBytes(header.stateRoot),
    hexToBytes(header.logsBloom),
    hexToBytes(header.extraData),
  ];
}

/** The header's RLP encoding. */
export function encodeHeader(header: BlockHeader): Uint8Array {
  return RLP.encode(headerFields(header));
}

/** keccak256 of the RLP encoding. */
export function headerHash(header: BlockHeader): BlockHash {
  return bytesToHex(keccak_256(encodeHeader(header))) as BlockHash;
}

/** Decodes an RLP header; throws on anything that is not exactly one well-formed header. */
export function decodeHeader(encoded: Uint8Array): BlockHeader {
  const fields = RLP.decode(encoded);
  if (!Array.isArray(fields) || fields.length !== 13) throw new Error("a block header has 13 RLP fields");
  const [parents, ...scalars] = fields;
  if (!Array.isArray(parents) || scalars.some((field) => !(field instanceof Uint8Array))) {
    throw new Error("malformed block header");
  }
  const bytes = scalars as Uint8Array[];
  const fixed = (value: Uint8Array, length: number, name: string): `0x${string}` => {
    if (value.length !== length) throw new Error(`header ${name} must be ${length} bytes`);
    return bytesToHex(value) as `0x${string}`;
  };
  return {
    parents: parents.map((parent) => {
      if (!(parent instanceof Uint8Array)) throw new Error("malformed header parents");
      return fixed(parent, 32, "parent") as BlockHash;
    }),
    number: bytesToBigInt(bytes[0]),
    timestamp: bytesToBigInt(bytes[1]),
    proposer: fixed(bytes[2], 20, "proposer"),
    gasLimit: bytesToBigInt(bytes[3]),
    gasUsed: bytesToBigInt(bytes[4]),
    baseFeePerGas: bytesToBigInt(bytes[5]),
    transactionsRoot: fixed(bytes[6], 32, "transactionsRoot"),
    acceptedTransactionsRoot: fixed(bytes[7], 32, "acceptedTransactionsRoot"),
    receiptsRoot: fixed(bytes[8], 32, "receiptsRoot"),
    stateRoot: fixed(bytes[9], 32, "stateRoot"),
    logsBloom: fixed(bytes[10], 256, "logsBloom"),
    extraData: bytesToHex(bytes[11]) as `0x${string}`,
  };
}
