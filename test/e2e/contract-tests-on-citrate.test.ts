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

describe("the project's contract tests against a running node (--network citrate)", function () {
  this.timeout(20 * 60_000);
  let datadir: string;
  let ignitionDir: string;
  let node: RunningNode;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-contract-tests-"));
    ignitionDir = mkdtempSync(path.join(tmpdir(), "citrate-ignition-"));
    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
  });
  afterEach(function () {
    printNodeLogIfFailed(this.currentTest, node);
  });
  after(async function () {
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
    rmSync(ignitionDir, { recursive: true, force: true });
  });

  it("pass as they do on Hardhat's in-process network: the same files, none failing or skipped", async function () {
    const files = contractTestFiles();
    expect(files.length).to.be.greaterThan(10);
    const { code, output } = await runOnCitrate(node.url, files, ignitionDir);
    const counts = summary(output);
    console.log(`    contract tests on citrate: ${counts.passing} passing, ${counts.failing} failing, ${counts.pending} pending (${files.length} files)`);
    if (code !== 0 || counts.failing > 0 || counts.pending > 0) console.log(output);
    expect(counts).to.deep.include({ failing: 0, pending: 0 });
    expect(counts.passing).to.be.greaterThan(200);
    expect(code).to.equal(0);
  });
});
