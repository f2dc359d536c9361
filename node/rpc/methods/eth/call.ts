import type { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { Address, bytesToHex, createZeroAddress } from "@ethereumjs/util";
import type { VM } from "@ethereumjs/vm";
import type { StoredBlock } from "../../../execution/block-store.js";
import { formatAccessList } from "../../codec/access-list.js";
import { parseBlockSelector, type BlockSelector } from "../../codec/block-tag.js";
import { parseCallRequest, type CallRequest } from "../../codec/call-request.js";
import { formatQuantity } from "../../codec/quantity.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, optional, required } from "../../method-registry.js";
import { resolveBlock, type ChainReaderContext } from "./chain-reader.js";

/** What the call methods need beyond the chain: the EVM rules and the gas cap (geth's RPCGasCap). */
export interface CallContext extends ChainReaderContext {
  readonly common: Common;
  readonly callGasCap: bigint;
}

const callObject = required("transaction", parseCallRequest);
const block = optional("block", parseBlockSelector);

/**
 * What a transaction pays besides its code: `base` before running any (base, calldata, creation,
 * access list) and `floor`, the least it is charged in all (EIP-7623's calldata floor).
 */
function intrinsicGas(request: CallRequest, common: Common): { base: bigint; floor: bigint } {
  const to = request.to === undefined ? undefined : new Address(request.to);
  const unsigned = createFeeMarket1559Tx({ to, data: request.data, accessList: formatAccessList(request.accessList ?? []) }, { common });
  return { base: unsigned.getIntrinsicGas(), floor: common.isActivatedEIP(7623) ? unsigned.getDataGas() : 0n };
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** The gas a value-carrying CALL hands its callee for free (EIP-150's stipend), part of geth's first guess. */
const CALL_STIPEND = 2_300n;

interface CallOutcome {
  readonly ok: boolean;
  readonly returnValue: Uint8Array;
  readonly error?: string;
  readonly reverted: boolean;
  /** The gas the transaction would consume, before refunds. */
  readonly gasUsed: bigint;
  /** The refund it would earn (EIP-3529), at most a fifth of what it used. */
  readonly refund: bigint;
}

/** Runs the call with `gasLimit` on the post-state, leaving the state as it was. */
async function runCall(vm: VM, evmBlock: Block, request: CallRequest, gasLimit: bigint, common: Common): Promise<CallOutcome> {
  const { base, floor } = intrinsicGas(request, common);
  const intrinsic = max(base, floor);
  if (gasLimit < intrinsic) {
    return { ok: false, returnValue: new Uint8Array(), error: `intrinsic gas too low: have ${gasLimit}, want ${intrinsic}`, reverted: false, gasUsed: intrinsic, refund: 0n };
  }
  await vm.stateManager.checkpoint();
  try {
    await warmAsTransaction(vm, evmBlock, request);
    const result = await vm.evm.runCall({
      block: evmBlock,
      caller: request.from === undefined ? createZeroAddress() : new Address(request.from),
      origin: request.from === undefined ? createZeroAddress() : new Address(request.from),
      to: request.to === undefined ? undefined : new Address(request.to),
      value: request.value ?? 0n,
      data: request.data,
      gasLimit: gasLimit - base,
      gasPrice: request.gasPrice ?? request.maxFeePerGas ?? 0n,
      // Like geth, a call that names no price needs no funds for gas.
      skipBalance: request.gasPrice === undefined && request.maxFeePerGas === undefined,
    });
    const error = result.execResult.exceptionError;
    const gasUsed = max(base + result.execResult.executionGasUsed, floor);
    const refund = result.execResult.gasRefund ?? 0n;
    return {
      ok: error === undefined,
      returnValue: result.execResult.returnValue,
      error: error?.error,
      reverted: error?.error === "revert",
      gasUsed,
      refund: refund < gasUsed / 5n ? refund : gasUsed / 5n,
    };
  } finally {
    await vm.stateManager.revert();
  }
}

/**
 * A call must cost what the same transaction would: start from a clean EIP-2929 access journal
 * (the VM is reused across estimate probes) and pre-warm what a transaction warms — precompiles,
 * sender, recipient, coinbase (EIP-3651), its access list (EIP-2930).
 */
async function warmAsTransaction(vm: VM, evmBlock: Block, request: CallRequest): Promise<void> {
  const journal = vm.evm.journal;
  await journal.cleanup();
  for (const [address] of vm.evm.precompiles.entries()) journal.addAlwaysWarmAddress(address);
  for (const address of [request.from, request.to, evmBlock.header.coinbase.bytes]) {
    if (address !== undefined) journal.addAlwaysWarmAddress(bytesToHex(address));
  }
  for (const { address, storageKeys } of request.accessList ?? []) {
    journal.addAlwaysWarmAddress(bytesToHex(address));
    for (const key of storageKeys) journal.addAlwaysWarmSlot(bytesToHex(address), bytesToHex(key));
  }
}

/** "pending" is the next block on the head (as geth, Hardhat and anvil run it); any other selector a stored block. */
export function callTarget(context: CallContext, selector: BlockSelector): StoredBlock | "pending" {
  return selector === "pending" ? "pending" : resolveBlock(context.chain, selector);
}

/** The most gas a call may use: the request's, else the block's gas limit capped by `callGasCap` (geth's RPCGasCap). */
export function callGasLimit(context: CallContext, request: CallRequest, evmBlock: Block): bigint {
  const blockLimit = evmBlock.header.gasLimit;
  return request.gas ?? (blockLimit < context.callGasCap ? blockLimit : context.callGasCap);
}

function failure(outcome: CallOutcome): RpcError {
  if (outcome.reverted) return RpcError.executionReverted(bytesToHex(outcome.returnValue) as `0x${string}`);
  return RpcError.serverError(outcome.error ?? "execution failed");
}

/** `eth_call(call, block?)` → the return data of the call on that block's post-state; reverts are error 3 with the revert data. */
export const ethCall = defineMethod({
  name: "eth_call",
  params: [callObject, block],
  handler: async ([request, selector], context: CallContext) => {
    const outcome = await context.chain.withCallEnvironment(callTarget(context, selector ?? "latest"), ({ vm, evmBlock }) =>
      runCall(vm, evmBlock, request, callGasLimit(context, request, evmBlock), context.common),
    );
    if (!outcome.ok) throw failure(outcome);
    return bytesToHex(outcome.returnValue);
  },
});

/**
 * The least gas limit with which `request` succeeds in the selected block (by default the next one,
 * "pending"), found as geth finds it: from the gas a run at the cap used, then by binary search. A call that fails even with the cap (the
 * request's gas, else the block gas limit capped by `callGasCap`) throws an RpcError saying why:
 * error 3 with the revert data, or -32000. eth_estimateGas answers with it; eth_sendTransaction
 * (dev chains) fills a missing gas limit with it.
 */
export async function estimateGas(context: CallContext, request: CallRequest, selector?: BlockSelector): Promise<bigint> {
  return context.chain.withCallEnvironment(callTarget(context, selector ?? "pending"), async ({ vm, evmBlock }) => {
    const cap = callGasLimit(context, request, evmBlock);
    const atCap = await runCall(vm, evmBlock, request, cap, context.common);
    if (!atCap.ok) {
      if (atCap.reverted) throw failure(atCap);
      throw RpcError.serverError(`gas required exceeds allowance (${cap})${atCap.error === undefined ? "" : `: ${atCap.error}`}`);
    }
    // As geth: the call cannot do with less than it used, and usually needs just that, or a little
    // more when inner calls get only 63/64 of what is left (EIP-150) or refunds paid for what it
    // used; try those first, then search what is left, so most estimates take two or three runs.
    let low = atCap.gasUsed - 1n;
    let high = cap;
    const optimistic = ((atCap.gasUsed + atCap.refund + CALL_STIPEND) * 64n) / 63n;
    for (const guess of [atCap.gasUsed, optimistic]) {
      if (guess <= low || guess >= high) continue;
      if ((await runCall(vm, evmBlock, request, guess, context.common)).ok) high = guess;
      else low = guess;
    }
    while (low + 1n < high) {
      const middle = (low + high) / 2n;
      if ((await runCall(vm, evmBlock, request, middle, context.common)).ok) high = middle;
      else low = middle;
    }
    return high;
  });
}

/**
 * `eth_estimateGas(call, block?)` → the least gas limit with which the call succeeds, found by
 * binary search as geth does; a call that fails even with the cap is an error saying why.
 */
export const ethEstimateGas = defineMethod({
  name: "eth_estimateGas",
  params: [callObject, block],
  handler: async ([request, selector], context: CallContext) => formatQuantity(await estimateGas(context, request, selector)),
});
