// Fixtures, time and balances for contract tests, over JSON-RPC methods that both Hardhat's network
// and a Citrate dev node serve (evm_snapshot/evm_revert, evm_setNextBlockTimestamp, hardhat_mine,
// hardhat_setBalance). hardhat-network-helpers does the same but refuses every node whose
// web3_clientVersion does not start with "hardhat", "anvil" or "zksync", so the same tests could
// not run with `--network citrate`.

/** What the helpers need: a connection's EIP-1193 provider. */
export interface RequestProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** A fixture: deploys and sets up, once per test file; later calls get its state back. */
export type Fixture<T> = () => Promise<T>;

/** A snapshot the node refused to restore, or an answer that does not fit the method. */
export class DevChainHelperError extends Error {
  override readonly name = "DevChainHelperError";
}

export interface DevChainHelpers {
  /**
   * Runs `fixture` the first time and snapshots the chain after it; every later call reverts the
   * chain to that snapshot and returns the first run's result (as hardhat-network-helpers does).
   */
  loadFixture<T>(fixture: Fixture<T>): Promise<T>;
  /** Mines `blocks` empty blocks, `interval` seconds apart. */
  mine(blocks?: number | bigint, options?: { interval?: number | bigint }): Promise<void>;
  /** Sets the balance of `address` to `balance` wei. */
  setBalance(address: string, balance: bigint | number): Promise<void>;
  readonly time: {
    /** The latest block's timestamp. */
    latest(): Promise<number>;
    /** Mines a block `seconds` after the latest one; returns its timestamp. */
    increase(seconds: number | bigint): Promise<number>;
    /** Mines a block at exactly `timestamp`. */
    increaseTo(timestamp: number | bigint): Promise<void>;
  };
}

const quantity = (value: number | bigint): `0x${string}` => `0x${BigInt(value).toString(16)}`;

/** Helpers bound to `provider`, with their own fixture snapshots. */
export function devChainHelpers(provider: RequestProvider): DevChainHelpers {
  const snapshots = new Map<Fixture<unknown>, { id: string; data: unknown }>();

  const snapshot = async (): Promise<string> => {
    const id = await provider.request({ method: "evm_snapshot" });
    if (typeof id !== "string") throw new DevChainHelperError(`evm_snapshot answered ${JSON.stringify(id)}, not a snapshot id`);
    return id;
  };

  const mine: DevChainHelpers["mine"] = async (blocks = 1, options = {}) => {
    await provider.request({ method: "hardhat_mine", params: [quantity(blocks), quantity(options.interval ?? 1)] });
  };

  const latest = async (): Promise<number> => {
    const block = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { timestamp?: unknown } | null;
    if (typeof block?.timestamp !== "string") throw new DevChainHelperError("eth_getBlockByNumber(latest) returned no timestamp");
    return Number.parseInt(block.timestamp, 16);
  };

  const increaseTo = async (timestamp: number | bigint): Promise<void> => {
    await provider.request({ method: "evm_setNextBlockTimestamp", params: [quantity(timestamp)] });
    await mine();
  };

  return {
    async loadFixture<T>(fixture: Fixture<T>): Promise<T> {
      const taken = snapshots.get(fixture);
      if (taken === undefined) {
        const data = await fixture();
        snapshots.set(fixture, { id: await snapshot(), data });
        return data;
      }
      const reverted = await provider.request({ method: "evm_revert", params: [taken.id] });
      if (reverted !== true) throw new DevChainHelperError(`evm_revert refused snapshot ${taken.id} of fixture ${fixture.name || "(anonymous)"}`);
      // A revert uses the snapshot up (and every later one): take it again for the next call.
      for (const [other, entry] of snapshots) if (BigInt(entry.id) > BigInt(taken.id)) snapshots.delete(other);
      taken.id = await snapshot();
      return taken.data as T;
    },
    mine,
    async setBalance(address, balance) {
      await provider.request({ method: "hardhat_setBalance", params: [address, quantity(balance)] });
    },
    time: {
      latest,
      async increase(seconds) {
        await increaseTo(BigInt(await latest()) + BigInt(seconds));
        return latest();
      },
      increaseTo,
    },
  };
}

/**
 * How many runs a property test makes: `runs` on Hardhat's in-process network; over JSON-RPC (a
 * node such as `--network citrate`, where every run mines real blocks) a tenth, at least 5: the
 * same properties, sampled less.
 */
export function fuzzRuns(connection: { networkConfig: { type: string } }, runs: number): number {
  return connection.networkConfig.type === "http" ? Math.max(5, Math.ceil(runs / 10)) : runs;
}

let deployments = 0;

/**
 * The Ignition deployment id for one `ignition.deploy` in a test: none on Hardhat's in-process
 * network, where Ignition keeps no record; over JSON-RPC a new one each time, because Ignition
 * records deployments on disk and would otherwise take contracts that a reverted snapshot has
 * since removed from the chain as already deployed.
 */
export function testDeploymentId(connection: { networkConfig: { type: string } }): string | undefined {
  deployments += 1;
  return connection.networkConfig.type === "http" ? `test-${process.pid}-${deployments}` : undefined;
}
