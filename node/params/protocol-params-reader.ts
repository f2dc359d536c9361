/**
 * Reads ProtocolParams from a post-state by calling it, exactly as a contract would: the node trusts
 * the contract's own logic (pending changes, activation epochs) rather than decoding its storage.
 */
import { createBlock } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { EVM } from "@ethereumjs/evm";
import type { MerkleStateManager } from "@ethereumjs/statemanager";
import { bytesToHex, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { createVM } from "@ethereumjs/vm";
import { Interface, type Result } from "ethers";

const PROTOCOL_PARAMS_ABI = new Interface([
  "function paramsAt(uint256 epoch) view returns (bytes32[] keys, uint256[] values)",
  "function allParams() view returns (bytes32[] keys, tuple(uint256 value, uint256 sinceEpoch, uint256 pendingValue, uint256 activationEpoch, bool hasPending, uint256 min, uint256 max)[] infos)",
]);
/** Far more than reading every key costs; a read is not metered by any block. */
const READ_GAS = 100_000_000n;

/** ProtocolParams could not be read (no code at the address, a revert, undecodable output). */
export class ProtocolParamsReadError extends Error {
  override readonly name = "ProtocolParamsReadError";
}

/** One key as `allParams()` reports it. */
export interface ParamInfo {
  readonly key: `0x${string}`;
  readonly value: bigint;
  readonly sinceEpoch: bigint;
  /** The scheduled change not yet in force, if any. */
  readonly pending?: { readonly value: bigint; readonly activationEpoch: bigint };
  readonly min: bigint;
  readonly max: bigint;
}

export class ProtocolParamsReader {
  constructor(
    private readonly common: Common,
    private readonly address: `0x${string}`,
    private readonly stateAt: (stateRoot: `0x${string}`) => Promise<MerkleStateManager>,
  ) {}

  /** Every registered key's value during `epoch`, as the post-state `stateRoot` has them scheduled. */
  async paramsAt(stateRoot: `0x${string}`, epoch: bigint): Promise<Map<string, bigint>> {
    const [keys, values] = await this.call(stateRoot, 0n, "paramsAt", [epoch]);
    const result = new Map<string, bigint>();
    (keys as string[]).forEach((key, i) => result.set(key.toLowerCase(), (values as bigint[])[i]));
    return result;
  }

  /** Every registered key with its value, pending change and bounds, as a call in block `number` on `stateRoot` sees them. */
  async allParams(stateRoot: `0x${string}`, number: bigint): Promise<ParamInfo[]> {
    const [keys, infos] = await this.call(stateRoot, number, "allParams", []);
    return (keys as string[]).map((key, i) => {
      const info = (infos as Result[])[i];
      const [value, sinceEpoch, pendingValue, activationEpoch, hasPending, min, max] = info as unknown as [bigint, bigint, bigint, bigint, boolean, bigint, bigint];
      return {
        key: key.toLowerCase() as `0x${string}`,
        value,
        sinceEpoch,
        ...(hasPending ? { pending: { value: pendingValue, activationEpoch } } : {}),
        min,
        max,
      };
    });
  }

  private async call(stateRoot: `0x${string}`, number: bigint, method: "paramsAt" | "allParams", args: readonly unknown[]): Promise<Result> {
    const vm = await createVM({ common: this.common, stateManager: await this.stateAt(stateRoot) });
    const block = createBlock({ header: { number } }, { common: this.common, skipConsensusFormatValidation: true });
    const result = await (vm.evm as EVM).runCall({
      to: createAddressFromString(this.address),
      data: hexToBytes(PROTOCOL_PARAMS_ABI.encodeFunctionData(method, args) as `0x${string}`),
      gasLimit: READ_GAS,
      block,
    });
    const output = bytesToHex(result.execResult.returnValue);
    const failure = result.execResult.exceptionError?.error;
    if (failure !== undefined) throw new ProtocolParamsReadError(`ProtocolParams.${method} at ${this.address} failed (${failure}), output ${output}`);
    try {
      return PROTOCOL_PARAMS_ABI.decodeFunctionResult(method, output);
    } catch (error) {
      throw new ProtocolParamsReadError(`ProtocolParams.${method} at ${this.address} returned ${output}: ${(error as Error).message}`);
    }
  }
}
