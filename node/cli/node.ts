import { InvalidArgumentError, Option, type Command } from "commander";
import path from "node:path";
import { hashFromId } from "../consensus/hash.js";
import { createLogger, LOG_LEVELS, type LogLevel } from "../logging/logger.js";
import { DagBlockProducer } from "../producer/dag-block-producer.js";
import { LevelDagStore } from "../storage/level-dag-store.js";

/** The dev chain's consensus parameters (DESIGN.md: k=18, maxParents=10). */
const DEV_DAG = { k: 18, maxParents: 10, genesis: hashFromId("citrate-dev-genesis") } as const;

interface NodeOptions {
  dev: boolean;
  datadir: string;
  blockTime: number;
  logLevel: LogLevel;
}

/** `citrate node`: runs a Citrate node. */
export function registerNodeCommand(program: Command): void {
  program
    .command("node")
    .description(
      "run a node: with --dev, a single-node dev chain that produces a block every --block-time seconds, " +
        "ordered by GHOSTDAG and stored in LevelDB under --datadir (it resumes where it stopped)",
    )
    .option("--dev", "single-node development chain", false)
    .option("--datadir <dir>", "data directory", path.join(".citrate", "dev"))
    .option("--block-time <seconds>", "seconds between produced blocks", parseBlockTime, 2)
    .addOption(new Option("--log-level <level>", "log level").choices(LOG_LEVELS).default("info"))
    .action(async (options: NodeOptions) => {
      await runNode(options);
    });
}

function parseBlockTime(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new InvalidArgumentError("block time must be a number of seconds in (0, 3600].");
  }
  return seconds;
}

async function runNode(options: NodeOptions): Promise<void> {
  if (!options.dev) throw new Error("only the single-node dev chain exists so far: run `citrate node --dev`");
  const log = createLogger(options.logLevel);
  const datadir = path.resolve(options.datadir);
  const store = await LevelDagStore.open(path.join(datadir, "dag"), DEV_DAG);
  const dag = store.dag;
  log.info(
    { datadir, k: DEV_DAG.k, maxParents: DEV_DAG.maxParents, blocks: dag.blockCount, chainLength: dag.selectedChainLength },
    "dev chain opened",
  );

  const producer = new DagBlockProducer(store, options.blockTime * 1000, log.child({ component: "producer" }));
  producer.start();
  const { promise: stopped, resolve: stop } = Promise.withResolvers<NodeJS.Signals>();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const outcome = await Promise.race([stopped, producer.failure]);
  if (outcome instanceof Error) {
    log.fatal({ err: outcome }, "block production failed");
    await producer.stop();
    await store.close().catch(() => undefined);
    throw new Error(`block production failed: ${outcome.message}`, { cause: outcome });
  }
  log.info({ signal: outcome }, "shutting down");
  await producer.stop();
  await store.close();
  log.info({ blocks: dag.blockCount }, "stopped");
}
