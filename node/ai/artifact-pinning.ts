import path from "node:path";
import type { Logger } from "pino";
import { bytesToHex } from "@ethereumjs/util";
import type { ArtifactLogInput } from "../../precompiles/artifact/artifact-abi.js";
import { ArtifactManager, type ArtifactJobStatus } from "../../precompiles/artifacts/artifact-manager.js";
import type { CitrateNode } from "../citrate-node.js";
import type { StoredBlock } from "../execution/block-store.js";
import type { AiRuntime } from "./ai-runtime.js";

export interface ArtifactPinningOptions {
  readonly node: CitrateNode;
  readonly runtime: AiRuntime;
  readonly datadir: string;
  readonly log: Logger;
  /** Kubo-RPC endpoints that receive replicas (other Citrate nodes, Kubo daemons, pinning services). */
  readonly replicaEndpoints: readonly string[];
  /** This node's storage-provider address: `replicate` requests naming it make the node hold a copy. */
  readonly provider?: `0x${string}`;
  /** Attests on chain that the node holds `cid` (sends ARTIFACT `confirm`); absent: no attestation. */
  readonly confirm?: (cid: string) => Promise<void>;
}

/**
 * Connects the chain to the artifact manager: every chain block's ARTIFACT events go to the
 * manager's persistent job queue, which pins into the node's store and replicates; a pinned copy is
 * confirmed on chain. At start the chain blocks after the last one the manager took (it keeps that
 * cursor in its database) are fed to it, so nothing committed while the node was down is missed.
 */
export class ArtifactPinning {
  private constructor(
    readonly manager: ArtifactManager,
    private readonly unsubscribe: () => void,
  ) {}

  static async start(options: ArtifactPinningOptions): Promise<ArtifactPinning> {
    const { node, log } = options;
    const manager = await ArtifactManager.open({
      dir: path.join(options.datadir, "artifact-jobs"),
      backend: options.runtime.store,
      replicaEndpoints: options.replicaEndpoints,
      provider: options.provider,
      log: log.child({ component: "artifacts" }),
      onPinned: async (cid) => {
        try {
          await options.confirm?.(cid);
        } catch (error) {
          log.warn({ cid, err: error }, "could not confirm the pinned artifact on chain");
        }
      },
    });
    for (let number = (manager.lastCommittedBlock() ?? 0n) + 1n; number <= node.head.header.number; number++) {
      const block = node.blockByNumber(number);
      if (block !== undefined) await manager.onCommittedLogs(logsOf(block), number);
    }
    const unsubscribe = node.onChainUpdate((update) => {
      for (const block of update.added) {
        manager.onCommittedLogs(logsOf(block), block.header.number).catch((error: unknown) => log.error({ err: error }, "artifact manager rejected a block's events"));
      }
    });
    manager.start();
    return new ArtifactPinning(manager, unsubscribe);
  }

  /** The node's view of one artifact's pin job (`citrate_getArtifactStatus`). */
  status(cid: string): ArtifactJobStatus | undefined {
    return this.manager.status(cid);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.manager.close();
  }
}

/** The logs a chain block's accepted transactions emitted, in execution order. */
function logsOf(block: StoredBlock): ArtifactLogInput[] {
  return block.outcome.executed.flatMap((executed) =>
    executed.receipt.logs.map(([address, topics, data]) => ({
      address: bytesToHex(address),
      topics: topics.map((topic) => bytesToHex(topic)),
      data: bytesToHex(data),
    })),
  );
}
