import type { CallEnvironment } from "./methods/eth/chain-reader.js";

/** How many environments are kept: the head, "pending" and the few blocks before them are what clients call at. */
const DEFAULT_CAPACITY = 8;

/**
 * The VMs that eth_call and eth_estimateGas run on, one per environment (a block's post-state, or
 * the next block's on the head), kept for the most recently used ones. Building a VM costs more
 * than most calls (ethereumjs rebuilds its parameter tables for every VM and EVM), and a kept VM
 * keeps its state cache warm. Work on one VM runs one at a time, and each call leaves the state as
 * it found it (checkpoint, revert), so a kept VM stays what it was built as.
 */
export class CallEnvironments {
  private readonly entries = new Map<string, { environment: Promise<CallEnvironment>; queue: Promise<unknown> }>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /**
   * Runs `work` on the environment kept under `key` (built by `build` if none is) once no other
   * work holds it. `key` must name what `build` builds: the same key, the same environment.
   */
  use<T>(key: string, build: () => Promise<CallEnvironment>, work: (environment: CallEnvironment) => Promise<T>): Promise<T> {
    const entry = this.entry(key, build);
    const run = entry.queue.then(async () => work(await entry.environment));
    entry.queue = run.catch(() => undefined);
    return run;
  }

  private entry(key: string, build: () => Promise<CallEnvironment>): { environment: Promise<CallEnvironment>; queue: Promise<unknown> } {
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      // Most recently used last: eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept;
    }
    const environment = build();
    const entry = { environment, queue: Promise.resolve() as Promise<unknown> };
    // An environment that could not be built is not kept: the next call tries again.
    environment.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
