import type { TypedTransaction } from "@ethereumjs/tx";
import type { Logger } from "pino";
import type { BlockProcessor, ImportedBlock } from "../execution/block-processor.js";
import { nextBaseFee } from "../execution/base-fee.js";

/** Where the producer takes transactions from: the mempool's selection for the next block. */
export interface TransactionSource {
  selectForBlock(limits: { baseFee: bigint; gasLimit: bigint }): TypedTransaction[];
}

/**
 * Builds blocks on the heaviest tips and imports them: on demand (`produce`), when transactions
 * arrive (automine, as anvil and Hardhat do), and/or every `intervalMs`. One block at a time.
 */
export class BlockProducer {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private automineScheduled = false;

  constructor(
    private readonly processor: BlockProcessor,
    private readonly transactions: TransactionSource,
    private readonly proposer: `0x${string}`,
    private readonly onImported: (imported: ImportedBlock) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Produces one block (possibly empty), after any block already being produced. */
  produce(timestamp?: bigint): Promise<ImportedBlock> {
    const next = this.queue.then(() => this.produceNow(timestamp));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Asks for a block soon: several transactions arriving together share one block. */
  requestAutomine(): void {
    if (this.automineScheduled) return;
    this.automineScheduled = true;
    setImmediate(() => {
      this.automineScheduled = false;
      this.produce().catch((error: unknown) => this.log.error({ err: error }, "automine failed"));
    });
  }

  /** Produces a block every `intervalMs` until `stop()`. */
  startInterval(intervalMs: number): void {
    this.timer ??= setInterval(() => {
      this.produce().catch((error: unknown) => this.log.error({ err: error }, "block production failed"));
    }, intervalMs);
  }

  /** Stops the interval; resolves when the block in progress (if any) is done. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
  }

  private async produceNow(timestamp?: bigint): Promise<ImportedBlock> {
    const dag = this.processor.dag;
    const tip = this.processor.block(dag.virtualSelectedParent);
    if (tip === undefined) throw new Error("the virtual selected parent has no stored block");
    const now = BigInt(Math.floor(Date.now() / 1000));
    const at = timestamp ?? (now > tip.header.timestamp ? now : tip.header.timestamp + 1n);
    const candidates = this.transactions.selectForBlock({
      baseFee: nextBaseFee(tip.header),
      gasLimit: this.processor.spec.blockGasLimit,
    });
    const built = await this.processor.buildBlock({ proposer: this.proposer, timestamp: at, transactions: candidates });
    const imported = await this.processor.importBuiltBlock(built);
    this.log.info(
      { number: built.header.number, hash: built.hash, txs: built.transactions.length, dropped: built.dropped.length, gasUsed: built.header.gasUsed },
      "block produced",
    );
    await this.onImported(imported);
    return imported;
  }
}
