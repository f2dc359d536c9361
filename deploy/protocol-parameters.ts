// The protocol parameters of a Citrate chain: each key's name, unit, bounds and initial value.
// The Ignition modules and (later) the genesis builder initialise ProtocolParams from this table;
// docs/contracts.md documents it.
import { id } from "ethers";

const LAT = 10n ** 18n;
const GWEI = 10n ** 9n;
const DAY = 86_400n;

/** One protocol parameter: its ParamKeys constant, dotted name, unit, bounds and dev-chain value. */
export interface ParamRow {
  readonly constant: string;
  readonly name: string;
  readonly unit: string;
  readonly min: bigint;
  readonly max: bigint;
  readonly initial: bigint;
}

/** The dev chain's parameters, in ParamKeys order. Keep in step with docs/contracts.md. */
export const PARAM_TABLE: readonly ParamRow[] = [
  { constant: "FEE_PROVIDER_BPS", name: "citrate.fee.providerBps", unit: "bps", min: 5_000n, max: 10_000n, initial: 8_000n },
  { constant: "FEE_TREASURY_BPS", name: "citrate.fee.treasuryBps", unit: "bps", min: 0n, max: 5_000n, initial: 1_500n },
  { constant: "FEE_BURN_BPS", name: "citrate.fee.burnBps", unit: "bps", min: 0n, max: 5_000n, initial: 500n },
  { constant: "MIN_STAKE_PER_CAPACITY", name: "citrate.staking.minStakePerCapacity", unit: "wei", min: LAT / 1_000n, max: 1_000_000n * LAT, initial: 100n * LAT },
  { constant: "UNBONDING_PERIOD", name: "citrate.staking.unbondingPeriod", unit: "s", min: 3_600n, max: 30n * DAY, initial: 7n * DAY },
  { constant: "CHALLENGE_WINDOW", name: "citrate.inference.challengeWindow", unit: "s", min: 10n, max: 7n * DAY, initial: 600n },
  { constant: "REQUEST_TIMEOUT", name: "citrate.inference.requestTimeout", unit: "s", min: 10n, max: DAY, initial: 300n },
  { constant: "REGISTRATION_FEE", name: "citrate.registry.registrationFee", unit: "wei", min: 0n, max: 10_000n * LAT, initial: LAT },
  { constant: "SLASH_TIMEOUT_BPS", name: "citrate.slash.timeoutBps", unit: "bps", min: 0n, max: 5_000n, initial: 500n },
  { constant: "SLASH_WRONG_RESULT_BPS", name: "citrate.slash.wrongResultBps", unit: "bps", min: 0n, max: 10_000n, initial: 2_000n },
  { constant: "MIN_GAS_PRICE", name: "citrate.node.minGasPrice", unit: "wei", min: 0n, max: 1_000n * GWEI, initial: GWEI },
  { constant: "BLOCK_GAS_LIMIT", name: "citrate.node.blockGasLimit", unit: "gas", min: 5_000_000n, max: 1_000_000_000n, initial: 30_000_000n },
  { constant: "BLOCK_REWARD", name: "citrate.node.blockReward", unit: "wei", min: 0n, max: 100n * LAT, initial: 10n * LAT },
  { constant: "REWARD_HALVING_INTERVAL", name: "citrate.node.rewardHalvingInterval", unit: "blocks", min: 10_000n, max: 1_000_000_000n, initial: 2_100_000n },
  { constant: "TREASURY_SHARE_BPS", name: "citrate.node.treasuryShareBps", unit: "bps", min: 0n, max: 5_000n, initial: 1_000n },
  { constant: "TARGET_BLOCK_TIME", name: "citrate.node.targetBlockTime", unit: "ms", min: 100n, max: 60_000n, initial: 1_000n },
  { constant: "INFERENCE_GAS_PER_MAC", name: "citrate.node.inferenceGasPerMac", unit: "gas", min: 1n, max: 1_000n, initial: 1n },
  { constant: "PIN_FEE", name: "citrate.node.pinFee", unit: "wei", min: 0n, max: 1_000n * LAT, initial: LAT / 100n },
];

/** keccak256 of each parameter's dotted name, by ParamKeys constant name. */
export const KEY: Readonly<Record<string, string>> = Object.fromEntries(PARAM_TABLE.map((row) => [row.constant, id(row.name)]));

/** A `ParamSpec` as `ProtocolParams.initialize` takes it. */
export interface ParamSpec {
  key: string;
  min: bigint;
  max: bigint;
  initial: bigint;
}

/** The dev table as `initialize` specs. */
export function devParamSpecs(): ParamSpec[] {
  return PARAM_TABLE.map((row) => ({ key: id(row.name), min: row.min, max: row.max, initial: row.initial }));
}

