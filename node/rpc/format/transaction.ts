import { isEOACode7702Tx, type TypedTransaction } from "@ethereumjs/tx";
import { bytesToBigInt, bytesToHex, type EOACode7702AuthorizationListBytesItem } from "@ethereumjs/util";
import { formatQuantity, type Quantity } from "../codec/quantity.js";
import type { Hex } from "../codec/hex.js";

/** Where a mined transaction is, for the contextual fields of its JSON. */
export interface TransactionPlacement {
  readonly blockHash: Hex;
  readonly blockNumber: bigint;
  readonly blockTimestamp: bigint;
  readonly index: number;
  /** The price per gas it paid: `gasPrice` of 1559 transactions once mined, as geth reports it. */
  readonly effectiveGasPrice: bigint;
}

/**
 * A signed transaction as execution-apis' TransactionSigned: its type's fields, its signature and
 * its hash (what geth's eth_signTransaction answers as `tx`). A 1559-style transaction's `gasPrice`
 * is its fee cap, the most it can pay per gas.
 */
export function formatSignedTransaction(tx: TypedTransaction): Record<string, unknown> {
  const json = tx.toJSON();
  const result: Record<string, unknown> = {
    type: formatQuantity(tx.type),
    hash: bytesToHex(tx.hash()),
    nonce: json.nonce,
    to: json.to ?? null,
    value: json.value,
    gas: json.gasLimit,
    input: json.data,
    chainId: json.chainId,
    v: json.v,
    r: json.r,
    s: json.s,
  };
  if (json.gasPrice !== undefined) result.gasPrice = json.gasPrice;
  if (json.maxFeePerGas !== undefined) {
    result.maxFeePerGas = json.maxFeePerGas;
    result.maxPriorityFeePerGas = json.maxPriorityFeePerGas;
    result.gasPrice = json.maxFeePerGas;
  }
  if (json.accessList !== undefined) result.accessList = json.accessList;
  if (isEOACode7702Tx(tx)) result.authorizationList = tx.authorizationList.map(formatAuthorization);
  if (tx.type !== 0) result.yParity = json.v;
  if (json.chainId === undefined) delete result.chainId;
  return result;
}

/** A transaction as execution-apis' TransactionInfo: typed fields plus its place in the chain (null when pending). */
export function formatTransaction(tx: TypedTransaction, placement: TransactionPlacement | null): Record<string, unknown> {
  const result: Record<string, unknown> = { ...formatSignedTransaction(tx), from: tx.getSenderAddress().toString() };
  if (placement !== null && result.maxFeePerGas !== undefined) result.gasPrice = formatQuantity(placement.effectiveGasPrice);
  result.blockHash = placement?.blockHash ?? null;
  result.blockNumber = placement === null ? null : formatQuantity(placement.blockNumber);
  result.blockTimestamp = placement === null ? null : formatQuantity(placement.blockTimestamp);
  result.transactionIndex = placement === null ? null : formatQuantity(placement.index);
  return result;
}

/**
 * An EIP-7702 authorization as execution-apis' AuthorizationList item: its integers as QUANTITY
 * (ethereumjs' toJSON gives the raw RLP bytes, e.g. nonce 0 as "0x" and chain id 1337 as "0x0539").
 */
function formatAuthorization([chainId, address, nonce, yParity, r, s]: EOACode7702AuthorizationListBytesItem): Record<string, unknown> {
  return {
    chainId: formatQuantity(bytesToBigInt(chainId)),
    address: bytesToHex(address),
    nonce: formatQuantity(bytesToBigInt(nonce)),
    yParity: formatQuantity(bytesToBigInt(yParity)),
    r: formatQuantity(bytesToBigInt(r)),
    s: formatQuantity(bytesToBigInt(s)),
  };
}

export type { Quantity };
