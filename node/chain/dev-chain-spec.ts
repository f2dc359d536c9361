import type { ChainSpec, GenesisAccount } from "./chain-spec.js";
import type { PredeploySet } from "./predeploys/predeploy.js";
import { DEV_FAUCET_BALANCE, devAccounts, devSystemAccounts } from "./dev-accounts.js";
import { PREDEPLOY_ADDRESSES } from "./predeploys/predeploy.js";

const LAT = 10n ** 18n;

/**
 * The precompiles' accounts exist from genesis: nonce 1, because EIP-161 would delete an empty one,
 * storage and all; and code `0xfe` (INVALID, never run: the precompile answers first), because
 * Solidity refuses to call an address without code when the function returns nothing (Arbitrum's
 * precompiles carry the same marker).
 */
const PRECOMPILE_ACCOUNTS = ["0x0000000000000000000000000000000000001000", "0x0000000000000000000000000000000000001002"] as const;

/**
 * `citrate node --dev`: chain id 1337, the 20 Hardhat test accounts with 10,000 LAT each, the dev
 * node's own accounts (the faucet with `DEV_FAUCET_BALANCE`); block
 * rewards' treasury share goes to the Treasury predeploy's address. Predeploys come from compiled
 * artifacts, so the node adds them (`withPredeploys`); this spec alone has none.
 */
export function devChainSpec(): ChainSpec {
  const alloc = new Map<`0x${string}`, GenesisAccount>(devAccounts().map((account) => [account.address, { balance: 10_000n * LAT }]));
  const { faucet, ...system } = devSystemAccounts();
  for (const account of Object.values(system)) alloc.set(account.address, { balance: 10_000n * LAT });
  alloc.set(faucet.address, { balance: DEV_FAUCET_BALANCE });
  for (const address of PRECOMPILE_ACCOUNTS) alloc.set(address, { balance: 0n, nonce: 1n, code: "0xfe" });
  return {
    name: "citrate-dev",
    chainId: 1337n,
    k: 18,
    maxParents: 10,
    blockGasLimit: 30_000_000n,
    initialBaseFee: 1_000_000_000n,
    rewards: { initialReward: 10n * LAT, halvingInterval: 2_100_000n, treasuryShareBps: 1_000n, treasury: PREDEPLOY_ADDRESSES.Treasury },
    epochLength: 100,
    genesisTimestamp: 0n,
    alloc,
  };
}

/** `spec` with `predeploys` installed at genesis. */
export function withPredeploys(spec: ChainSpec, predeploys: PredeploySet): ChainSpec {
  return { ...spec, predeploys };
}
