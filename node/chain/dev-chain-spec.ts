import type { ChainSpec, GenesisAccount } from "./chain-spec.js";
import { devAccounts } from "./dev-accounts.js";

const LAT = 10n ** 18n;

/** The treasury of the dev chain until the Treasury contract is a predeploy. */
export const DEV_TREASURY = "0x000000000000000000000000000000000000c17a" as const;

/** `citrate node --dev`: chain id 1337, the 20 Hardhat test accounts with 10,000 LAT each. */
export function devChainSpec(): ChainSpec {
  const alloc = new Map<`0x${string}`, GenesisAccount>(devAccounts().map((account) => [account.address, { balance: 10_000n * LAT }]));
  return {
    name: "citrate-dev",
    chainId: 1337n,
    k: 18,
    maxParents: 10,
    blockGasLimit: 30_000_000n,
    initialBaseFee: 1_000_000_000n,
    rewards: { initialReward: 10n * LAT, halvingInterval: 2_100_000n, treasuryShareBps: 1_000n, treasury: DEV_TREASURY },
    epochLength: 100,
    genesisTimestamp: 0n,
    alloc,
  };
}
