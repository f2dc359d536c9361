import { createBlock, type Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { createAccessList2930Tx, createFeeMarket1559Tx, type AccessList, type AccessList2930Tx, type FeeMarket1559Tx } from "@ethereumjs/tx";
import { Address, createContractAddress, createZeroAddress } from "@ethereumjs/util";
import { runTx, type RunTxResult, type VM } from "@ethereumjs/vm";
import { formatAccessList, type AccessListEntryJson } from "../../codec/access-list.js";
import { parseBlockSelector, type BlockSelector } from "../../codec/block-tag.js";
import { parseCallRequest, type CallRequest } from "../../codec/call-request.js";
import type { Hex } from "../../codec/hex.js";
import { formatQuantity } from "../../codec/quantity.js";
import { RpcError } from "../../json-rpc.js";
import { defineMethod, optional, required } from "../../method-registry.js";
import { callGasLimit, callTarget, type CallContext } from "./call.js";

/**
 * The most times eth_createAccessList runs the call. Each run warms what the previous one accessed,
 * and geth stops when that adds nothing; ordinary calls settle on the second run. A call whose
 * accesses depend on its gas (a slot read at GAS, say) would grow the list on every run, so it is
 * refused after this many rather than run until the list's own cost exhausts the gas cap.
 */
export const MAX_ACCESS_LIST_RUNS = 16;

/** eth_createAccessList's answer (execution-apis' "Access list result"). */
export interface AccessListOutcome {
  readonly accessList: AccessListEntryJson[];
  /** The gas the transaction uses with that access list (after refunds, at least the EIP-7623 floor). */
  readonly gasUsed: bigint;
  /** Why the call failed with that access list ("execution reverted", "out of gas", …), as geth says it. */
  readonly error?: string;
}

/** The EVM's error names geth words otherwise. */
const GETH_ERRORS: Readonly<Record<string, string>> = { revert: "execution reverted" };

/**
 * The accesses a run traced as an access list: each address once with its keys, sorted (geth's order),
 * without the addresses a transaction warms anyway (sender, recipient or created contract,
 * precompiles) unless the call read their storage — their keys still save gas when listed.
 */
function settledList(traced: AccessList, warmAnyway: ReadonlySet<string>): AccessListEntryJson[] {
  const slotsOf = new Map<Hex, Set<Hex>>();
  for (const { address, storageKeys } of traced) {
    const account = address.toLowerCase() as Hex;
    const slots = slotsOf.get(account) ?? new Set<Hex>();
    for (const key of storageKeys) slots.add(key.toLowerCase() as Hex);
    slotsOf.set(account, slots);
  }
  return [...slotsOf]
    .filter(([address, slots]) => slots.size > 0 || !warmAnyway.has(address))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([address, slots]) => ({ address, storageKeys: [...slots].sort() }));
}

/** The block a call that names no price runs in: base fee 0, as geth runs such calls. */
function withoutBaseFee(evmBlock: Block): Block {
  return createBlock({ header: { ...evmBlock.header.toJSON(), baseFeePerGas: 0n } }, { common: evmBlock.common, skipConsensusFormatValidation: true });
}

/** The call as an unsigned transaction from `sender` carrying `accessList`: type 0x1 with a gas price, else 0x2. */
function transactionOf(request: CallRequest, sender: Address, accessList: AccessList, gasLimit: bigint, common: Common): FeeMarket1559Tx | AccessList2930Tx {
  const fields = {
    to: request.to === undefined ? undefined : new Address(request.to),
    value: request.value ?? 0n,
    data: request.data,
    gasLimit,
    accessList,
  };
  const options = { common, freeze: false };
  const tx =
    request.gasPrice === undefined
      ? createFeeMarket1559Tx({ ...fields, maxFeePerGas: request.maxFeePerGas ?? 0n, maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? 0n }, options)
      : createAccessList2930Tx({ ...fields, gasPrice: request.gasPrice }, options);
  // runTx reads the sender from the signature; an unsigned call names it instead (ethereumjs' own
  // client runs eth_estimateGas the same way).
  tx.getSenderAddress = () => sender;
  return tx;
}

/** runTx's refusals end with a dump of the VM, block and transaction; the client needs only the reason. */
function refusal(error: unknown): RpcError {
  const message = error instanceof Error ? error.message : String(error);
  return RpcError.serverError(`failed to apply transaction: ${message.replace(/\s*\(vm hf=[\s\S]*$/, "")}`);
}

/** Runs the transaction on the post-state with access-list reporting, leaving the state as it was. */
async function traceRun(vm: VM, block: Block, tx: FeeMarket1559Tx | AccessList2930Tx, skipBalance: boolean): Promise<RunTxResult> {
  await vm.stateManager.checkpoint();
  try {
    return await runTx(vm, { tx, block, skipNonce: true, skipBalance, skipBlockGasLimitValidation: true, skipHardForkValidation: true, reportAccessList: true });
  } catch (error) {
    throw refusal(error);
  } finally {
    await vm.stateManager.revert();
  }
}

/**
 * The access list of a call on the post-state of the selected block (by default the next block, as
 * eth_estimateGas), as geth
 * builds it: run the call as a transaction carrying the list so far (at first the request's own),
 * trace every account and slot it touches, and run again with what was traced until a run adds
 * nothing. A call that names no price runs with base fee 0 and needs no funds for gas, as eth_call.
 * A call the EVM fails still answers, with `error`; one that cannot run as a transaction at all
 * (its fee under the base fee, too little gas for the intrinsic cost, a sender with code) is -32000.
 */
export async function createAccessList(context: CallContext, request: CallRequest, selector?: BlockSelector): Promise<AccessListOutcome> {
  return context.chain.withCallEnvironment(callTarget(context, selector ?? "pending"), async ({ vm, evmBlock }) => {
    const sender = request.from === undefined ? createZeroAddress() : new Address(request.from);
    const nonce = (await vm.stateManager.getAccount(sender))?.nonce ?? 0n;
    const recipient = request.to === undefined ? createContractAddress(sender, nonce) : new Address(request.to);
    const warmAnyway = new Set([sender.toString(), recipient.toString(), ...[...vm.evm.precompiles.keys()].map((key) => `0x${key.replace(/^0x/, "").toLowerCase()}`)]);
    const priced = request.gasPrice !== undefined || request.maxFeePerGas !== undefined;
    const block = priced ? evmBlock : withoutBaseFee(evmBlock);
    const gasLimit = callGasLimit(context, request, evmBlock);
    let list = settledList(formatAccessList(request.accessList ?? []), warmAnyway);
    for (let run = 0; run < MAX_ACCESS_LIST_RUNS; run++) {
      const result = await traceRun(vm, block, transactionOf(request, sender, list, gasLimit, context.common), !priced);
      const traced = settledList(result.accessList ?? [], warmAnyway);
      // Both lists are in settledList's canonical form, so equal lists have equal JSON.
      if (JSON.stringify(traced) === JSON.stringify(list)) {
        const error = result.execResult.exceptionError?.error;
        return { accessList: list, gasUsed: result.totalGasSpent, ...(error === undefined ? {} : { error: GETH_ERRORS[error] ?? error }) };
      }
      list = traced;
    }
    throw RpcError.serverError(`the access list did not settle in ${MAX_ACCESS_LIST_RUNS} runs: the call's accesses change with the list (e.g. they depend on its gas)`);
  });
}

/**
 * `eth_createAccessList(transaction, block?)` → `{ accessList, gasUsed, error? }`: the access list
 * that warms what the call touches, and the gas the call uses with it (see `createAccessList`).
 */
export const ethCreateAccessList = defineMethod({
  name: "eth_createAccessList",
  params: [required("transaction", parseCallRequest), optional("block", parseBlockSelector)],
  handler: async ([request, selector], context: CallContext) => {
    const { accessList, gasUsed, error } = await createAccessList(context, request, selector);
    return { accessList, gasUsed: formatQuantity(gasUsed), ...(error === undefined ? {} : { error }) };
  },
});
