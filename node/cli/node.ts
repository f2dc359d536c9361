import { InvalidArgumentError, Option, type Command } from "commander";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LOG_LEVELS, type LogLevel } from "../logging/logger.js";

/** The repository's compiled contracts (`hardhat build`), where the predeploys' code comes from. */
const DEFAULT_ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "artifacts");

export interface NodeOptions {
  dev: boolean;
  artifacts: string;
  datadir: string;
  rpcHost: string;
  rpcPort: number;
  blockTime?: number | "protocol";
  minGasPrice: bigint;
  ipfsApi: string | false;
  ipfsReplica: string[];
  provider: boolean;
  demoModels: boolean;
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
    .option("--block-time <seconds>", "also produce a block every so many seconds, or `protocol` for the target block time governance sets (ProtocolParams, per epoch); default: only when transactions arrive", parseBlockTime)
    .option("--min-gas-price <wei>", "mempool fee floor in wei", parseWei, 1n)
    .option("--ipfs-api <host:port>", "serve the Kubo-compatible IPFS RPC API from the node's store; port 0 picks a free one", parseHostPort, "127.0.0.1:5001")
    .option("--no-ipfs-api", "do not serve the IPFS RPC API")
    .option("--no-demo-models", "do not publish the demo models at start (and run no dev provider: it would serve nothing)")
    .option("--no-provider", "do not run the dev provider worker (Hardhat account #9, staked, serving the demo models)")
    .option("--ipfs-replica <url>", "Kubo RPC endpoint that receives replicas of pinned artifacts (repeatable)", collect, [])
    .addOption(new Option("--log-level <level>", "log level").choices(LOG_LEVELS).default("info"))
    .option("--metrics-port <port>", "serve Prometheus metrics on http://127.0.0.1:PORT/metrics (off unless given); 0 picks a free one", parsePort)
    .action(async (options: NodeOptions) => {
      // The node's modules load only when a node runs: `citrate --help` and the other commands start sooner.
      const { runNode } = await import("./run-node.js");
      await runNode(options);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("port must be an integer in [0, 65535].");
  return port;
}

function parseBlockTime(value: string): number | "protocol" {
  if (value === "protocol") return value;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new InvalidArgumentError("block time must be a number of seconds in (0, 3600], or `protocol`.");
  }
  return seconds;
}

function parseHostPort(value: string): string {
  const match = /^(.+):(\d+)$/.exec(value);
  if (match === null || Number(match[2]) > 65535) throw new InvalidArgumentError("expected HOST:PORT, e.g. 127.0.0.1:5001.");
  return value;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseWei(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number of wei.");
  return BigInt(value);
}
