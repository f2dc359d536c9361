import { formatQuantity } from "../codec/quantity.js";
import { defineMethod } from "../method-registry.js";

/** What the net namespace reads from the node. */
export interface NetContext {
  /** Citrate's network id is its chain id (EIP-155), so net_version and eth_chainId agree. */
  readonly chainId: bigint;
  /** Connected peers; 0 for a single dev node. */
  peerCount(): number;
}

/** `net_version` → the network id as a decimal string (not a QUANTITY: a quirk kept for compatibility). */
export const netVersion = defineMethod({
  name: "net_version",
  params: [],
  handler: (_params, context: NetContext) => context.chainId.toString(10),
});

/**
 * `net_listening` → true. The answer comes from a node whose RPC server is up and which accepts
 * peers while it runs, so there is no state in which it could truthfully say false (geth likewise).
 */
export const netListening = defineMethod({
  name: "net_listening",
  params: [],
  handler: () => true,
});

/** `net_peerCount` → the number of connected peers as a QUANTITY. */
export const netPeerCount = defineMethod({
  name: "net_peerCount",
  params: [],
  handler: (_params, context: NetContext) => formatQuantity(context.peerCount()),
});
