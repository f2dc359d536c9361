import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Contract, parseEther } from "ethers";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { KEY } from "../../deploy/protocol-parameters.js";
import { nodeProvider, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const abi = (name: string, folder: string) =>
  (JSON.parse(readFileSync(path.join(root, `artifacts/contracts/${folder}/${name}.sol/${name}.json`), "utf8")) as { abi: [] }).abi;
const [deployer] = devAccounts(1);

/** `npx hardhat ignition deploy MODULE --network citrate`, answering its confirmation prompt. */
function ignitionDeploy(url: string, deploymentId: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(root, "node_modules/.bin/hardhat"),
      ["ignition", "deploy", "deploy/modules/CitrateEconomy.ts", "--network", "citrate", "--deployment-id", deploymentId, "--build-profile", "default"],
      { cwd: root, env: { ...process.env, CITRATE_RPC_URL: url, CITRATE_PRIVATE_KEY: deployer.privateKey }, stdio: ["pipe", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end("y\n");
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("Hardhat Ignition against a Citrate node (--network citrate)", function () {
  this.timeout(300_000);
  const deploymentId = `e2e-${process.pid}`;
  let datadir: string;
  let node: RunningNode;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-ignition-"));
    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
  });
  after(async function () {
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
    rmSync(path.join(root, "deploy/deployments", deploymentId), { recursive: true, force: true });
  });

  it("deploys the economy module and its contracts work on the node", async function () {
    const { code, output } = await ignitionDeploy(node.url, deploymentId);
    expect(code, output).to.equal(0);
    const addresses = JSON.parse(
      readFileSync(path.join(root, "deploy/deployments", deploymentId, "deployed_addresses.json"), "utf8"),
    ) as Record<string, string>;

    const provider = nodeProvider(node);
    try {
      const params = new Contract(addresses["CitrateEconomy#ProtocolParams"], abi("ProtocolParams", "governance"), provider);
      expect(await params.getFunction("getParam")(KEY.FEE_PROVIDER_BPS)).to.equal(8_000n);
      expect((await params.getFunction("owner")()).toLowerCase()).to.equal(deployer.address);
      const splitter = new Contract(addresses["CitrateEconomy#FeeSplitter"], abi("FeeSplitter", "economics"), provider);
      const [provider0, treasury, burn] = (await splitter.getFunction("previewSplit")(parseEther("1"))) as bigint[];
      expect(provider0 + treasury + burn).to.equal(parseEther("1"));
    } finally {
      provider.destroy();
    }
  });
});
