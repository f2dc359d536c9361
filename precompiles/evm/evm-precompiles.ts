import type { EVM, ExecResult, Log, Message, PrecompileInput } from "@ethereumjs/evm";
import { EVMError } from "@ethereumjs/evm";
import { AbiCoder } from "ethers";
import { Account, createAddressFromString, hexToBytes, setLengthLeft, type Address } from "@ethereumjs/util";
import type { Precompile, PrecompileBlock, PrecompileCall, PrecompileOutcome, PrecompileParams, PrecompileStorage, Word } from "./precompile.js";

/** The `customPrecompiles` entry ethereumjs takes. */
export interface CustomPrecompile {
  readonly address: Address;
  readonly function: (input: PrecompileInput) => Promise<ExecResult>;
}

/** Called when a handler throws: the call is reverted, but the node must hear about it. */
export type PrecompileFaultListener = (precompile: Precompile, error: unknown) => void;

/** `Error(string)`'s selector, the revert data Solidity's `require(…, reason)` produces. */
const ERROR_SELECTOR = hexToBytes("0x08c379a0");

/**
 * Adapts Citrate precompiles to ethereumjs. ethereumjs hands a precompile only its calldata and gas,
 * so the adapter learns the caller, value and static flag from the EVM's `beforeMessage` event: the
 * last message an EVM announced before it runs a precompile is that precompile's own call, since
 * nothing else starts in between. Call `attach(evm, params)` on every EVM that runs these precompiles;
 * `params` are the block's protocol parameters, handed to every call that EVM makes.
 */
export class EvmPrecompiles {
  private readonly lastMessage = new WeakMap<EVM, Message>();
  private readonly attached = new WeakSet<EVM>();
  private readonly params = new WeakMap<EVM, PrecompileParams>();

  constructor(
    readonly precompiles: readonly Precompile[],
    private readonly onFault: PrecompileFaultListener = () => {},
  ) {}

  /** The entries for `createVM({ evmOpts: { customPrecompiles } })`. */
  customPrecompiles(): CustomPrecompile[] {
    return this.precompiles.map((precompile) => ({
      address: createAddressFromString(precompile.address),
      function: (input: PrecompileInput) => this.run(precompile, input),
    }));
  }

  /** Starts tracking the messages of `evm` (idempotent) and gives its calls `params` (or none). */
  attach(evm: EVM, params?: PrecompileParams): void {
    if (params === undefined) this.params.delete(evm);
    else this.params.set(evm, params);
    if (this.attached.has(evm)) return;
    this.attached.add(evm);
    evm.events.on("beforeMessage", (message: Message) => {
      this.lastMessage.set(evm, message);
    });
  }

  private async run(precompile: Precompile, input: PrecompileInput): Promise<ExecResult> {
    const evm = input._EVM as EVM;
    const message = this.lastMessage.get(evm);
    if (message === undefined) {
      this.onFault(precompile, new Error(`${precompile.name}: EVM not attached, caller unknown`));
      return revertResult("precompile unavailable", 0n);
    }
    const params = this.params.get(evm);
    const call: PrecompileCall = {
      ...(params === undefined ? {} : { params }),
      caller: message.caller.toString(),
      value: message.value,
      isStatic: message.isStatic,
      input: input.data,
      gasLimit: input.gasLimit,
      block: blockOf(evm),
      storage: accountStorage(evm, createAddressFromString(precompile.address)),
    };
    let result: PrecompileOutcome;
    try {
      result = await precompile.run(call);
    } catch (error) {
      // A throw would leave the EVM journal's checkpoints open; a handler bug becomes a revert.
      this.onFault(precompile, error);
      return revertResult(`${precompile.name}: internal error`, input.gasLimit);
    }
    return execResult(precompile, result, input.gasLimit);
  }
}

function execResult(precompile: Precompile, result: PrecompileOutcome, gasLimit: bigint): ExecResult {
  if (result.kind === "outOfGas" || result.gasUsed > gasLimit) {
    return { returnValue: new Uint8Array(0), executionGasUsed: gasLimit, exceptionError: new EVMError(EVMError.errorMessages.OUT_OF_GAS) };
  }
  if (result.kind === "revert") return revertResult(result.reason, result.gasUsed);
  const address = hexToBytes(precompile.address);
  const logs: Log[] = (result.logs ?? []).map((log) => [address, [...log.topics], log.data]);
  return { returnValue: result.output, executionGasUsed: result.gasUsed, logs };
}

function revertResult(reason: string, gasUsed: bigint): ExecResult {
  return { returnValue: encodeRevertReason(reason), executionGasUsed: gasUsed, exceptionError: new EVMError(EVMError.errorMessages.REVERT) };
}

/** `Error(string)` revert data. */
export function encodeRevertReason(reason: string): Uint8Array {
  const encoded = hexToBytes(AbiCoder.defaultAbiCoder().encode(["string"], [reason]) as `0x${string}`);
  const data = new Uint8Array(4 + encoded.length);
  data.set(ERROR_SELECTOR, 0);
  data.set(encoded, 4);
  return data;
}

/** The block the EVM runs in; ethereumjs keeps it on the EVM for the duration of a call or transaction. */
function blockOf(evm: EVM): PrecompileBlock {
  const block = (evm as unknown as { _block?: { header: { number: bigint; timestamp: bigint } } })._block;
  return { number: block?.header.number ?? 0n, timestamp: block?.header.timestamp ?? 0n };
}

/**
 * The precompile account's storage through the EVM's journaled state manager. The account is kept
 * non-empty (nonce 1, as genesis creates it): EIP-161 deletes touched empty accounts, storage and all.
 */
function accountStorage(evm: EVM, address: Address): PrecompileStorage {
  const state = evm.stateManager;
  return {
    async get(slot: Word): Promise<Word> {
      const value = await state.getStorage(address, slot);
      return setLengthLeft(value, 32);
    },
    async put(slot: Word, value: Word): Promise<void> {
      const account = await state.getAccount(address);
      if (account === undefined || account.nonce === 0n) {
        await state.putAccount(address, new Account(1n, account?.balance ?? 0n, account?.storageRoot, account?.codeHash));
      }
      await state.putStorage(address, slot, value);
    },
  };
}
