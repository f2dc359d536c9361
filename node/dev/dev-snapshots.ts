import type { BlockHash } from "../consensus/hash.js";
import type { DevClockState } from "./dev-clock.js";

/** What a snapshot needs of the node: its tips, and rewinding the DAG to earlier tips. */
export interface RewindableChain {
  tips(): readonly BlockHash[];
  /** Drops every block outside `past(tips) ∪ tips` (`CitrateNode.rewind`). */
  rewind(tips: readonly BlockHash[]): Promise<void>;
}

/** The dev clock's state, saved with each snapshot. */
export interface SavableClock {
  save(): DevClockState;
  restore(state: DevClockState): void;
}

/** Runs work with nothing mined meanwhile (`BlockProducer.exclusive`). */
export interface ExclusiveRunner {
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

interface Snapshot {
  readonly tips: readonly BlockHash[];
  readonly clock: DevClockState;
}

/**
 * evm_snapshot / evm_revert on a chain whose blocks stay verifiable: a snapshot records the DAG's
 * tips (the blocks that exist then are exactly their past and themselves) and the dev clock;
 * reverting drops every block mined since, so the state is again the post-state of the blocks
 * kept, which their headers commit to. Nothing changes state outside a block.
 *
 * Ids follow Hardhat: 1, 2, 3, … in the order taken; reverting to one deletes it and every later
 * one; an unknown (or deleted) id reverts nothing and answers false.
 */
export class DevSnapshots {
  private readonly snapshots = new Map<bigint, Snapshot>();
  private nextId = 1n;

  constructor(
    private readonly chain: RewindableChain,
    private readonly clock: SavableClock,
    private readonly producer: ExclusiveRunner,
  ) {}

  /** Records the chain and clock as they are once the block being produced (if any) is done. */
  take(): Promise<bigint> {
    return this.producer.exclusive(() => {
      const id = this.nextId++;
      this.snapshots.set(id, { tips: [...this.chain.tips()], clock: this.clock.save() });
      return Promise.resolve(id);
    });
  }

  /** Goes back to snapshot `id`; false (and nothing changes) when there is no such snapshot. */
  revert(id: bigint): Promise<boolean> {
    return this.producer.exclusive(async () => {
      const snapshot = this.snapshots.get(id);
      if (snapshot === undefined) return false;
      await this.chain.rewind(snapshot.tips);
      this.clock.restore(snapshot.clock);
      for (const later of [...this.snapshots.keys()]) {
        if (later >= id) this.snapshots.delete(later);
      }
      return true;
    });
  }

  /** Snapshot ids that can still be reverted to, oldest first. */
  get ids(): bigint[] {
    return [...this.snapshots.keys()];
  }
}
