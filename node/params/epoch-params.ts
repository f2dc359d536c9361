/**
 * The parameters in force for each block: read once per epoch boundary block from ProtocolParams and
 * cached by that block's hash, or the chain spec's fixed values on a chain without ProtocolParams.
 */
import type { Common } from "@ethereumjs/common";
import type { MerkleStateManager } from "@ethereumjs/statemanager";
import type { PrecompileParams } from "../../precompiles/evm/precompile.js";
import type { ChainSpec } from "../chain/chain-spec.js";
import type { BlockHash } from "../consensus/hash.js";
import type { ExecutionRules } from "../execution/block-executor.js";
import { boundaryHeight, epochOf } from "./epoch-schedule.js";
import { paramsFromValues, specParams, type NodeParams } from "./node-params.js";
import { ProtocolParamsReadError, ProtocolParamsReader, type ParamInfo } from "./protocol-params-reader.js";

/** What the provider reports: values it had to correct, contracts it could not read. */
export interface EpochParamsLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** The parameters in force for one block. */
export interface BlockParams {
  readonly epoch: bigint;
  readonly values: NodeParams;
  /** Read from ProtocolParams; false on a chain without it (the chain spec's values, fixed). */
  readonly governed: boolean;
}

/** A block on the selected chain of the block whose parameters are wanted. */
export interface ChainBlockRef {
  readonly hash: BlockHash;
  readonly header: { readonly stateRoot: `0x${string}` };
}

/** Boundary blocks whose parameters are kept (a few epochs on a few branches). */
const CACHE_SIZE = 64;

export class EpochParams {
  readonly epochLength: bigint;
  private readonly fixed: NodeParams;
  private readonly cache = new Map<string, Promise<BlockParams>>();

  constructor(
    spec: ChainSpec,
    private readonly reader: ProtocolParamsReader | undefined,
    private readonly log?: EpochParamsLogger,
  ) {
    this.epochLength = BigInt(spec.epochLength);
    if (this.epochLength <= 0n) throw new RangeError(`chain spec ${spec.name}: epochLength must be positive, got ${spec.epochLength}`);
    this.fixed = specParams(spec);
  }

  /** Is the chain governed by ProtocolParams (or running on its spec's fixed values)? */
  get governed(): boolean {
    return this.reader !== undefined;
  }

  /**
   * The parameters of block `number`; `chainBlockAt(height)` names the block at that height on the
   * block's own selected chain (never the node's canonical chain, so a side branch is judged by its
   * own history). Rejects only when the state cannot be read (a storage failure); a ProtocolParams
   * that cannot be called is logged and the spec's values apply, the same on every node.
   */
  forBlock(number: bigint, chainBlockAt: (height: bigint) => ChainBlockRef): Promise<BlockParams> {
    const epoch = epochOf(number, this.epochLength);
    if (this.reader === undefined) return Promise.resolve({ epoch, values: this.fixed, governed: false });
    const boundary = chainBlockAt(boundaryHeight(epoch, this.epochLength));
    const cacheKey = `${boundary.hash}:${epoch}`;
    let params = this.cache.get(cacheKey);
    if (params === undefined) {
      params = this.read(this.reader, boundary, epoch);
      this.cache.set(cacheKey, params);
      params.catch(() => this.cache.delete(cacheKey));
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    }
    return params;
  }

  /**
   * What ProtocolParams' `allParams()` reports to a call in block `number` on the post-state
   * `stateRoot` (current and pending values); undefined on a chain without ProtocolParams.
   */
  allParams(stateRoot: `0x${string}`, number: bigint): Promise<ParamInfo[]> | undefined {
    return this.reader?.allParams(stateRoot, number);
  }

  private async read(reader: ProtocolParamsReader, boundary: ChainBlockRef, epoch: bigint): Promise<BlockParams> {
    let values: Map<string, bigint>;
    try {
      values = await reader.paramsAt(boundary.header.stateRoot, epoch);
    } catch (error) {
      if (!(error instanceof ProtocolParamsReadError)) throw error;
      this.log?.error({ epoch, boundary: boundary.hash, err: error }, "ProtocolParams could not be read; the chain spec's parameters apply");
      return { epoch, values: this.fixed, governed: true };
    }
    const { params, corrections } = paramsFromValues(values, this.fixed);
    for (const correction of corrections) {
      this.log?.warn({ epoch, boundary: boundary.hash, ...correction }, "protocol parameter outside the node's bounds or missing; corrected");
    }
    return { epoch, values: params, governed: true };
  }
}

/** What the precompiles charge under `params`; undefined on a chain without ProtocolParams (their own settings apply). */
export function precompileParamsOf(params: BlockParams): PrecompileParams | undefined {
  if (!params.governed) return undefined;
  return { inferenceGasPerMac: params.values.inferenceGasPerMac, pinFee: params.values.pinFee };
}

/** The rules a block is executed under. */
export function executionRulesOf(params: BlockParams): ExecutionRules {
  const { blockReward, rewardHalvingInterval, treasuryShareBps } = params.values;
  const precompileParams = precompileParamsOf(params);
  return {
    rewards: { initialReward: blockReward, halvingInterval: rewardHalvingInterval, treasuryShareBps },
    ...(precompileParams === undefined ? {} : { precompileParams }),
  };
}

/** The reader of `spec`'s ProtocolParams predeploy, if the spec installs one. */
export function protocolParamsReaderFor(
  spec: ChainSpec,
  common: Common,
  stateAt: (stateRoot: `0x${string}`) => Promise<MerkleStateManager>,
): ProtocolParamsReader | undefined {
  const predeploy = spec.predeploys?.contracts.find((contract) => contract.name === "ProtocolParams");
  return predeploy === undefined ? undefined : new ProtocolParamsReader(common, predeploy.address, stateAt);
}
