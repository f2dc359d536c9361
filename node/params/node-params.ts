/**
 * The protocol parameters the node itself applies (the `citrate.node.*` keys of ProtocolParams), their
 * hard bounds, and where their values come from when a chain has no ProtocolParams predeploy.
 */
import { id } from "ethers";
import { PARAM_TABLE, type ParamRow } from "../../deploy/protocol-parameters.js";
import type { ChainSpec } from "../chain/chain-spec.js";

/** The values the node applies to one block (all from the same epoch). */
export interface NodeParams {
  /** Fee floor in wei per gas (mempool and producer policy). */
  readonly minGasPrice: bigint;
  /** Gas limit every block header must carry (consensus). */
  readonly blockGasLimit: bigint;
  /** Reward of a blue block before the first halving, in wei (consensus). */
  readonly blockReward: bigint;
  /** The reward halves every this many blue blocks (by blue score; consensus). */
  readonly rewardHalvingInterval: bigint;
  /** Share of each block reward paid to the treasury, in basis points (consensus). */
  readonly treasuryShareBps: bigint;
  /** Interval between produced blocks, in milliseconds (producer policy). */
  readonly targetBlockTime: bigint;
  /** Gas per multiply-accumulate of an inference on the MODEL precompile (consensus). */
  readonly inferenceGasPerMac: bigint;
  /** Fee per replica of an ARTIFACT `pin`, in wei (consensus). */
  readonly pinFee: bigint;
}

export type NodeParamField = keyof NodeParams;

/** One node parameter: its field, ProtocolParams key (keccak256 of its dotted name) and hard bounds. */
export interface NodeParamDefinition {
  readonly field: NodeParamField;
  readonly name: string;
  readonly key: `0x${string}`;
  readonly min: bigint;
  readonly max: bigint;
}

const FIELD_BY_CONSTANT: Readonly<Record<string, NodeParamField>> = {
  MIN_GAS_PRICE: "minGasPrice",
  BLOCK_GAS_LIMIT: "blockGasLimit",
  BLOCK_REWARD: "blockReward",
  REWARD_HALVING_INTERVAL: "rewardHalvingInterval",
  TREASURY_SHARE_BPS: "treasuryShareBps",
  TARGET_BLOCK_TIME: "targetBlockTime",
  INFERENCE_GAS_PER_MAC: "inferenceGasPerMac",
  PIN_FEE: "pinFee",
};

function rowOf(field: NodeParamField): ParamRow {
  const row = PARAM_TABLE.find((candidate) => FIELD_BY_CONSTANT[candidate.constant] === field);
  if (row === undefined) throw new Error(`the protocol parameter table has no row for ${field}`);
  return row;
}

/** The node's parameters in the protocol table's order; the bounds are the table's (ProtocolParams holds the same). */
export const NODE_PARAMS: readonly NodeParamDefinition[] = (Object.values(FIELD_BY_CONSTANT) as NodeParamField[]).map((field) => {
  const row = rowOf(field);
  return { field, name: row.name, key: id(row.name) as `0x${string}`, min: row.min, max: row.max };
});

/** A protocol parameter's dotted name by key, for every key of the table (node keys and contract keys). */
export const PARAM_NAMES: ReadonlyMap<string, string> = new Map(PARAM_TABLE.map((row) => [id(row.name), row.name]));

/**
 * The parameters of a chain without ProtocolParams, fixed for its whole life: gas limit and rewards
 * from the chain spec; no protocol fee floor (the operator's floor applies alone); the protocol
 * table's initial values for the rest. Not clamped: such a chain behaves exactly as its spec says.
 */
export function specParams(spec: ChainSpec): NodeParams {
  return {
    minGasPrice: 0n,
    blockGasLimit: spec.blockGasLimit,
    blockReward: spec.rewards.initialReward,
    rewardHalvingInterval: spec.rewards.halvingInterval,
    treasuryShareBps: spec.rewards.treasuryShareBps,
    targetBlockTime: rowOf("targetBlockTime").initial,
    inferenceGasPerMac: rowOf("inferenceGasPerMac").initial,
    pinFee: rowOf("pinFee").initial,
  };
}

/** A value read from ProtocolParams that the node did not take as it was. */
export interface ParamCorrection {
  readonly name: string;
  /** The value read; undefined when the key was not registered. */
  readonly read: bigint | undefined;
  readonly applied: bigint;
  readonly reason: "belowMin" | "aboveMax" | "missing";
}

/**
 * The node's parameters from the `(key, value)` pairs ProtocolParams reported: each value is clamped
 * to its hard bounds (ProtocolParams already refuses such values; this is the node's own guard), and
 * a key that is not registered keeps its value from `fallback`. Every correction is reported.
 */
export function paramsFromValues(values: ReadonlyMap<string, bigint>, fallback: NodeParams): { params: NodeParams; corrections: ParamCorrection[] } {
  const params: Record<NodeParamField, bigint> = { ...fallback };
  const corrections: ParamCorrection[] = [];
  for (const definition of NODE_PARAMS) {
    const read = values.get(definition.key);
    if (read === undefined) {
      corrections.push({ name: definition.name, read, applied: fallback[definition.field], reason: "missing" });
      continue;
    }
    const applied = read < definition.min ? definition.min : read > definition.max ? definition.max : read;
    if (applied !== read) corrections.push({ name: definition.name, read, applied, reason: read < definition.min ? "belowMin" : "aboveMax" });
    params[definition.field] = applied;
  }
  return { params, corrections };
}
