import type { Common } from "@ethereumjs/common";
import { createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import type { PostByzantiumTxReceipt } from "@ethereumjs/vm";
import { decodeHeader, encodeHeader } from "../chain/block-header.js";
import type { BlockHash } from "../consensus/hash.js";
import type { ExecutedTransaction, SkippedTransaction } from "./block-executor.js";
import type { StoredBlock } from "./block-store.js";

type Hex = `0x${string}`;

/** The JSON form of a stored block; byte strings as hex, integers as decimal strings. */
interface StoredBlockRecord {
  header: Hex;
  transactions: Hex[];
  executed: {
    tx: Hex;
    includedIn: BlockHash | null;
    status: 0 | 1;
    cumulativeGasUsed: string;
    bloom: Hex;
    logs: [Hex, Hex[], Hex][];
    gasUsed: string;
    effectiveGasPrice: string;
    contractAddress: Hex | null;
  }[];
  skipped: SkippedTransaction[];
  gasUsed: string;
}

const hex = (bytes: Uint8Array): Hex => bytesToHex(bytes) as Hex;

/** Encodes a verified block with its execution outcome for storage. */
export function encodeStoredBlock(block: StoredBlock): string {
  const record: StoredBlockRecord = {
    header: hex(encodeHeader(block.header)),
    transactions: block.transactions.map((tx) => hex(tx.serialize())),
    executed: block.outcome.executed.map((e) => {
      const receipt = e.receipt as PostByzantiumTxReceipt;
      return {
        tx: hex(e.transaction.serialize()),
        includedIn: e.includedIn,
        status: receipt.status,
        cumulativeGasUsed: receipt.cumulativeBlockGasUsed.toString(),
        bloom: hex(receipt.bitvector),
        logs: receipt.logs.map(([address, topics, data]) => [hex(address), topics.map(hex), hex(data)]),
        gasUsed: e.gasUsed.toString(),
        effectiveGasPrice: e.effectiveGasPrice.toString(),
        contractAddress: e.contractAddress,
      };
    }),
    skipped: [...block.outcome.skipped],
    gasUsed: block.outcome.gasUsed.toString(),
  };
  return JSON.stringify(record);
}

/** Decodes what `encodeStoredBlock` wrote; `hash` is the key it was stored under. */
export function decodeStoredBlock(hash: BlockHash, json: string, common: Common): StoredBlock {
  const record = JSON.parse(json) as StoredBlockRecord;
  const header = decodeHeader(hexToBytes(record.header));
  const decodeTx = (raw: Hex): TypedTransaction => createTxFromRLP(hexToBytes(raw), { common });
  const executed: ExecutedTransaction[] = record.executed.map((e) => ({
    transaction: decodeTx(e.tx),
    includedIn: e.includedIn,
    receipt: {
      status: e.status,
      cumulativeBlockGasUsed: BigInt(e.cumulativeGasUsed),
      bitvector: hexToBytes(e.bloom),
      logs: e.logs.map(([address, topics, data]) => [hexToBytes(address), topics.map((t) => hexToBytes(t)), hexToBytes(data)]),
    },
    gasUsed: BigInt(e.gasUsed),
    effectiveGasPrice: BigInt(e.effectiveGasPrice),
    contractAddress: e.contractAddress,
  }));
  return {
    hash,
    header,
    transactions: record.transactions.map(decodeTx),
    outcome: {
      stateRoot: header.stateRoot,
      receiptsRoot: header.receiptsRoot,
      acceptedTransactionsRoot: header.acceptedTransactionsRoot,
      logsBloom: header.logsBloom,
      gasUsed: BigInt(record.gasUsed),
      executed,
      skipped: record.skipped,
    },
  };
}
