import { InvalidArgumentError, Option, type Command } from "commander";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { devAccounts } from "../chain/dev-accounts.js";
import { devChainSpec, withPredeploys } from "../chain/dev-chain-spec.js";
import { ArtifactDirectory } from "../chain/predeploys/predeploy-artifacts.js";
import { protocolPredeploys } from "../chain/predeploys/protocol-predeploys.js";
import { CitrateNode } from "../citrate-node.js";
import { DevClock } from "../dev/dev-clock.js";
import { chainCommon } from "../execution/common.js";
import { createLogger, LOG_LEVELS, type LogLevel } from "../logging/logger.js";
import { nodeMetrics } from "../metrics/node-metrics.js";
import { devRpc } from "../rpc/dev-rpc.js";
import { nodeRpc } from "../rpc/node-rpc.js";
import { RpcServer } from "../rpc/rpc-server.js";
import { TxPool } from "../txpool/tx-pool.js";

/** Hardhat's coinbase: dev blocks' rewards go here, so the test accounts' balances move only by their own transactions. */
const DEV_PROPOSER = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";

/** The repository's compiled contracts (`hardhat build`), where the predeploys' code comes from. */
const DEFAULT_ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "artifacts");

interface NodeOptions {
  dev: boolean;
  artifacts: string;
  datadir: string;
  rpcHost: string;
  rpcPort: number;
  blockTime?: number;
  minGasPrice: bigint;
  logLevel: LogLevel;
  metricsPort?: number;
}

/** `citrate node`: runs a Citrate node. */
export function registerNodeCommand(program: Command): void {
  program
    .command("node")
    .description(
      "run a node; with --dev, a single-node dev chain (chain id 1337, the 20 Hardhat test accounts funded) " +
        "that mines when transactions arrive and, with --block-time, on an interval; JSON-RPC over HTTP and WebSocket on one port",
    )
    .option("--dev", "single-node development chain", false)
    .option("--datadir <dir>", "data directory (chain database, DAG)", path.join(".citrate", "dev"))
    .option("--rpc-host <host>", "JSON-RPC interface to listen on", "127.0.0.1")
    .option("--rpc-port <port>", "JSON-RPC port (HTTP and WebSocket); 0 picks a free one", parsePort, 8545)
    .option("--artifacts <dir>", "compiled contracts (Hardhat artifacts) the genesis predeploys are built from", DEFAULT_ARTIFACTS)
    .option("--block-time <seconds>", "also produce a block every so many seconds (default: only when transactions arrive)", parseBlockTime)
    .option("--min-gas-price <wei>", "mempool fee floor in wei", parseWei, 1n)
    .addOption(new Option("--log-level <level>", "log level").choices(LOG_LEVELS).default("info"))
    .option("--metrics-port <port>", "serve Prometheus metrics on http://127.0.0.1:PORT/metrics (off unless given); 0 picks a free one", parsePort)
    .action(async (options: NodeOptions) => {
      await runNode(options);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("port must be an integer in [0, 65535].");
  return port;
}

function parseBlockTime(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new InvalidArgumentError("block time must be a number of seconds in (0, 3600].");
  }
  return seconds;
}

function parseWei(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number of wei.");
  return BigInt(value);
}

async function runNode(options: NodeOptions): Promise<void> {
  if (!options.dev) throw new Error("only the single-node dev chain exists so far: run `citrate node --dev`");
  const log = createLogger(options.logLevel);
  const devSpec = devChainSpec();
  const spec = withPredeploys(
    devSpec,
    protocolPredeploys(new ArtifactDirectory(options.artifacts), { owner: devAccounts()[0].address, epochLength: devSpec.epochLength }),
  );
  let pool: TxPool | undefined;
  const clock = new DevClock();
  const node = await CitrateNode.open({
    spec,
    datadir: path.resolve(options.datadir),
    log,
    proposer: DEV_PROPOSER,
    clock,
    mempool: (opened) => {
      pool = new TxPool({ common: chainCommon(spec), chainId: spec.chainId, accounts: opened.tipAccounts(options.minGasPrice) });
      return pool;
    },
  });
  const { methods, context } = nodeRpc(node, pool as TxPool);
  if (options.dev) methods.add(...devRpc(node, context, { clock }).methods);
  const metrics = options.metricsPort === undefined ? undefined : nodeMetrics(node, pool as TxPool);
  const server = await RpcServer.start({
    methods: metrics?.instrumentRpc(methods) ?? methods,
    context,
    log: log.child({ component: "rpc" }),
    host: options.rpcHost,
    port: options.rpcPort,
  });
  const metricsServer = await metrics?.serve({ port: options.metricsPort as number, log: log.child({ component: "metrics" }) });
  if (options.blockTime !== undefined) node.producer.startInterval(options.blockTime * 1000);

  const { promise: stopped, resolve: stop } = Promise.withResolvers<NodeJS.Signals>();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const signal = await stopped;
  log.info({ signal }, "shutting down");
  await server.close();
  await metricsServer?.close();
  await node.close();
  log.info({ head: node.head.header.number }, "stopped");
}
