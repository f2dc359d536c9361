import { JsonRpcProvider } from "ethers";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { onLines } from "./child-lines.js";

const launcher = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/citrate");

/**
 * For tests that do not use the AI side: no demo models published and no provider worker, so the
 * node is ready sooner and start-up sends no transactions.
 */
export const WITHOUT_DEMO_MODELS = ["--no-demo-models", "--no-provider"] as const;

/** How many of a node's log lines `logTail` keeps. */
const LOG_TAIL_LINES = 200;

export interface RunningNode {
  readonly url: string;
  readonly wsUrl: string;
  /** The Prometheus endpoint, when the node was started with `--metrics-port`. */
  readonly metricsUrl?: string;
  /** The node's Kubo-compatible IPFS RPC API (unless started with `--no-ipfs-api`). */
  readonly ipfsApiUrl?: string;
  readonly process: ChildProcess;
  /** The node's last log lines (stdout and stderr), to print when a test fails. */
  logTail(): string;
  /** Stops the node with SIGINT and waits for it to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `citrate node --dev` on free ports with `datadir`, resolving once the node is ready (and
 * the metrics server too, when `extraArgs` asks for one).
 */
export function startDevNode(datadir: string, extraArgs: readonly string[] = []): Promise<RunningNode> {
  return new Promise((resolve, reject) => {
    const child = spawn(launcher, ["node", "--dev", "--datadir", datadir, "--rpc-port", "0", "--ipfs-api", "127.0.0.1:0", "--log-level", "info", ...extraArgs], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const tail: string[] = [];
    const keep = (line: string) => {
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
    };
    onLines(child.stderr, keep);
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const wantsMetrics = extraArgs.includes("--metrics-port");
    let rpc: { url: string; ws?: string; ipfsApi?: string } | undefined;
    let metricsUrl: string | undefined;
    onLines(child.stdout, (line) => {
      keep(line);
      const entry = parseLogLine(line);
      if (entry === undefined) return;
      if (entry.msg === "node ready" && entry.url !== undefined) rpc = { url: entry.url, ws: entry.ws, ipfsApi: entry.ipfsApi };
      if (entry.msg === "metrics server listening") metricsUrl = entry.url;
      if (rpc !== undefined && (!wantsMetrics || metricsUrl !== undefined)) {
        resolve({
          url: rpc.url,
          wsUrl: rpc.ws ?? rpc.url.replace("http", "ws"),
          metricsUrl,
          ipfsApiUrl: rpc.ipfsApi,
          process: child,
          logTail: () => tail.join("\n"),
          stop: () => {
            child.kill("SIGINT");
            return exited;
          },
        });
      }
    });
    child.on("error", reject);
    void exited.then((code) => reject(new Error(`the node exited (code ${code}) before listening: ${stderr}`)));
  });
}

/** A pino JSON line; undefined for anything else a library printed to stdout. */
function parseLogLine(line: string): { msg: string; url?: string; ws?: string; ipfsApi?: string } | undefined {
  try {
    return JSON.parse(line) as { msg: string; url?: string; ws?: string; ipfsApi?: string };
  } catch {
    return undefined;
  }
}

/** For an `afterEach`: prints the node's last log lines when the test failed, so a CI log shows what the node did. */
export function printNodeLogIfFailed(test: Mocha.Runnable | undefined, node: RunningNode | undefined): void {
  if (test?.state !== "failed" || node === undefined) return;
  console.log(`--- the node's last log lines (${test.title}) ---\n${node.logTail()}\n---`);
}

/**
 * An ethers provider for a running node as the tests use it: the network fixed (no detection
 * calls), ethers' request cache off (back-to-back reads must see each new block) and polling
 * every 50 ms for events and receipts.
 */
export function nodeProvider(node: Pick<RunningNode, "url">): JsonRpcProvider {
  return new JsonRpcProvider(node.url, undefined, { staticNetwork: true, polling: true, pollingInterval: 50, cacheTimeout: -1 });
}
