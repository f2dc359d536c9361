import type { TypedTransaction } from "@ethereumjs/tx";
import type { Logger } from "pino";
import type { BlockProcessor, ImportedBlock } from "../execution/block-processor.js";
import { nextBaseFee } from "../execution/base-fee.js";

/**
 * Where the producer's block timestamps come from. The system clock by default; a dev chain swaps
 * in one that can be moved (evm_increaseTime, evm_setNextBlockTimestamp).
 */
export interface BlockClock {
  /** The time as the chain sees it, in seconds since the Unix epoch. */
  now(): bigint;
  /** Takes (and clears) a timestamp set for the next block only, if one was set. */
  takeNextTimestamp?(): bigint | undefined;
  /** The timestamp set for the next block only, if one was set, leaving it set. */
  peekNextTimestamp?(): bigint | undefined;
  /**
   * A block was produced at a set timestamp (one given to `produce`, or taken from
   * `takeNextTimestamp`) rather than at `now()`: the clock goes on from there.
   */
  pinnedBlockProduced?(timestamp: bigint): void;
}

/** Wall-clock time, whole seconds. */
export const systemClock: BlockClock = { now: () => BigInt(Math.floor(Date.now() / 1000)) };

/** A set block timestamp that is not after the head's: block timestamps strictly increase. */
export class BlockTimestampError extends Error {
  override readonly name = "BlockTimestampError";

  constructor(
    readonly timestamp: bigint,
    readonly headTimestamp: bigint,
  ) {
    super(`timestamp ${timestamp} is not after the head block's timestamp ${headTimestamp}`);
  }
}

/** Produces one block on demand, for work that runs with the producer to itself (`exclusive`). */
export type ProduceBlock = (timestamp?: bigint) => Promise<ImportedBlock>;

/** Where the producer takes transactions from: the mempool's selection for the next block. */
export interface TransactionSource {
  selectForBlock(limits: { baseFee: bigint; gasLimit: bigint }): TypedTransaction[];
}

/**
 * Builds blocks on the heaviest tips and imports them: on demand (`produce`), when transactions
 * arrive (automine, as anvil and Hardhat do), and/or on an interval (fixed, or the protocol's target
 * block time). One block at a time; each within the gas limit of its epoch's parameters.
 */
export class BlockProducer {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** Set while interval production runs (`startInterval` until `stop`). */
  private producing = false;
  /** Set while an automine is scheduled; resolves once its block is queued. */
  private automineScheduled: Promise<void> | undefined;

  constructor(
    private readonly processor: BlockProcessor,
    private readonly transactions: TransactionSource,
    /** The proposer of the blocks it builds: their rewards and priority fees go to it (eth_coinbase). */
    readonly proposer: `0x${string}`,
    private readonly onImported: (imported: ImportedBlock) => Promise<void>,
    private readonly log: Logger,
    private readonly clock: BlockClock = systemClock,
  ) {}

  /**
   * Produces one block (possibly empty), after any block already being produced. Without
   * `timestamp` the block is stamped by the clock (at least one second after its parent); a given
   * `timestamp` must be after the head's, else it rejects with BlockTimestampError.
   */
  produce(timestamp?: bigint): Promise<ImportedBlock> {
    return this.exclusive((produce) => produce(timestamp));
  }

  /**
   * Runs `work` once no block is being produced, and produces no other block until it settles:
   * the head it reads stays the head, and the blocks it makes with `produce` (awaiting each one)
   * follow one another with nothing in between.
   */
  exclusive<T>(work: (produce: ProduceBlock) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => work((timestamp) => this.produceNow(timestamp)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The timestamp the next block on `tip` would get now: the one set for the next block, else the
   * clock's time, at least one second after `tip` (what a "pending" call runs at).
   */
  nextTimestamp(tip: { timestamp: bigint }): bigint {
    return stampAfter(tip.timestamp, this.clock.peekNextTimestamp?.(), this.clock.now());
  }

  /** Asks for a block soon: several transactions arriving together share one block. */
  requestAutomine(): void {
    if (this.automineScheduled !== undefined) return;
    this.automineScheduled = new Promise((queued) =>
      setImmediate(() => {
        this.automineScheduled = undefined;
        this.produceIfPending().catch((error: unknown) => this.log.error({ err: error }, "automine failed"));
        queued();
      }),
    );
  }

  /**
   * An automine block, produced only if the mempool still has something to include when its turn
   * comes: transactions that arrive while a block is being built each ask for one, and the first
   * such block usually takes them all (automine never mines empty blocks, as in Hardhat).
   */
  private produceIfPending(): Promise<ImportedBlock | undefined> {
    const next = this.queue.then(async () => ((await this.hasCandidates()) ? this.produceNow() : undefined));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async hasCandidates(): Promise<boolean> {
    const tip = this.processor.block(this.processor.dag.virtualSelectedParent);
    if (tip === undefined) return false;
    const params = await this.processor.paramsForChild(tip);
    return this.transactions.selectForBlock({ baseFee: nextBaseFee(tip.header, params.values.minGasPrice), gasLimit: params.values.blockGasLimit }).length > 0;
  }

  /**
   * Resolves once the blocks asked for so far — a scheduled automine included — have been produced
   * (or have failed). A dev node's eth_sendTransaction answers after it, so that, as with Hardhat's
   * automine, the transaction is mined when the client gets its hash.
   */
  async settled(): Promise<void> {
    await this.automineScheduled;
    await this.queue;
  }

  /**
   * Produces a block every `intervalMs` until `stop()`; without `intervalMs`, waits before each block
   * the target block time of that block's epoch (ProtocolParams' `citrate.node.targetBlockTime`).
   */
  startInterval(intervalMs?: number): void {
    if (this.producing) return;
    this.producing = true;
    if (intervalMs !== undefined) {
      this.timer = setInterval(() => {
        this.produce().catch((error: unknown) => this.log.error({ err: error }, "block production failed"));
      }, intervalMs);
      return;
    }
    this.armTargetBlockTime();
  }

  /** Stops the interval; resolves when the block in progress (if any) is done. */
  async stop(): Promise<void> {
    this.producing = false;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
  }

  /** Schedules the next interval block after the target block time in force for it. */
  private armTargetBlockTime(): void {
    const tip = this.processor.block(this.processor.dag.virtualSelectedParent);
    if (tip === undefined) throw new Error("the virtual selected parent has no stored block");
    this.processor
      .paramsForChild(tip)
      .then((params) => {
        if (!this.producing) return;
        this.timer = setTimeout(() => {
          this.produce()
            .catch((error: unknown) => this.log.error({ err: error }, "block production failed"))
            .finally(() => {
              if (this.producing) this.armTargetBlockTime();
            });
        }, Number(params.values.targetBlockTime));
      })
      .catch((error: unknown) => this.log.error({ err: error }, "cannot read the target block time; interval production stopped"));
  }

  private async produceNow(timestamp?: bigint): Promise<ImportedBlock> {
    const dag = this.processor.dag;
    const tip = this.processor.block(dag.virtualSelectedParent);
    if (tip === undefined) throw new Error("the virtual selected parent has no stored block");
    if (timestamp !== undefined && timestamp <= tip.header.timestamp) throw new BlockTimestampError(timestamp, tip.header.timestamp);
    // A timestamp set for the next block is used up by this block, even when `timestamp` overrides it (as in Hardhat).
    const next = this.clock.takeNextTimestamp?.();
    const pinned = timestamp ?? next;
    if (pinned !== undefined && pinned <= tip.header.timestamp) throw new BlockTimestampError(pinned, tip.header.timestamp);
    const at = stampAfter(tip.header.timestamp, pinned, this.clock.now());
    const params = await this.processor.paramsForChild(tip);
    const candidates = this.transactions.selectForBlock({
      baseFee: nextBaseFee(tip.header, params.values.minGasPrice),
      gasLimit: params.values.blockGasLimit,
    });
    const built = await this.processor.buildBlock({ proposer: this.proposer, timestamp: at, transactions: candidates });
    const imported = await this.processor.importBuiltBlock(built);
    this.log.info(
      { number: built.header.number, hash: built.hash, txs: built.transactions.length, dropped: built.dropped.length, gasUsed: built.header.gasUsed },
      "block produced",
    );
    if (pinned !== undefined) this.clock.pinnedBlockProduced?.(pinned);
    await this.onImported(imported);
    return imported;
  }
}

/** A block's timestamp: the pinned one if set, else `now`, at least one second after the parent's. */
function stampAfter(parentTimestamp: bigint, pinned: bigint | undefined, now: bigint): bigint {
  return pinned ?? (now > parentTimestamp ? now : parentTimestamp + 1n);
}
