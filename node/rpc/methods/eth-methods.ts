import type { RpcMethod } from "../method-registry.js";
import { ethCreateAccessList } from "./eth/access-list.js";
import { ethBlockNumber } from "./eth/blockNumber.js";
import {
  ethGetBlockByHash,
  ethGetBlockByNumber,
  ethGetBlockReceipts,
  ethGetBlockTransactionCountByHash,
  ethGetBlockTransactionCountByNumber,
  ethGetTransactionByBlockHashAndIndex,
  ethGetTransactionByBlockNumberAndIndex,
} from "./eth/blocks.js";
import { ethCall, ethEstimateGas, type CallContext } from "./eth/call.js";
import type { ChainReaderContext } from "./eth/chain-reader.js";
import { ethCoinbase, type CoinbaseContext } from "./eth/coinbase.js";
import { ethBaseFee, ethFeeHistory, ethGasPrice, ethMaxPriorityFeePerGas, ethSyncing, type FeeContext } from "./eth/fees.js";
import { ethGetLogs, type LogsContext } from "./eth/logs.js";
import { ethGetBalance, ethGetCode, ethGetProof, ethGetStorageAt, ethGetTransactionCount, type PendingNonceContext } from "./eth/state.js";
import { ethGetTransactionByHash, ethGetTransactionReceipt, ethSendRawTransaction, type MempoolContext } from "./eth/transactions.js";

/** What the chain, state, pool and producer methods read from the node. */
export type EthMethodsContext = ChainReaderContext & PendingNonceContext & MempoolContext & CallContext & FeeContext & LogsContext & CoinbaseContext;

/** The eth_ methods over the node's chain, state and mempool. */
export const ethMethods: readonly RpcMethod<EthMethodsContext>[] = [
  ethBlockNumber,
  ethGetBalance,
  ethGetTransactionCount,
  ethGetCode,
  ethGetStorageAt,
  ethGetProof,
  ethGetBlockByNumber,
  ethGetBlockByHash,
  ethGetBlockTransactionCountByNumber,
  ethGetBlockTransactionCountByHash,
  ethGetTransactionByBlockNumberAndIndex,
  ethGetTransactionByBlockHashAndIndex,
  ethGetBlockReceipts,
  ethGetTransactionByHash,
  ethGetTransactionReceipt,
  ethSendRawTransaction,
  ethCall,
  ethEstimateGas,
  ethCreateAccessList,
  ethGasPrice,
  ethBaseFee,
  ethMaxPriorityFeePerGas,
  ethFeeHistory,
  ethSyncing,
  ethGetLogs,
  ethCoinbase,
];
