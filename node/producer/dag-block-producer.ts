import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { BlockHash } from "../consensus/hash.js";
import type { LevelDagStore } from "../storage/level-dag-store.js";

/**
 * The identity of a block made by the dev producer before blocks carry execution headers:
 * sha256 over its parents, its timestamp (ms) and the producer's sequence number.
 */
export function dagBlockHash(parents: readonly BlockHash[], timestampMs: number, sequence: number): BlockHash {
  const hash = createHash("sha256");
  for (const parent of parents) hash.update(Buffer.from(parent.slice(2), "hex"));
  const tail = Buffer.alloc(16);
  tail.writeBigUInt64BE(BigInt(timestampMs), 0);
  tail.writeBigUInt64BE(BigInt(sequence), 8);
  hash.update(tail);
  return `0x${hash.digest("hex")}`;
}

/**
 * Produces a block every `intervalMs`, referencing the heaviest tips, and persists it. A block
 * that cannot be produced or stored stops the producer and resolves `failure`.
 */
export class DagBlockProducer {
  private timer: NodeJS.Timeout | undefined;
  private producing: Promise<void> = Promise.resolve();
  private readonly failed = Promise.withResolvers<Error>();

  constructor(
    private readonly store: LevelDagStore,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Resolves with the error that stopped production, if one ever does. */
  get failure(): Promise<Error> {
    return this.failed.promise;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.producing = this.producing.then(async () => {
        if (this.timer === undefined) return;
        try {
          await this.produceOne();
        } catch (error) {
          clearInterval(this.timer);
          this.timer = undefined;
          this.failed.resolve(error as Error);
        }
      });
    }, this.intervalMs);
  }

  /** Stops producing; resolves once the block in progress (if any) is on disk. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.producing;
  }

  /** Produces and persists one block; returns its hash. */
  async produceOne(): Promise<BlockHash> {
    const dag = this.store.dag;
    const parents = dag.parentsForNewBlock();
    const hash = dagBlockHash(parents, Date.now(), dag.blockCount);
    const { ghostdag, chainChange } = await this.store.addBlock(hash, parents);
    await this.store.flush();
    this.log.info(
      {
        hash,
        parents: parents.length,
        blueScore: ghostdag.blueScore,
        chainLength: dag.selectedChainLength,
        reorged: chainChange.removed.length,
      },
      "block produced",
    );
    return hash;
  }
}
