import { expect } from "chai";
import { Contract, ContractFactory, getAddress, JsonRpcProvider, Wallet, WebSocketProvider, parseEther, type Log } from "ethers";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { nodeProvider, type RunningNode, startDevNode } from "../support/node-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const artifact = JSON.parse(readFileSync(path.join(root, "artifacts/contracts/test/Counter.sol/Counter.json"), "utf8")) as {
  abi: unknown[];
  bytecode: string;
};
const [alice, bob] = devAccounts(2);

describe("citrate node --dev over JSON-RPC (ethers)", function () {
  this.timeout(120_000);
  let datadir: string;
  let node: RunningNode;
  let provider: JsonRpcProvider;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-e2e-"));
    node = await startDevNode(datadir);
    provider = nodeProvider(node);
  });
  after(async function () {
    provider?.destroy();
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  it("serves the dev chain: chain id 1337, the Hardhat accounts funded, the genesis block", async function () {
    expect((await provider.getNetwork()).chainId).to.equal(1337n);
    expect(await provider.getBalance(alice.address)).to.equal(parseEther("10000"));
    const genesis = await provider.getBlock(0);
    expect(genesis?.number).to.equal(0);
  });

  it("has the protocol contracts from genesis and names them through citrate_getProtocolContracts", async function () {
    const contracts = (await provider.send("citrate_getProtocolContracts", [])) as Record<string, string>;
    expect(Object.keys(contracts)).to.include.members(["ProtocolParams", "Treasury", "FeeSplitter", "InferenceRouter", "CitrateGovernor", "Timelock"]);
    const params = new Contract(contracts.ProtocolParams, ["function epochLength() view returns (uint256)", "function owner() view returns (address)"], provider);
    expect(await params.epochLength()).to.equal(100n);
    expect(await params.owner()).to.equal(getAddress(contracts.Timelock));
  });

  it("mines a transfer when it arrives and reports its receipt", async function () {
    const wallet = new Wallet(alice.privateKey, provider);
    const tx = await wallet.sendTransaction({ to: bob.address, value: parseEther("1.5") });
    const receipt = await tx.wait();
    expect(receipt?.status).to.equal(1);
    expect(await provider.getBalance(bob.address)).to.equal(parseEther("10001.5"));
    const block = await provider.getBlock(receipt?.blockNumber as number, true);
    expect(block?.prefetchedTransactions.map((t) => t.hash)).to.deep.equal([tx.hash]);
  });

  it("deploys a contract, calls it, and delivers its events through eth_getLogs and a WebSocket subscription", async function () {
    const wallet = new Wallet(alice.privateKey, provider);
    const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode, wallet);
    const counter = (await factory.deploy()) as Contract;
    await counter.waitForDeployment();
    const address = await counter.getAddress();

    const ws = new WebSocketProvider(node.wsUrl);
    const streamed: Log[] = [];
    await ws.on({ address }, (log: Log) => streamed.push(log));

    for (let i = 0; i < 3; i++) await (await counter.getFunction("increment")()).wait();
    expect(await counter.getFunction("count")()).to.equal(3n);

    const logs = await provider.getLogs({ address, fromBlock: 0 });
    expect(logs).to.have.length(3);
    const parsed = logs.map((log) => counter.interface.parseLog(log));
    expect(parsed.map((p) => p?.args.newCount)).to.deep.equal([1n, 2n, 3n]);
    expect(parsed.every((p) => p?.args.by === wallet.address)).to.equal(true);

    const deadline = Date.now() + 10_000;
    while (streamed.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(streamed.map((log) => log.transactionHash)).to.deep.equal(logs.map((log) => log.transactionHash));
    await ws.destroy();

    try {
      await counter.getFunction("fail").staticCall(7n);
      expect.fail("the call did not revert");
    } catch (error) {
      const decoded = counter.interface.parseError((error as { data: string }).data);
      expect(decoded?.name).to.equal("Refused");
      expect(decoded?.args[0]).to.equal(7n);
    }
  });

  it("mines a burst of transactions without empty blocks", async function () {
    const sender = new Wallet(devAccounts(4)[3].privateKey, provider);
    const first = await provider.getBlockNumber();
    const nonce = await provider.getTransactionCount(sender.address, "pending");
    const signed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sender.signTransaction({
          to: bob.address,
          value: 1n,
          nonce: nonce + i,
          gasLimit: 21_000n,
          maxFeePerGas: 10n ** 10n,
          maxPriorityFeePerGas: 10n ** 9n,
          chainId: 1337n,
          type: 2,
        }),
      ),
    );
    const sent = await Promise.all(signed.map((raw) => provider.broadcastTransaction(raw)));
    await Promise.all(sent.map((tx) => tx.wait()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const last = await provider.getBlockNumber();
    for (let n = first + 1; n <= last; n++) {
      expect((await provider.getBlock(n))?.transactions.length, `block ${n}`).to.be.greaterThan(0);
    }
  });

  it("restarts on the same data directory with the same state", async function () {
    const before = { head: await provider.getBlockNumber(), bob: await provider.getBalance(bob.address) };
    const block = await provider.getBlock(before.head);
    provider.destroy();
    expect(await node.stop()).to.equal(0);

    node = await startDevNode(datadir);
    provider = nodeProvider(node);
    expect(await provider.getBlockNumber()).to.equal(before.head);
    expect((await provider.getBlock(before.head))?.hash).to.equal(block?.hash);
    expect(await provider.getBalance(bob.address)).to.equal(before.bob);
    expect(await provider.getTransactionCount(alice.address)).to.equal(5);
  });
});
