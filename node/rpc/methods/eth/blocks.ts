import { bytesToHex } from "@ethereumjs/util";
import type { BlockHash } from "../../../consensus/hash.js";
import type { StoredBlock } from "../../../execution/block-store.js";
import { parseBlockNumberOrTag, parseBlockSelector, type BlockSelector } from "../../codec/block-tag.js";
import { parseBoolean } from "../../codec/boolean.js";
import { parseHash32 } from "../../codec/data.js";
import { formatQuantity, parseQuantity } from "../../codec/quantity.js";
import { formatBlock } from "../../format/block.js";
import { formatReceipt } from "../../format/receipt.js";
import { formatTransaction } from "../../format/transaction.js";
import { defineMethod, required } from "../../method-registry.js";
import { resolveBlock, type ChainReader, type ChainReaderContext } from "./chain-reader.js";

const blockHash = required("block hash", (value, param) => bytesToHex(parseHash32(value, param)) as BlockHash);
const blockNumber = required("block number", parseBlockNumberOrTag);
const hydrated = required("hydrated transactions", parseBoolean);
const index = required("transaction index", (value, param) => parseQuantity(value, param, 32));

/**
 * The block a number, tag or hash names, or undefined past the head or for an unknown hash (geth
 * answers null there); a known hash that `requireCanonical` refuses is an error, as in resolveBlock.
 */
function findBlock(chain: ChainReader, selector: BlockSelector): StoredBlock | undefined {
  if (typeof selector === "bigint") return chain.blockByNumber(selector);
  if (typeof selector === "object" && chain.blockByHash(bytesToHex(selector.blockHash) as BlockHash) === undefined) return undefined;
  return resolveBlock(chain, selector);
}

function blockJson(chain: ChainReader, block: StoredBlock | undefined, full: boolean): Record<string, unknown> | null {
  return block === undefined ? null : formatBlock(block, chain.selectedParentOf(block.hash), full);
}

function transactionAt(block: StoredBlock | undefined, position: bigint): Record<string, unknown> | null {
  const executed = block?.outcome.executed[Number(position)];
  if (block === undefined || executed === undefined) return null;
  return formatTransaction(executed.transaction, {
    blockHash: block.hash,
    blockNumber: block.header.number,
    blockTimestamp: block.header.timestamp,
    index: Number(position),
    effectiveGasPrice: executed.effectiveGasPrice,
  });
}

/** `eth_getBlockByNumber(number|tag, hydrated)` → the chain block, or null past the head. */
export const ethGetBlockByNumber = defineMethod({
  name: "eth_getBlockByNumber",
  params: [blockNumber, hydrated],
  handler: ([selector, full], context: ChainReaderContext) => blockJson(context.chain, findBlock(context.chain, selector), full),
});

/** `eth_getBlockByHash(hash, hydrated)` → any verified block of the DAG, or null. */
export const ethGetBlockByHash = defineMethod({
  name: "eth_getBlockByHash",
  params: [blockHash, hydrated],
  handler: ([hash, full], context: ChainReaderContext) => blockJson(context.chain, context.chain.blockByHash(hash), full),
});

/** `eth_getBlockTransactionCountByNumber(number|tag)` → how many transactions the block accepted. */
export const ethGetBlockTransactionCountByNumber = defineMethod({
  name: "eth_getBlockTransactionCountByNumber",
  params: [blockNumber],
  handler: ([selector], context: ChainReaderContext) => {
    const block = findBlock(context.chain, selector);
    return block === undefined ? null : formatQuantity(block.outcome.executed.length);
  },
});

/** `eth_getBlockTransactionCountByHash(hash)`. */
export const ethGetBlockTransactionCountByHash = defineMethod({
  name: "eth_getBlockTransactionCountByHash",
  params: [blockHash],
  handler: ([hash], context: ChainReaderContext) => {
    const block = context.chain.blockByHash(hash);
    return block === undefined ? null : formatQuantity(block.outcome.executed.length);
  },
});

/** `eth_getTransactionByBlockNumberAndIndex(number|tag, index)`. */
export const ethGetTransactionByBlockNumberAndIndex = defineMethod({
  name: "eth_getTransactionByBlockNumberAndIndex",
  params: [blockNumber, index],
  handler: ([selector, position], context: ChainReaderContext) => transactionAt(findBlock(context.chain, selector), position),
});

/** `eth_getTransactionByBlockHashAndIndex(hash, index)`. */
export const ethGetTransactionByBlockHashAndIndex = defineMethod({
  name: "eth_getTransactionByBlockHashAndIndex",
  params: [blockHash, index],
  handler: ([hash, position], context: ChainReaderContext) => transactionAt(context.chain.blockByHash(hash), position),
});

/**
 * `eth_getBlockReceipts(number|tag|hash)` → the receipts of every transaction the block accepted, or
 * null past the head or for an unknown hash. The block may be given as execution-apis'
 * BlockNumberOrTagOrHash or as an EIP-1898 object.
 */
export const ethGetBlockReceipts = defineMethod({
  name: "eth_getBlockReceipts",
  params: [required("block", parseBlockSelector)],
  handler: ([selector], context: ChainReaderContext) => {
    const block = findBlock(context.chain, selector);
    if (block === undefined) return null;
    let firstLogIndex = 0;
    return block.outcome.executed.map((executed, position) => {
      const receipt = formatReceipt({ blockHash: block.hash, blockNumber: block.header.number, index: position, firstLogIndex, executed }, block);
      firstLogIndex += executed.receipt.logs.length;
      return receipt;
    });
  },
});
