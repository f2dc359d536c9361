import type { RpcMethod } from "../method-registry.js";
import { ethChainId, type ChainIdContext } from "./eth/chainId.js";
import { ethSubscribe, ethUnsubscribe, type SubscriptionContext } from "./eth/subscribe.js";
import { netListening, netPeerCount, netVersion, type NetContext } from "./net.js";
import { web3ClientVersion, web3Sha3, type Web3Context } from "./web3.js";

/** The part of the node the base methods read: the union of their families' contexts. */
export type BaseMethodsContext = Web3Context & NetContext & ChainIdContext & SubscriptionContext;

/**
 * The methods every Citrate node serves whatever else it runs: identity (web3, net, eth_chainId)
 * and the subscription entry points. Chain, state and pool methods are added beside them.
 */
export const baseMethods: readonly RpcMethod<BaseMethodsContext>[] = [
  web3ClientVersion,
  web3Sha3,
  netVersion,
  netListening,
  netPeerCount,
  ethChainId,
  ethSubscribe,
  ethUnsubscribe,
];
