import type { BlockHash } from "../consensus/hash.js";
import type { PredeploySet } from "./predeploys/predeploy.js";

/** An account's state at genesis. */
export interface GenesisAccount {
  readonly balance: bigint;
  readonly nonce?: bigint;
  readonly code?: `0x${string}`;
  readonly storage?: Readonly<Record<`0x${string}`, `0x${string}`>>;
}

/** How blue blocks are rewarded when they are accepted. */
export interface RewardSchedule {
  /** Reward of a blue block before the first halving, in wei. */
  readonly initialReward: bigint;
  /** The reward halves every this many accepted (blue) blocks. */
  readonly halvingInterval: bigint;
  /** Share of each reward paid to the treasury, in basis points. */
  readonly treasuryShareBps: bigint;
  readonly treasury: `0x${string}`;
}

/** Everything that makes a Citrate chain what it is; every node of a chain has the same spec. */
export interface ChainSpec {
  readonly name: string;
  readonly chainId: bigint;
  /** GHOSTDAG's anticone bound. */
  readonly k: number;
  readonly maxParents: number;
  readonly blockGasLimit: bigint;
  /** Base fee of the genesis' children (EIP-1559 moves it from there). */
  readonly initialBaseFee: bigint;
  readonly rewards: RewardSchedule;
  /** Chain blocks per governance epoch (parameters change at epoch boundaries). */
  readonly epochLength: number;
  readonly genesisTimestamp: bigint;
  readonly alloc: ReadonlyMap<`0x${string}`, GenesisAccount>;
  /** System contracts installed at genesis after `alloc` (none in specs built without artifacts). */
  readonly predeploys?: PredeploySet;
}

/** A block hash or the genesis of a spec; re-exported for readers of chain types. */
export type { BlockHash };
