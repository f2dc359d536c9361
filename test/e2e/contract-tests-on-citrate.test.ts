import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { printNodeLogIfFailed, startDevNode, WITHOUT_DEMO_MODELS, type RunningNode } from "../support/node-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const hardhatCli = path.join(root, "node_modules/hardhat/dist/src/cli.js");

/** Every contract test file (test/contracts, recursively): the suite `npm test` runs in-process. */
function contractTestFiles(folder = path.join(root, "test/contracts")): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return contractTestFiles(file);
    return entry.name.endsWith(".test.ts") ? [path.relative(root, file)] : [];
  });
}

/** `hardhat test mocha --network citrate FILES` against `url`; resolves to its exit code and output. */
function runOnCitrate(url: string, files: readonly string[], ignitionDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hardhatCli, "test", "mocha", "--no-compile", "--network", "citrate", ...files], {
      cwd: root,
      env: { ...process.env, CITRATE_RPC_URL: url, CITRATE_IGNITION_DIR: ignitionDir, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** Mocha's summary counts ("N passing", "N failing", "N pending"); 0 where a line is absent. */
function summary(output: string): { passing: number; failing: number; pending: number } {
  // eslint-disable-next-line no-control-regex -- terminal colour codes, in case a reporter adds them anyway
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  const count = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}`, "m").exec(plain)?.[1] ?? 0);
  return { passing: count("passing"), failing: count("failing"), pending: count("pending") };
}

/** How many nodes (each with its own `hardhat test` run over part of the files) run at once. */
const SHARDS = 2;

describe("the project's contract tests against a running node (--network citrate)", function () {
  this.timeout(20 * 60_000);
  const dirs: string[] = [];
  const nodes: RunningNode[] = [];

  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  before(async function () {
    // A chain per run: the files revert snapshots, which would undo each other's state on one chain.
    for (let shard = 0; shard < SHARDS; shard++) nodes.push(await startDevNode(tempDir("citrate-contract-tests-"), WITHOUT_DEMO_MODELS));
  });
  afterEach(function () {
    for (const node of nodes) printNodeLogIfFailed(this.currentTest, node);
  });
  after(async function () {
    for (const node of nodes) await node.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("pass as they do on Hardhat's in-process network: the same files, none failing or skipped", async function () {
    const files = contractTestFiles();
    expect(files.length).to.be.greaterThan(10);
    const shards = nodes.map((_, shard) => files.filter((_file, i) => i % SHARDS === shard));
    const runs = await Promise.all(nodes.map((node, shard) => runOnCitrate(node.url, shards[shard], tempDir("citrate-ignition-"))));
    const counts = runs.map(({ output }) => summary(output));
    const total = counts.reduce((sum, c) => ({ passing: sum.passing + c.passing, failing: sum.failing + c.failing, pending: sum.pending + c.pending }));
    console.log(`    contract tests on citrate: ${total.passing} passing, ${total.failing} failing, ${total.pending} pending (${files.length} files, ${SHARDS} nodes)`);
    runs.forEach(({ code, output }, shard) => {
      if (code !== 0 || counts[shard].failing > 0 || counts[shard].pending > 0) console.log(output);
    });
    expect(total).to.deep.include({ failing: 0, pending: 0 });
    expect(total.passing).to.be.greaterThan(200);
    expect(runs.map((run) => run.code)).to.deep.equal(nodes.map(() => 0));
  });
});
