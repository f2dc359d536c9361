import { devAccounts } from "../dev-accounts.js";
import type { ProtocolPredeployOptions } from "./protocol-predeploys.js";

const LAT = 10n ** 18n;

/**
 * The dev chain's protocol suite: Hardhat accounts #0–#4 stake 1,000 LAT each (credited at genesis,
 * so their LAT balances stay 10,000), #0–#2 sit on the technical council, #0 is the guardian, and
 * votes take a minute, so a proposal runs end to end in a test (move time with evm_increaseTime).
 */
export function devProtocolSettings(epochLength: number): ProtocolPredeployOptions {
  const accounts = devAccounts(5);
  return {
    epochLength,
    governance: {
      stakers: accounts.map((account) => ({ address: account.address, stake: 1_000n * LAT })),
      council: accounts.slice(0, 3).map((account) => account.address),
      guardian: accounts[0].address,
      votingDelay: 1,
      votingPeriod: 60,
      proposalThreshold: LAT,
      tokenQuorumBps: 400,
      technicalQuorumBps: 5_000,
      classDelays: [10n, 10n, 60n, 10n, 5n],
    },
    economy: {
      pinReplicas: 1,
      jailPeriod: 3_600n,
      verificationToleranceBps: 100,
      challengerRewardBps: 5_000,
      loraRoyaltyBps: 500,
      loraJobTimeout: 3_600n,
    },
  };
}
