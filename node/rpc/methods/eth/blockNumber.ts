import { formatQuantity } from "../../codec/quantity.js";
import { defineMethod } from "../../method-registry.js";
import type { ChainReaderContext } from "./chain-reader.js";

/** `eth_blockNumber` → the number of the head of the virtual selected chain. */
export const ethBlockNumber = defineMethod({
  name: "eth_blockNumber",
  params: [],
  handler: (_params, context: ChainReaderContext) => formatQuantity(context.chain.head().header.number),
});
