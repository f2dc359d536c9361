import { defineMethod } from "../../method-registry.js";

/** What eth_coinbase reads from the node. */
export interface CoinbaseContext {
  /** The proposer of the blocks this node produces: it receives their rewards and priority fees. */
  readonly coinbase: `0x${string}`;
}

/** `eth_coinbase` → the address the node's block producer proposes with (lower case), as geth answers its etherbase. */
export const ethCoinbase = defineMethod({
  name: "eth_coinbase",
  params: [],
  handler: (_params, context: CoinbaseContext) => context.coinbase,
});
