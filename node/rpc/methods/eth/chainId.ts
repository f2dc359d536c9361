import { formatQuantity } from "../../codec/quantity.js";
import { defineMethod } from "../../method-registry.js";

/** What eth_chainId reads from the node. */
export interface ChainIdContext {
  /** The EIP-155 chain id transactions are signed for (1337 on the dev chain). */
  readonly chainId: bigint;
}

/** `eth_chainId` → the chain id as a QUANTITY (EIP-695). */
export const ethChainId = defineMethod({
  name: "eth_chainId",
  params: [],
  handler: (_params, context: ChainIdContext) => formatQuantity(context.chainId),
});
