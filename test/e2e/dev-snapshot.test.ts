import { expect } from "chai";
import { Contract, ContractFactory, JsonRpcProvider, type InterfaceAbi, type JsonRpcSigner } from "ethers";
import { network } from "hardhat";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { nodeProvider, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const artifact = JSON.parse(readFileSync(path.join(root, "artifacts/contracts/test/Counter.sol/Counter.json"), "utf8")) as {
  abi: InterfaceAbi;
  bytecode: string;
};
const [alice, bob] = devAccounts(2);

describe("citrate node --dev: evm_snapshot, evm_revert and hardhat_setBalance", function () {
  this.timeout(120_000);
  let datadir: string;
  let node: RunningNode;
  let provider: JsonRpcProvider;
  let signer: JsonRpcSigner;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-e2e-snapshot-"));
    // Without the provider worker nothing but this test mines, so block numbers are exact.
    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
    provider = nodeProvider(node);
    signer = await provider.getSigner(0);
  });
  after(async function () {
    provider?.destroy();
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  it("reverts a contract's state, the head and the nonces across several blocks, and mines on from there", async function () {
    const counter = (await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy()) as Contract;
    await counter.waitForDeployment();
    await (await counter.getFunction("increment")()).wait();
    const id = (await provider.send("evm_snapshot", [])) as string;
    expect(id).to.match(/^0x[1-9a-f][0-9a-f]*$/);
    const head = await provider.getBlock("latest");
    const nonce = await provider.getTransactionCount(alice.address, "latest");

    for (let i = 0; i < 3; i++) await (await counter.getFunction("increment")()).wait();
    await provider.send("hardhat_mine", ["0x2"]);
    expect(await counter.getFunction("count")()).to.equal(4n);
    expect(await provider.getBlockNumber()).to.equal((head?.number ?? 0) + 5);

    expect(await provider.send("evm_revert", [id])).to.equal(true);
    expect(await counter.getFunction("count")()).to.equal(1n);
    expect((await provider.getBlock("latest"))?.hash).to.equal(head?.hash);
    expect(await provider.getTransactionCount(alice.address, "latest")).to.equal(nonce);

    await (await counter.getFunction("increment")()).wait();
    expect(await counter.getFunction("count")()).to.equal(2n);
    expect(await provider.getBlockNumber()).to.equal((head?.number ?? 0) + 1);
    expect(await provider.send("evm_revert", [id])).to.equal(false); // used up
    expect(await provider.send("evm_revert", ["0xffff"])).to.equal(false);
  });

  it("sets balances up (any address) and down (a dev account) with real blocks", async function () {
    const stranger = "0x00000000000000000000000000000000000c0ffe";
    expect(await provider.send("hardhat_setBalance", [stranger, "0x56bc75e2d63100000"])).to.equal(true);
    expect(await provider.getBalance(stranger)).to.equal(100n * 10n ** 18n);
    expect(await provider.send("anvil_setBalance", [bob.address, "0x2a"])).to.equal(true);
    expect(await provider.getBalance(bob.address)).to.equal(42n);
    await expectRpcError(provider.send("hardhat_setBalance", [stranger, "0x0"]), /no key/);
  });

  describe("with Hardhat 3 (network.connect to the node)", function () {
    it("network helpers refuse the node by its client version; their snapshot calls work when made directly", async function () {
      const connection = await network.connect({ network: "citrate", override: { url: node.url, accounts: [alice.privateKey] } });
      // hardhat-network-helpers checks that web3_clientVersion starts with hardhat, anvil or zksync.
      const version = (await connection.provider.request({ method: "web3_clientVersion" })) as string;
      expect(version).to.match(/^Citrate\//);
      await expectRpcError(connection.networkHelpers.loadFixture(async function counterFixture() {
        return 1;
      }), /Hardhat network|hardhat network/i);
      // The calls loadFixture makes (takeSnapshot: evm_snapshot; restore: evm_revert, then evm_snapshot again).
      const { ethers } = connection;
      const [owner] = await ethers.getSigners();
      const counter = await (await ethers.getContractFactory("Counter", owner)).deploy();
      await counter.waitForDeployment();
      let id = (await connection.provider.request({ method: "evm_snapshot" })) as string;
      for (let test = 0; test < 2; test++) {
        await (await counter.getFunction("increment")()).wait();
        expect(await counter.getFunction("count")()).to.equal(1n);
        expect(await connection.provider.request({ method: "evm_revert", params: [id] })).to.equal(true);
        id = (await connection.provider.request({ method: "evm_snapshot" })) as string;
        expect(await counter.getFunction("count")()).to.equal(0n);
      }
      await connection.close();
    });
  });
});

async function expectRpcError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail(`expected an error matching ${message}`);
}
