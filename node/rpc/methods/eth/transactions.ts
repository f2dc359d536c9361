import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import { parseData, parseHash32 } from "../../codec/data.js";
import { formatReceipt } from "../../format/receipt.js";
import { formatTransaction } from "../../format/transaction.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, required } from "../../method-registry.js";
import type { ChainReaderContext } from "./chain-reader.js";

const transactionHash = required("transaction hash", (value, param) => bytesToHex(parseHash32(value, param)) as `0x${string}`);

/** The mempool as the transaction methods see it. */
export interface MempoolContext {
  /** A transaction waiting in the pool. */
  pendingTransaction(hash: `0x${string}`): TypedTransaction | undefined;
  /** Validates a signed transaction, queues it and asks for a block; rejects with an error whose message says why. */
  submitTransaction(raw: Uint8Array): Promise<`0x${string}`>;
  /** Resolves once the blocks asked for so far (the automine a submission asks for) are produced. */
  blocksSettled(): Promise<void>;
}

/** `eth_getTransactionByHash(hash)` → the transaction where the chain accepted it, pending, or null. */
export const ethGetTransactionByHash = defineMethod({
  name: "eth_getTransactionByHash",
  params: [transactionHash],
  handler: ([hash], context: ChainReaderContext & MempoolContext) => {
    const location = context.chain.transaction(hash);
    if (location !== undefined) {
      const block = context.chain.blockByHash(location.blockHash);
      return formatTransaction(location.executed.transaction, {
        blockHash: location.blockHash,
        blockNumber: location.blockNumber,
        blockTimestamp: block?.header.timestamp ?? 0n,
        index: location.index,
        effectiveGasPrice: location.executed.effectiveGasPrice,
      });
    }
    const pending = context.pendingTransaction(hash);
    return pending === undefined ? null : formatTransaction(pending, null);
  },
});

/** `eth_getTransactionReceipt(hash)` → the receipt from the chain block that accepted it, or null. */
export const ethGetTransactionReceipt = defineMethod({
  name: "eth_getTransactionReceipt",
  params: [transactionHash],
  handler: ([hash], context: ChainReaderContext) => {
    const location = context.chain.transaction(hash);
    const block = location === undefined ? undefined : context.chain.blockByHash(location.blockHash);
    return location === undefined || block === undefined ? null : formatReceipt(location, block);
  },
});

/**
 * `eth_sendRawTransaction(data)` → the hash, once the block it asked for is mined (as Hardhat's
 * automine answers); a transaction the pool refuses is a -32000 error saying why (as geth).
 */
export const ethSendRawTransaction = defineMethod({
  name: "eth_sendRawTransaction",
  params: [required("signed transaction", parseData)],
  handler: async ([raw], context: MempoolContext, call) => {
    let hash: `0x${string}`;
    try {
      hash = await context.submitTransaction(raw);
    } catch (error) {
      if (error instanceof RpcError) throw error;
      throw RpcError.serverError((error as Error).message);
    }
    // Answering before the block let ethers' wait() find no receipt, start polling after the block
    // was already mined, and wait for a block that never came.
    call.beforeResponse(() => context.blocksSettled());
    return hash;
  },
});
