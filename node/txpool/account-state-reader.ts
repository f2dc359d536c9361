/** A 20-byte account address, `0x` + 40 lower-case hex digits. */
export type Address = `0x${string}`;

/**
 * What the pool reads of the chain, always at the current virtual tip (the post-state of the
 * virtual selected parent). The node implements it over its state trie and fee settings; tests use
 * an in-memory map. The pool calls the account reads on every `add` and on `onChainChanged`, and the
 * fee/gas reads synchronously while validating, so the latter must be cheap.
 */
export interface AccountStateReader {
  /** The account's nonce (0 for an account that does not exist). */
  nonceOf(address: Address): Promise<bigint>;
  /** The account's balance in wei (0 for an account that does not exist). */
  balanceOf(address: Address): Promise<bigint>;
  /** The node's fee floor in wei: a transaction whose fee cap is below it is refused. */
  minGasPrice(): bigint;
  /** The base fee of the next block; it prices transactions against each other when the pool must evict. */
  baseFee(): bigint;
  /** The gas limit of the next block: a transaction that needs more could never be included. */
  blockGasLimit(): bigint;
}
