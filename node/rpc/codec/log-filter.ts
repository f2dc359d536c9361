import { bytesToHex } from "@ethereumjs/util";
import { parseAddress } from "./address.js";
import { parseBlockNumberOrTag, type BlockNumberOrTag } from "./block-tag.js";
import { parseHash32 } from "./data.js";
import { describeValue, invalidParam } from "./param-error.js";

/** A log filter (eth_getLogs, eth_newFilter, logs subscriptions). Addresses and topics are lower-case hex. */
export interface LogFilter {
  readonly fromBlock?: BlockNumberOrTag;
  readonly toBlock?: BlockNumberOrTag;
  readonly blockHash?: `0x${string}`;
  /** Any of these addresses; empty = any address. */
  readonly addresses: readonly `0x${string}`[];
  /** Per position: null = anything, else any of the listed topics. */
  readonly topics: readonly (readonly `0x${string}`[] | null)[];
}

/** More topic positions than a LOG opcode can emit (4) can never match; geth refuses them. */
const MAX_TOPICS = 4;

export function parseLogFilter(value: unknown, param: string): LogFilter {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParam(param, `expected a filter object, got ${describeValue(value)}`);
  }
  const fields = value as Record<string, unknown>;
  const has = (name: string) => fields[name] !== undefined && fields[name] !== null;
  if (has("blockHash") && (has("fromBlock") || has("toBlock"))) {
    throw invalidParam(param, "cannot specify both blockHash and fromBlock/toBlock, choose one or the other");
  }
  const address = fields.address;
  const addresses =
    address === undefined || address === null
      ? []
      : (Array.isArray(address) ? address : [address]).map((a, i) => bytesToHex(parseAddress(a, `${param}.address[${i}]`)) as `0x${string}`);
  const rawTopics = fields.topics ?? [];
  if (!Array.isArray(rawTopics)) throw invalidParam(`${param}.topics`, `expected an array, got ${describeValue(rawTopics)}`);
  if (rawTopics.length > MAX_TOPICS) throw invalidParam(`${param}.topics`, `at most ${MAX_TOPICS} topic positions`);
  const topics = rawTopics.map((position: unknown, i) => {
    if (position === null) return null;
    const options = Array.isArray(position) ? position : [position];
    return options.map((topic, j) => bytesToHex(parseHash32(topic, `${param}.topics[${i}][${j}]`)) as `0x${string}`);
  });
  return {
    fromBlock: has("fromBlock") ? parseBlockNumberOrTag(fields.fromBlock, `${param}.fromBlock`) : undefined,
    toBlock: has("toBlock") ? parseBlockNumberOrTag(fields.toBlock, `${param}.toBlock`) : undefined,
    blockHash: has("blockHash") ? (bytesToHex(parseHash32(fields.blockHash, `${param}.blockHash`)) as `0x${string}`) : undefined,
    addresses,
    topics,
  };
}
