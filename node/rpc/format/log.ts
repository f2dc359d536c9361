import { bytesToHex } from "@ethereumjs/util";
import type { Log } from "@ethereumjs/evm";
import { formatQuantity } from "../codec/quantity.js";
import type { Hex } from "../codec/hex.js";

/** Where a log was emitted. */
export interface LogPlacement {
  readonly blockHash: Hex;
  readonly blockNumber: bigint;
  readonly blockTimestamp: bigint;
  readonly transactionHash: Hex;
  readonly transactionIndex: number;
  readonly logIndex: number;
  /** True when the block left the canonical chain (re-org notifications). */
  readonly removed: boolean;
}

/** A log as execution-apis' Log object. */
export function formatLog([address, topics, data]: Log, placement: LogPlacement): Record<string, unknown> {
  return {
    removed: placement.removed,
    logIndex: formatQuantity(placement.logIndex),
    transactionIndex: formatQuantity(placement.transactionIndex),
    transactionHash: placement.transactionHash,
    blockHash: placement.blockHash,
    blockNumber: formatQuantity(placement.blockNumber),
    blockTimestamp: formatQuantity(placement.blockTimestamp),
    address: bytesToHex(address),
    data: bytesToHex(data),
    topics: topics.map((topic) => bytesToHex(topic)),
  };
}
