import { bytesToHex } from "@ethereumjs/util";
import type { Log } from "@ethereumjs/evm";
import type { BlockHash } from "../../../consensus/hash.js";
import type { StoredBlock } from "../../../execution/block-store.js";
import { parseLogFilter, type LogFilter } from "../../codec/log-filter.js";
import { formatLog } from "../../format/log.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, required } from "../../method-registry.js";
import { resolveBlock, type ChainReaderContext } from "./chain-reader.js";

/** What eth_getLogs reads beyond the chain: the widest block range one query may scan. */
export interface LogsContext extends ChainReaderContext {
  readonly maxLogBlockRange: bigint;
}

/** Does a log match the filter's addresses and topics? */
export function logMatches([address, topics]: Log, filter: LogFilter): boolean {
  if (filter.addresses.length > 0 && !filter.addresses.includes(bytesToHex(address) as `0x${string}`)) return false;
  return filter.topics.every((options, i) => options === null || (topics[i] !== undefined && options.includes(bytesToHex(topics[i]) as `0x${string}`)));
}

/** The matching logs of one block, as JSON, in log-index order. */
export function blockLogs(block: StoredBlock, filter: LogFilter, removed = false): Record<string, unknown>[] {
  const matches: Record<string, unknown>[] = [];
  let logIndex = 0;
  block.outcome.executed.forEach((executed, transactionIndex) => {
    const transactionHash = bytesToHex(executed.transaction.hash()) as `0x${string}`;
    for (const log of executed.receipt.logs) {
      if (logMatches(log, filter)) {
        matches.push(
          formatLog(log, {
            blockHash: block.hash,
            blockNumber: block.header.number,
            blockTimestamp: block.header.timestamp,
            transactionHash,
            transactionIndex,
            logIndex,
            removed,
          }),
        );
      }
      logIndex++;
    }
  });
  return matches;
}

/** The logs of the canonical blocks a filter covers; ranges wider than the cap are refused (-32005). */
export function queryLogs(filter: LogFilter, context: LogsContext): Record<string, unknown>[] {
  const { chain } = context;
  if (filter.blockHash !== undefined) {
    const block = chain.blockByHash(filter.blockHash as BlockHash);
    if (block === undefined) throw RpcError.resourceNotFound(`block ${filter.blockHash} not found`);
    return blockLogs(block, filter);
  }
  const head = chain.head().header.number;
  const from = filter.fromBlock === undefined ? head : resolveNumber(filter.fromBlock, context);
  const to = filter.toBlock === undefined ? head : resolveNumber(filter.toBlock, context);
  if (from > to) throw RpcError.invalidParams(`invalid block range: fromBlock ${from} is after toBlock ${to}`);
  if (to - from + 1n > context.maxLogBlockRange) {
    throw RpcError.limitExceeded(`query exceeds max block range ${context.maxLogBlockRange}`);
  }
  const last = to < head ? to : head;
  const logs: Record<string, unknown>[] = [];
  for (let n = from; n <= last; n++) logs.push(...blockLogs(chain.blockByNumber(n) as StoredBlock, filter));
  return logs;
}

function resolveNumber(selector: NonNullable<LogFilter["fromBlock"]>, context: LogsContext): bigint {
  return typeof selector === "bigint" ? selector : resolveBlock(context.chain, selector).header.number;
}

/** `eth_getLogs(filter)` → the matching logs of the canonical chain. */
export const ethGetLogs = defineMethod({
  name: "eth_getLogs",
  params: [required("filter", parseLogFilter)],
  handler: ([filter], context: LogsContext) => queryLogs(filter, context),
});
