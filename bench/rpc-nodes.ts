// The two nodes the RPC benchmark measures: a Citrate dev node (through test/support's startDevNode,
// on a temporary datadir) and Hardhat's `hardhat node` (EDR) on a free port. Both are child
// processes this module stops on every way out: normal end, error, SIGINT/SIGTERM, process exit.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startDevNode } from "../test/support/node-process.js";
import { RpcClient } from "./rpc-client.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BenchNode {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** Stops the node (SIGINT, then SIGKILL after a grace period) and removes what it left on disk. */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function killAll(signal: NodeJS.Signals): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let handlersInstalled = false;
/** Kills the nodes on exit and on SIGINT/SIGTERM (then exits 130/143), whatever the benchmark was doing. */
export function installCleanupHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    killAll("SIGKILL");
    removeTempDirs();
  });
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping the nodes\n`);
      killAll("SIGKILL");
      removeTempDirs();
      process.exit(code);
    });
  }
}

function track(child: ChildProcess): Promise<void> {
  children.add(child);
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once("exit", () => done());
  });
  void exited.then(() => children.delete(child));
  return exited;
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs = 10_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves once the node answers eth_chainId; rejects after `timeoutMs` or when the process exits. */
export async function waitForChainId(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<bigint> {
  const client = new RpcClient(url);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url}: the node exited before answering eth_chainId`);
    try {
      return BigInt(await client.call<string>("eth_chainId"));
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url}: no eth_chainId answer within ${timeoutMs / 1000} s`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Starts `citrate node --dev` on a temporary datadir and a free port. With `cpuProfileDir`, the node
 * runs under `node --cpu-prof` (through NODE_OPTIONS, which bin/citrate's `exec node` inherits) and
 * writes a .cpuprofile there when it stops.
 */
export async function startCitrate(options: { cpuProfileDir?: string } = {}): Promise<BenchNode> {
  const datadir = mkdtempSync(path.join(tmpdir(), "citrate-bench-rpc-"));
  tempDirs.add(datadir);
  const savedNodeOptions = process.env.NODE_OPTIONS;
  if (options.cpuProfileDir !== undefined) {
    const profiling = `--cpu-prof --cpu-prof-dir=${path.resolve(options.cpuProfileDir)}`;
    process.env.NODE_OPTIONS = savedNodeOptions === undefined ? profiling : `${savedNodeOptions} ${profiling}`;
  }
  let started: Promise<Awaited<ReturnType<typeof startDevNode>>>;
  try {
    started = startDevNode(datadir); // spawns synchronously: the environment is restored just after
  } finally {
    if (savedNodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = savedNodeOptions;
  }
  const node = await started;
  const exited = track(node.process);
  // The node's last words, shown if it dies mid-run (a crash otherwise reads as "fetch failed").
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  node.process.stdout?.on("data", keep);
  node.process.stderr?.on("data", keep);
  let stopping = false;
  void exited.then(() => {
    if (!stopping) process.stderr.write(`Citrate node exited unexpectedly (code ${node.process.exitCode}, signal ${node.process.signalCode}):\n${output}\n`);
  });
  await waitForChainId(node.url, node.process);
  return {
    name: "Citrate",
    url: node.url,
    process: node.process,
    stop: async () => {
      stopping = true;
      await stopChild(node.process, exited);
      rmSync(datadir, { recursive: true, force: true });
      tempDirs.delete(datadir);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `hardhat node --hostname 127.0.0.1 --port P` (this repository's config) on a free port. */
export async function startHardhat(): Promise<BenchNode> {
  const port = await freePort();
  const cli = path.join(path.dirname(createRequire(import.meta.url).resolve("hardhat/package.json")), "dist", "src", "cli.js");
  // The same as `npx hardhat node`, without npx in between, so the pid is the node's own.
  const child = spawn(process.execPath, [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = track(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForChainId(url, child);
  } catch (error) {
    await stopChild(child, exited);
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return { name: "Hardhat", url, process: child, stop: () => stopChild(child, exited) };
}
