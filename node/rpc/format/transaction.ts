import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
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

/** A transaction as execution-apis' TransactionInfo: typed fields plus its place in the chain (null when pending). */
export function formatTransaction(tx: TypedTransaction, placement: TransactionPlacement | null): Record<string, unknown> {
  const json = tx.toJSON();
  const result: Record<string, unknown> = {
    type: formatQuantity(tx.type),
    hash: bytesToHex(tx.hash()),
    from: tx.getSenderAddress().toString(),
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
    result.gasPrice = placement === null ? json.maxFeePerGas : formatQuantity(placement.effectiveGasPrice);
  }
  if (json.accessList !== undefined) result.accessList = json.accessList;
  if (json.authorizationList !== undefined) result.authorizationList = json.authorizationList;
  if (tx.type !== 0) result.yParity = json.v;
  if (json.chainId === undefined) delete result.chainId;
  result.blockHash = placement?.blockHash ?? null;
  result.blockNumber = placement === null ? null : formatQuantity(placement.blockNumber);
  result.blockTimestamp = placement === null ? null : formatQuantity(placement.blockTimestamp);
  result.transactionIndex = placement === null ? null : formatQuantity(placement.index);
  return result;
}

export type { Quantity };
