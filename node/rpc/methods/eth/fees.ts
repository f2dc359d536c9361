import { parseBlockNumberOrTag } from "../../codec/block-tag.js";
import { describeValue, invalidParam } from "../../codec/param-error.js";
import { formatQuantity, parseQuantity } from "../../codec/quantity.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, optional, required } from "../../method-registry.js";
import type { StoredBlock } from "../../../execution/block-store.js";
import { resolveBlock, type ChainReaderContext } from "./chain-reader.js";

/** What the fee methods read: the tip this node suggests (the producer orders by tip). */
export interface FeeContext extends ChainReaderContext {
  readonly suggestedTip: bigint;
}

/** geth caps eth_feeHistory at 1024 blocks. */
const MAX_FEE_HISTORY_BLOCKS = 1024n;

/** `eth_gasPrice` → the next block's base fee plus the suggested tip (a legacy transaction's price). */
export const ethGasPrice = defineMethod({
  name: "eth_gasPrice",
  params: [],
  handler: (_params, context: FeeContext) => formatQuantity(context.chain.nextBaseFee() + context.suggestedTip),
});

/** `eth_baseFee` → the base fee per gas of the next block on the head (EIP-1559, floored at the protocol's minimum gas price). */
export const ethBaseFee = defineMethod({
  name: "eth_baseFee",
  params: [],
  handler: (_params, context: ChainReaderContext) => formatQuantity(context.chain.nextBaseFee()),
});

/** `eth_maxPriorityFeePerGas` → the suggested tip. */
export const ethMaxPriorityFeePerGas = defineMethod({
  name: "eth_maxPriorityFeePerGas",
  params: [],
  handler: (_params, context: FeeContext) => formatQuantity(context.suggestedTip),
});

function parsePercentiles(value: unknown, param: string): number[] {
  if (!Array.isArray(value) || value.some((p) => typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 100)) {
    throw invalidParam(param, `expected an array of numbers in [0, 100], got ${describeValue(value)}`);
  }
  const percentiles = value as number[];
  for (let i = 1; i < percentiles.length; i++) {
    if (percentiles[i] <= percentiles[i - 1]) throw invalidParam(param, "reward percentiles must be in ascending order");
  }
  return percentiles;
}

/** The tips paid in a block at the given gas-weighted percentiles (geth's algorithm). */
function rewardsAt(block: StoredBlock, percentiles: readonly number[]): `0x${string}`[] {
  const tips = block.outcome.executed
    .map((e) => ({ tip: e.effectiveGasPrice - block.header.baseFeePerGas, gas: e.gasUsed }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  if (tips.length === 0) return percentiles.map(() => formatQuantity(0n));
  return percentiles.map((percentile) => {
    const threshold = (Number(block.header.gasUsed) * percentile) / 100;
    let cumulative = 0;
    for (const { tip, gas } of tips) {
      cumulative += Number(gas);
      if (cumulative >= threshold) return formatQuantity(tip);
    }
    return formatQuantity(tips[tips.length - 1].tip);
  });
}

/** `eth_feeHistory(blockCount, newestBlock, rewardPercentiles?)` over chain blocks, as EIP-1559 clients expect. */
export const ethFeeHistory = defineMethod({
  name: "eth_feeHistory",
  params: [
    required("block count", (value, param) => parseQuantity(value, param, 64)),
    required("newest block", parseBlockNumberOrTag),
    optional("reward percentiles", parsePercentiles),
  ],
  handler: ([count, newest, percentiles], context: FeeContext) => {
    if (count === 0n) throw RpcError.invalidParams("block count must be at least 1");
    const blocks = count > MAX_FEE_HISTORY_BLOCKS ? MAX_FEE_HISTORY_BLOCKS : count;
    const last = resolveBlock(context.chain, newest).header.number;
    const oldest = last + 1n >= blocks ? last + 1n - blocks : 0n;
    const range: StoredBlock[] = [];
    for (let n = oldest; n <= last; n++) range.push(context.chain.blockByNumber(n) as StoredBlock);
    const result: Record<string, unknown> = {
      oldestBlock: formatQuantity(oldest),
      baseFeePerGas: [...range.map((b) => formatQuantity(b.header.baseFeePerGas)), formatQuantity(context.chain.blockByNumber(last + 1n)?.header.baseFeePerGas ?? context.chain.nextBaseFee())],
      gasUsedRatio: range.map((b) => Number(b.header.gasUsed) / Number(b.header.gasLimit)),
    };
    if (percentiles !== undefined) result.reward = range.map((b) => rewardsAt(b, percentiles));
    return result;
  },
});

/** `eth_syncing` → false: a node that produces its own chain is never behind. */
export const ethSyncing = defineMethod({
  name: "eth_syncing",
  params: [],
  handler: () => false,
});
