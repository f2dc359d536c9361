import { BlockTimestampError, type ProduceBlock } from "../../../producer/block-producer.js";
import { describeValue, invalidParam } from "../../codec/param-error.js";
import { parseQuantity } from "../../codec/quantity.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, optional, required } from "../../method-registry.js";
import type { ChainReader } from "../eth/chain-reader.js";

/** The dev chain's movable clock (node/dev/dev-clock.ts). */
export interface DevClockControl {
  /** Adds `seconds` to the offset; returns the total offset. */
  increaseTime(seconds: bigint): bigint;
  /** Stamps the next block with exactly `timestamp`. */
  setNextTimestamp(timestamp: bigint): void;
}

/** The block producer, used exclusively: nothing else is mined while `work` runs. */
export interface ExclusiveProducer {
  exclusive<T>(work: (produce: ProduceBlock) => Promise<T>): Promise<T>;
}

/** What the mining and time methods drive: the producer, its clock, and the head (for checks). */
export interface DevMiningContext {
  readonly chain: Pick<ChainReader, "head">;
  readonly clock: DevClockControl;
  readonly producer: ExclusiveProducer;
  /** The most blocks one hardhat_mine may produce (each is a real, verifiable block). */
  readonly maxMineBlocks: bigint;
}

/**
 * Seconds (a timestamp or a duration) as Hardhat's test methods take them: a JSON number (a
 * non-negative integer) or a QUANTITY of at most 64 bits.
 */
export function parseSeconds(value: unknown, param: string): bigint {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw invalidParam(param, `expected a non-negative integer number of seconds, got ${describeValue(value)}`);
    return BigInt(value);
  }
  if (typeof value === "string") return parseQuantity(value, param, 64);
  throw invalidParam(param, `expected a number or a QUANTITY, got ${describeValue(value)}`);
}

function parseBlockCount(value: unknown, param: string): bigint {
  return parseQuantity(value, param, 64);
}

function parseInterval(value: unknown, param: string): bigint {
  const interval = parseQuantity(value, param, 64);
  if (interval === 0n) throw invalidParam(param, "the interval must be at least 1 second: Citrate block timestamps strictly increase");
  return interval;
}

/** A set timestamp that is not after the head's: -32000 with the producer's explanation. */
function timestampFailure(error: unknown): never {
  if (error instanceof BlockTimestampError) throw RpcError.serverError(`${error.message}: block timestamps strictly increase`);
  throw error;
}

/**
 * `evm_mine(timestamp?)` → `"0x0"` once a block (with whatever the pool holds) is mined. With a
 * timestamp (a number or QUANTITY; 0 means none, as Hardhat reads it) the block gets exactly that
 * timestamp, which must be after the head's, and time goes on from there.
 */
export const evmMine = defineMethod({
  name: "evm_mine",
  params: [optional("timestamp", parseSeconds)],
  handler: async ([timestamp], context: DevMiningContext) => {
    await context.producer.exclusive((produce) => produce(timestamp === 0n ? undefined : timestamp)).catch(timestampFailure);
    return "0x0";
  },
});

/**
 * `evm_setNextBlockTimestamp(timestamp)` → the timestamp, as a decimal string (Hardhat's answer).
 * The next block, whatever mines it, gets exactly that timestamp; it must be after the head's
 * (-32000 otherwise). Time goes on from there.
 */
export const evmSetNextBlockTimestamp = defineMethod({
  name: "evm_setNextBlockTimestamp",
  params: [required("timestamp", parseSeconds)],
  handler: async ([timestamp], context: DevMiningContext) => {
    await context.producer.exclusive(async () => {
      const head = context.chain.head().header.timestamp;
      if (timestamp <= head) timestampFailure(new BlockTimestampError(timestamp, head));
      context.clock.setNextTimestamp(timestamp);
    });
    return timestamp.toString();
  },
});

/**
 * `evm_increaseTime(seconds)` → the total offset of the chain's clock from the wall clock, in
 * seconds, as a decimal string (Hardhat's and EDR's answer: "This RPC call is an exception").
 * Blocks mined afterwards are stamped that much later.
 */
export const evmIncreaseTime = defineMethod({
  name: "evm_increaseTime",
  params: [required("seconds", parseSeconds)],
  handler: ([seconds], context: DevMiningContext) => context.clock.increaseTime(seconds).toString(),
});

/**
 * `hardhat_mine(blockCount?, interval?)` → `true` once `blockCount` blocks (QUANTITY, default 1)
 * are mined, with nothing else mined in between. The first is stamped as any next block (a set
 * next timestamp, the clock's offset); each further one `interval` seconds (default 1) after the
 * previous, and time goes on from the last. The first blocks take what the pool holds.
 */
export const hardhatMine = defineMethod({
  name: "hardhat_mine",
  params: [optional("block count", parseBlockCount), optional("interval", parseInterval)],
  handler: async ([count = 1n, interval = 1n], context: DevMiningContext) => {
    if (count > context.maxMineBlocks) {
      throw RpcError.limitExceeded(`cannot mine ${count} blocks in one call (limit ${context.maxMineBlocks}): Citrate produces every block`);
    }
    await context.producer.exclusive(async (produce) => {
      let previous: bigint | undefined;
      for (let i = 0n; i < count; i++) {
        const { block } = await produce(previous === undefined ? undefined : previous + interval);
        previous = block.header.timestamp;
      }
    });
    return true;
  },
});

/**
 * `hardhat_getAutomine` → `true`: a dev node mines a block as soon as transactions arrive (with
 * `--block-time`, on its interval as well). Hardhat's and anvil's answer when automining; Hardhat
 * Ignition reads it to wait for one confirmation instead of five.
 */
export const hardhatGetAutomine = defineMethod({
  name: "hardhat_getAutomine",
  params: [],
  handler: () => true,
});
