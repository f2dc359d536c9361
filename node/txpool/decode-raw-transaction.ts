import type { Common } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import { createTxFromRLP, TransactionType, type TypedTransaction } from "@ethereumjs/tx";
import { bytesToBigInt, bytesToHex, equalsBytes, SECP256K1_ORDER, SECP256K1_ORDER_DIV_2 } from "@ethereumjs/util";
import type { Address } from "./account-state-reader.js";
import { TxPoolError } from "./tx-pool-error.js";

/** A transaction hash, `0x` + 64 lower-case hex digits (keccak256 of the encoded transaction). */
export type TxHash = `0x${string}`;

/** A transaction that decoded, belongs to this chain and carries a well-formed signature. */
export interface DecodedTransaction {
  readonly transaction: TypedTransaction;
  readonly hash: TxHash;
  /** The encoding it arrived in; canonical, so `keccak256(raw)` is `hash`. */
  readonly raw: Uint8Array;
}

export interface DecodeRawTransactionParameters {
  /** The chain's rules (`chainCommon(spec)`); its chain id is the one transactions must be signed for. */
  readonly common: Common;
  /** Encoded transactions longer than this are refused before any decoding. */
  readonly maxTransactionSize: number;
}

/** The layout of a signed transaction's RLP list: field count and the integer fields by position. */
interface FieldLayout {
  readonly name: string;
  readonly fields: number;
  readonly integers: readonly (readonly [index: number, name: string])[];
}

const LEGACY_LAYOUT: FieldLayout = {
  name: "legacy",
  fields: 9,
  integers: [[0, "nonce"], [1, "gasPrice"], [2, "gasLimit"], [4, "value"], [6, "v"], [7, "r"], [8, "s"]],
};

/** The typed envelopes the pool takes. The signature (yParity, r, s) is always the last three fields. */
const SUPPORTED_TYPED_LAYOUTS: ReadonlyMap<number, FieldLayout> = new Map([
  [
    TransactionType.AccessListEIP2930,
    {
      name: "EIP-2930",
      fields: 11,
      integers: [[0, "chainId"], [1, "nonce"], [2, "gasPrice"], [3, "gasLimit"], [5, "value"], [8, "yParity"], [9, "r"], [10, "s"]],
    },
  ],
  [
    TransactionType.FeeMarketEIP1559,
    {
      name: "EIP-1559",
      fields: 12,
      integers: [[0, "chainId"], [1, "nonce"], [2, "maxPriorityFeePerGas"], [3, "maxFeePerGas"], [4, "gasLimit"], [6, "value"], [9, "yParity"], [10, "r"], [11, "s"]],
    },
  ],
  [
    TransactionType.EOACodeEIP7702,
    {
      name: "EIP-7702",
      fields: 13,
      integers: [[0, "chainId"], [1, "nonce"], [2, "maxPriorityFeePerGas"], [3, "maxFeePerGas"], [4, "gasLimit"], [6, "value"], [10, "yParity"], [11, "r"], [12, "s"]],
    },
  ],
]);
/** The first byte of an RLP list; a byte below 0x80 is an EIP-2718 type, 0x80–0xbf an RLP string. */
const RLP_LIST_PREFIX = 0xc0;
const MAX_TYPE_BYTE = 0x7f;

const INVALID_SIGNATURE = "invalid sender: invalid transaction v, r, s values";

type RlpItem = Uint8Array | RlpItem[];

/**
 * Decodes `eth_sendRawTransaction` bytes (a legacy RLP list or an EIP-2718 envelope) and checks
 * what can be checked without the pool or the state: size, encoding, type, chain id, EIP-155 replay
 * protection, tip ≤ fee cap and the signature's ranges. The sender is not recovered here (that is
 * the expensive step; `recoverSender` does it once the pool knows the transaction is new).
 *
 * The fields are read from the RLP before ethereumjs builds the transaction, because its
 * constructors refuse a wrong chain id or a tip above the fee cap with messages meant for
 * programmers; the pool answers those with geth's messages and codes instead.
 *
 * Throws TxPoolError only (Oversized, Malformed, Unsupported, ChainIdMismatch, Unprotected,
 * TipAboveFeeCap, InvalidSignature), whatever the bytes.
 */
export function decodeRawTransaction(raw: Uint8Array, parameters: DecodeRawTransactionParameters): DecodedTransaction {
  if (raw.length > parameters.maxTransactionSize) {
    throw new TxPoolError("Oversized", `oversized data: transaction size ${raw.length}, limit ${parameters.maxTransactionSize}`);
  }
  if (raw.length === 0) throw new TxPoolError("Malformed", "typed transaction too short");
  const chainId = parameters.common.chainId();
  const first = raw[0];
  if (first >= RLP_LIST_PREFIX) {
    checkLegacyFields(checkedFields(rlpList(raw, LEGACY_LAYOUT.name), LEGACY_LAYOUT), chainId);
  } else if (first <= MAX_TYPE_BYTE) {
    const layout = SUPPORTED_TYPED_LAYOUTS.get(first);
    const payload = raw.subarray(1);
    if (layout === undefined) {
      // Only a well-framed envelope is "unsupported"; anything else is garbage (geth answers both
      // with "transaction type not supported", but a client sending garbage should be told so).
      rlpList(payload, `type ${first}`);
      throw new TxPoolError("Unsupported", `transaction type not supported: type ${first}`);
    }
    checkTypedFields(checkedFields(rlpList(payload, layout.name), layout), first, chainId);
  } else {
    throw new TxPoolError("Malformed", "rlp: expected a transaction (an RLP list or a typed envelope), got an RLP string");
  }

  let transaction: TypedTransaction;
  try {
    transaction = createTxFromRLP(raw, { common: parameters.common });
  } catch (error) {
    throw new TxPoolError("Malformed", `invalid transaction: ${ethereumjsReason(error)}`);
  }
  // A transaction is identified by the hash of the encoding it will have in blocks; an input that
  // decodes but re-encodes differently would be known under two hashes.
  if (!equalsBytes(transaction.serialize(), raw)) {
    throw new TxPoolError("Malformed", "rlp: non-canonical transaction encoding");
  }
  return { transaction, hash: bytesToHex(transaction.hash()) as TxHash, raw };
}

/**
 * The sender, recovered with the common's ecrecover (native secp256k1 in `chainCommon`). ethereumjs
 * caches the public key in the frozen transaction, so the executor does not recover it again.
 */
export function recoverSender(transaction: TypedTransaction): Address {
  try {
    return transaction.getSenderAddress().toString() as Address;
  } catch {
    throw new TxPoolError("InvalidSignature", INVALID_SIGNATURE);
  }
}

function rlpList(bytes: Uint8Array, what: string): RlpItem[] {
  let decoded: RlpItem;
  try {
    decoded = RLP.decode(bytes) as RlpItem;
  } catch (error) {
    throw new TxPoolError("Malformed", `rlp: invalid ${what} transaction: ${ethereumjsReason(error)}`);
  }
  if (!Array.isArray(decoded)) throw new TxPoolError("Malformed", `rlp: invalid ${what} transaction: expected a list`);
  return decoded;
}

/** The field count and every integer field's shape (a byte string without leading zeros). */
function checkedFields(fields: RlpItem[], layout: FieldLayout): RlpItem[] {
  if (fields.length !== layout.fields) {
    throw new TxPoolError("Malformed", `rlp: ${layout.name} transaction: expected ${layout.fields} fields, got ${fields.length}`);
  }
  for (const [index, name] of layout.integers) uintField(fields, index, name);
  return fields;
}

function checkLegacyFields(fields: RlpItem[], chainId: bigint): void {
  const v = uintField(fields, 6, "v");
  // EIP-155: v = chainId × 2 + 35 + yParity. 27/28 is an unprotected signature, valid on every chain.
  if (v === 27n || v === 28n) {
    throw new TxPoolError("Unprotected", "only replay-protected (EIP-155) transactions allowed over RPC");
  }
  if (v < 35n) throw new TxPoolError("InvalidSignature", INVALID_SIGNATURE);
  const signedFor = (v - 35n) / 2n;
  if (signedFor !== chainId) throw chainIdMismatch(signedFor, chainId);
  checkSignatureValues(uintField(fields, 7, "r"), uintField(fields, 8, "s"));
}

function checkTypedFields(fields: RlpItem[], type: number, chainId: bigint): void {
  const signedFor = uintField(fields, 0, "chainId");
  if (signedFor !== chainId) throw chainIdMismatch(signedFor, chainId);
  if (type !== TransactionType.AccessListEIP2930) {
    const tip = uintField(fields, 2, "maxPriorityFeePerGas");
    const feeCap = uintField(fields, 3, "maxFeePerGas");
    if (tip > feeCap) {
      throw new TxPoolError(
        "TipAboveFeeCap",
        `max priority fee per gas higher than max fee per gas: maxPriorityFeePerGas: ${tip}, maxFeePerGas: ${feeCap}`,
      );
    }
  }
  const yParity = uintField(fields, fields.length - 3, "yParity");
  if (yParity > 1n) throw new TxPoolError("InvalidSignature", INVALID_SIGNATURE);
  checkSignatureValues(uintField(fields, fields.length - 2, "r"), uintField(fields, fields.length - 1, "s"));
}

/** geth's ValidateSignatureValues with homestead rules: 0 < r < N, 0 < s ≤ N/2 (EIP-2 low s). */
function checkSignatureValues(r: bigint, s: bigint): void {
  if (r === 0n || s === 0n || r >= SECP256K1_ORDER || s > SECP256K1_ORDER_DIV_2) {
    throw new TxPoolError("InvalidSignature", INVALID_SIGNATURE);
  }
}

/** An RLP integer field: a byte string without leading zeros (RLP's canonical form). */
function uintField(fields: RlpItem[], index: number, name: string): bigint {
  const field = fields[index];
  if (!(field instanceof Uint8Array)) throw new TxPoolError("Malformed", `rlp: expected an integer for ${name}, got a list`);
  if (field.length > 0 && field[0] === 0) {
    throw new TxPoolError("Malformed", `rlp: non-canonical integer (leading zero bytes) for ${name}`);
  }
  return field.length === 0 ? 0n : bytesToBigInt(field);
}

function chainIdMismatch(signedFor: bigint, chainId: bigint): TxPoolError {
  return new TxPoolError("ChainIdMismatch", `invalid sender: invalid chain id for signer: have ${signedFor} want ${chainId}`);
}

/** ethereumjs appends a dump of the transaction to its messages; the client needs only the reason. */
function ethereumjsReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\(tx type=[\s\S]*$/, "");
}
