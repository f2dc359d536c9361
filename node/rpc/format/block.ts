import { RLP } from "@ethereumjs/rlp";
import { bytesToHex } from "@ethereumjs/util";
import { encodeHeader } from "../../chain/block-header.js";
import type { StoredBlock } from "../../execution/block-store.js";
import { prevRandaoOf } from "../../execution/prev-randao.js";
import { formatQuantity } from "../codec/quantity.js";
import { formatTransaction } from "./transaction.js";

/** keccak256(RLP([])): Citrate blocks have no uncles. */
const EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

/**
 * A block as execution-apis' Block object, in the Ethereum view of the DAG: its parent is its
 * selected parent, its transactions are those it accepted (executed for its post-state) and its
 * `transactionsRoot` is their root.
 */
export function formatBlock(block: StoredBlock, selectedParent: `0x${string}` | null, hydrated: boolean): Record<string, unknown> {
  const { header } = block;
  const accepted = block.outcome.executed;
  const size = encodeHeader(header).length + RLP.encode(accepted.map((e) => e.transaction.serialize())).length;
  return {
    hash: block.hash,
    parentHash: selectedParent ?? `0x${"00".repeat(32)}`,
    sha3Uncles: EMPTY_UNCLES_HASH,
    miner: header.proposer,
    stateRoot: header.stateRoot,
    transactionsRoot: header.acceptedTransactionsRoot,
    receiptsRoot: header.receiptsRoot,
    logsBloom: header.logsBloom,
    difficulty: "0x0",
    number: formatQuantity(header.number),
    gasLimit: formatQuantity(header.gasLimit),
    gasUsed: formatQuantity(header.gasUsed),
    timestamp: formatQuantity(header.timestamp),
    extraData: header.extraData,
    mixHash: header.parents.length === 0 ? `0x${"00".repeat(32)}` : prevRandaoOf(header.parents),
    nonce: "0x0000000000000000",
    baseFeePerGas: formatQuantity(header.baseFeePerGas),
    size: formatQuantity(size),
    transactions: accepted.map((executed, index) =>
      hydrated
        ? formatTransaction(executed.transaction, {
            blockHash: block.hash,
            blockNumber: header.number,
            blockTimestamp: header.timestamp,
            index,
            effectiveGasPrice: executed.effectiveGasPrice,
          })
        : bytesToHex(executed.transaction.hash()),
    ),
    uncles: [],
  };
}
