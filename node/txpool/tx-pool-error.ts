/** Why the pool refused a transaction. Each code has one geth-compatible message prefix (docs/txpool.md). */
export type TxPoolErrorCode =
  /** The bytes are not a transaction (bad RLP, wrong field count, non-canonical integers, ...). */
  | "Malformed"
  /** A well-framed transaction of a type the pool does not take (EIP-4844 blob transactions, unknown types). */
  | "Unsupported"
  /** The encoded transaction exceeds the pool's size limit. */
  | "Oversized"
  /** Signed for another chain. */
  | "ChainIdMismatch"
  /** A legacy transaction without EIP-155 replay protection. */
  | "Unprotected"
  /** v, r or s out of range, a high s (EIP-2), or no sender can be recovered. */
  | "InvalidSignature"
  /** The same transaction is in the pool already. */
  | "AlreadyKnown"
  /** The nonce is below the sender's account nonce. */
  | "NonceTooLow"
  /** The nonce is further above the account nonce than the pool holds. */
  | "NonceTooHigh"
  /** maxPriorityFeePerGas > maxFeePerGas. */
  | "TipAboveFeeCap"
  /** The fee cap is below the node's minimum gas price. */
  | "Underpriced"
  /** A transaction with the same sender and nonce is pooled and the new one does not pay enough more. */
  | "ReplacementUnderpriced"
  /** The gas limit does not cover the intrinsic gas. */
  | "IntrinsicGasTooLow"
  /** The gas limit does not cover the EIP-7623 calldata floor. */
  | "FloorDataGasTooLow"
  /** The gas limit exceeds the block gas limit: the transaction could never be included. */
  | "GasLimitExceeded"
  /** The sender cannot pay value + gasLimit × fee cap (on top of its other pooled transactions). */
  | "InsufficientFunds"
  /** The sender has as many transactions pooled as one sender may. */
  | "SenderLimitExceeded"
  /** The pool is full and the transaction does not pay more than the cheapest one it could evict. */
  | "PoolFull";

/**
 * A transaction was refused by the pool and is not in it. The message is the one geth answers
 * with (same prefix, same figures), because wallets and libraries (ethers, viem, Hardhat) classify
 * errors by matching those messages.
 */
export class TxPoolError extends Error {
  override readonly name = "TxPoolError";

  constructor(
    readonly code: TxPoolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * geth's JSON-RPC code for every refused transaction: `eth_sendRawTransaction` returns the pool's
 * error as a plain server error (-32000) whose message is the error text. EIP-1474's -32003
 * ("transaction rejected") is not used, because clients match geth's code and message.
 */
export const TX_POOL_RPC_ERROR_CODE = -32000;

/** The `error` member of a JSON-RPC response for a refused transaction. */
export interface TxPoolRpcError {
  readonly code: typeof TX_POOL_RPC_ERROR_CODE;
  readonly message: string;
}

/** The JSON-RPC error `eth_sendRawTransaction` answers with when the pool refuses a transaction. */
export function txPoolRpcError(error: TxPoolError): TxPoolRpcError {
  return { code: TX_POOL_RPC_ERROR_CODE, message: error.message };
}
