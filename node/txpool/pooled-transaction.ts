import { isAccessList2930Tx, isLegacyTx, type TypedTransaction } from "@ethereumjs/tx";
import type { Address } from "./account-state-reader.js";
import type { TxHash } from "./decode-raw-transaction.js";

/**
 * A transaction as the pool holds it: decoded and recovered once on arrival, with the figures the
 * pool orders and bounds by computed once.
 */
export interface PooledTransaction {
  readonly hash: TxHash;
  /** Recovered once on arrival; the transaction object caches the public key as well. */
  readonly sender: Address;
  readonly transaction: TypedTransaction;
  /** The canonical encoding (what `eth_getRawTransactionByHash` and gossip send). */
  readonly raw: Uint8Array;
  readonly nonce: bigint;
  readonly gasLimit: bigint;
  /** The most it pays per gas: maxFeePerGas, or gasPrice for legacy and EIP-2930 transactions. */
  readonly feeCap: bigint;
  /** The most it pays the producer per gas: maxPriorityFeePerGas, or gasPrice. */
  readonly tipCap: bigint;
  /** value + gasLimit × feeCap: what the sender must hold for it (geth's `tx.Cost()`). */
  readonly cost: bigint;
  /** When it arrived, in the pool clock's milliseconds. */
  readonly arrivedAt: number;
  /** Arrival order in this pool; breaks price ties (first come, first served). */
  readonly sequence: number;
}

/** The fee cap and tip of any supported type: legacy and EIP-2930 pay `gasPrice` as both. */
export function feesOf(transaction: TypedTransaction): { readonly feeCap: bigint; readonly tipCap: bigint } {
  if (isLegacyTx(transaction) || isAccessList2930Tx(transaction)) {
    return { feeCap: transaction.gasPrice, tipCap: transaction.gasPrice };
  }
  return { feeCap: transaction.maxFeePerGas, tipCap: transaction.maxPriorityFeePerGas };
}

/**
 * What the producer earns per gas at this base fee: min(tip, feeCap − baseFee). Negative when the
 * fee cap is below the base fee (the transaction cannot be included at that base fee).
 */
export function effectiveTip(pooled: PooledTransaction, baseFee: bigint): bigint {
  const headroom = pooled.feeCap - baseFee;
  return pooled.tipCap < headroom ? pooled.tipCap : headroom;
}
