import type { RewardSchedule } from "../chain/chain-spec.js";

const BPS = 10_000n;

export interface BlockReward {
  readonly proposer: bigint;
  readonly treasury: bigint;
}

/**
 * The reward of a blue block with this blue score: the initial reward halved once per
 * `halvingInterval` accepted blue blocks before it, split between proposer and treasury (the
 * treasury's share rounds down; the proposer gets the rest, so nothing is created or lost).
 */
export function blockReward(schedule: RewardSchedule, blueScore: bigint): BlockReward {
  const halvings = blueScore / schedule.halvingInterval;
  const total = halvings >= 256n ? 0n : schedule.initialReward >> halvings;
  const treasury = (total * schedule.treasuryShareBps) / BPS;
  return { proposer: total - treasury, treasury };
}
