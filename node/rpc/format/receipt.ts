import type { PostByzantiumTxReceipt } from "@ethereumjs/vm";
import { bytesToHex } from "@ethereumjs/util";
import type { CanonicalLocation } from "../../chain/canonical-index.js";
import type { StoredBlock } from "../../execution/block-store.js";
import { formatQuantity } from "../codec/quantity.js";
import { formatLog } from "./log.js";

/** A mined transaction's receipt as execution-apis' ReceiptInfo. */
export function formatReceipt(location: CanonicalLocation, block: StoredBlock): Record<string, unknown> {
  const { executed } = location;
  const receipt = executed.receipt as PostByzantiumTxReceipt;
  const transactionHash = bytesToHex(executed.transaction.hash()) as `0x${string}`;
  return {
    type: formatQuantity(executed.transaction.type),
    transactionHash,
    transactionIndex: formatQuantity(location.index),
    blockHash: block.hash,
    blockNumber: formatQuantity(block.header.number),
    from: executed.transaction.getSenderAddress().toString(),
    to: executed.transaction.to?.toString() ?? null,
    cumulativeGasUsed: formatQuantity(receipt.cumulativeBlockGasUsed),
    gasUsed: formatQuantity(executed.gasUsed),
    contractAddress: executed.contractAddress,
    logs: receipt.logs.map((log, i) =>
      formatLog(log, {
        blockHash: block.hash,
        blockNumber: block.header.number,
        blockTimestamp: block.header.timestamp,
        transactionHash,
        transactionIndex: location.index,
        logIndex: location.firstLogIndex + i,
        removed: false,
      }),
    ),
    logsBloom: bytesToHex(receipt.bitvector),
    status: formatQuantity(receipt.status),
    effectiveGasPrice: formatQuantity(executed.effectiveGasPrice),
  };
}
