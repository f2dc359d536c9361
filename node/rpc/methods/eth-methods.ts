import type { RpcMethod } from "../method-registry.js";
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
import { ethFeeHistory, ethGasPrice, ethMaxPriorityFeePerGas, ethSyncing, type FeeContext } from "./eth/fees.js";
import { ethGetLogs, type LogsContext } from "./eth/logs.js";
import { ethGetBalance, ethGetCode, ethGetStorageAt, ethGetTransactionCount, type PendingNonceContext } from "./eth/state.js";
import { ethGetTransactionByHash, ethGetTransactionReceipt, ethSendRawTransaction, type MempoolContext } from "./eth/transactions.js";

/** What the chain, state and pool methods read from the node. */
export type EthMethodsContext = ChainReaderContext & PendingNonceContext & MempoolContext & CallContext & FeeContext & LogsContext;

/** The eth_ methods over the node's chain, state and mempool. */
export const ethMethods: readonly RpcMethod<EthMethodsContext>[] = [
  ethBlockNumber,
  ethGetBalance,
  ethGetTransactionCount,
  ethGetCode,
  ethGetStorageAt,
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
  ethGasPrice,
  ethMaxPriorityFeePerGas,
  ethFeeHistory,
  ethSyncing,
  ethGetLogs,
];
