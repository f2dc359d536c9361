/** The pool's bounds. Every field has a default (DEFAULT_TX_POOL_LIMITS) taken from geth's legacypool. */
export interface TxPoolLimits {
  /** Transactions (pending + queued) one sender may have pooled. geth: AccountQueue 64. */
  readonly maxPerSender: number;
  /** Transactions the pool holds in all. geth: GlobalSlots 4096 + GlobalQueue 1024. */
  readonly maxTotal: number;
  /**
   * How far above the account nonce a nonce may be: nonces `accountNonce … accountNonce + maxNonceGap - 1`
   * are taken. Equal to maxPerSender, so a sender can fill its slots but not park transactions that
   * could only run after others it has not sent.
   */
  readonly maxNonceGap: number;
  /** Bytes of one encoded transaction. geth: txMaxSize, 4 × 32 KiB. */
  readonly maxTransactionSize: number;
  /** A replacement must raise both the fee cap and the tip by this many percent. geth: PriceBump 10. */
  readonly priceBumpPercent: number;
  /** A sender's queued (not yet executable) transactions are dropped after this long. geth: Lifetime 3 h. */
  readonly queuedLifetimeMs: number;
}

export const DEFAULT_TX_POOL_LIMITS: TxPoolLimits = Object.freeze({
  maxPerSender: 64,
  maxTotal: 5120,
  maxNonceGap: 64,
  maxTransactionSize: 128 * 1024,
  priceBumpPercent: 10,
  queuedLifetimeMs: 3 * 60 * 60 * 1000,
});
