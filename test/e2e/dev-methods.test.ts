import { expect } from "chai";
import {
  Contract,
  ContractFactory,
  JsonRpcProvider,
  parseEther,
  verifyMessage,
  verifyTypedData,
  type JsonRpcSigner,
  type TypedDataField,
} from "ethers";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { nodeProvider, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const artifact = JSON.parse(readFileSync(path.join(root, "artifacts/contracts/test/Counter.sol/Counter.json"), "utf8")) as {
  abi: unknown[];
  bytecode: string;
};
const accounts = devAccounts(20);
const [alice, bob] = accounts;

describe("citrate node --dev: dev methods with ethers' JsonRpcSigner", function () {
  this.timeout(120_000);
  let datadir: string;
  let node: RunningNode;
  let provider: JsonRpcProvider;
  let signer: JsonRpcSigner;

  /** The latest block's number and timestamp. */
  async function latest(): Promise<{ number: number; timestamp: number }> {
    const block = await provider.getBlock("latest");
    if (block === null) throw new Error("no latest block");
    return { number: block.number, timestamp: block.timestamp };
  }

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-e2e-dev-"));
    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
    // ethers' request cache off: back-to-back reads must see each new block.
    provider = nodeProvider(node);
    signer = await provider.getSigner(0);
  });
  after(async function () {
    provider?.destroy();
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  it("lists the 20 Hardhat accounts (eth_accounts), and getSigner(0) is the first", async function () {
    expect(await provider.send("eth_accounts", [])).to.deep.equal(accounts.map((a) => a.address));
    expect((await provider.listAccounts()).map((s) => s.address.toLowerCase())).to.deep.equal(accounts.map((a) => a.address));
    expect(signer.address.toLowerCase()).to.equal(alice.address);
  });

  it("sends a transfer through eth_sendTransaction: the node signs and mines it", async function () {
    const before = await provider.getBalance(bob.address);
    const tx = await signer.sendTransaction({ to: bob.address, value: parseEther("1.25") });
    const receipt = await tx.wait();
    expect(receipt?.status).to.equal(1);
    expect(receipt?.from.toLowerCase()).to.equal(alice.address);
    expect(await provider.getBalance(bob.address)).to.equal(before + parseEther("1.25"));

    // Without gas or fees (ethers estimates; a bare client does not): the node fills them.
    const hash = (await provider.send("eth_sendTransaction", [{ from: bob.address, to: alice.address, value: "0x1" }])) as string;
    const sent = await provider.getTransaction(hash);
    expect(sent?.type).to.equal(2);
    const bare = await sent?.wait();
    expect(bare?.status).to.equal(1);
    expect(bare?.gasUsed).to.equal(21_000n);
  });

  it("deploys a contract and calls it through the signer", async function () {
    const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode, signer);
    const counter = (await factory.deploy()) as Contract;
    await counter.waitForDeployment();
    expect(await provider.getCode(await counter.getAddress())).to.not.equal("0x");
    await (await counter.getFunction("increment")()).wait();
    await (await counter.getFunction("increment")()).wait();
    expect(await counter.getFunction("count")()).to.equal(2n);
    const [log] = await provider.getLogs({ address: await counter.getAddress(), fromBlock: 0 });
    expect(counter.interface.parseLog(log)?.args.by.toLowerCase()).to.equal(alice.address);
  });

  it("signs personal messages and EIP-712 typed data that verify to the account", async function () {
    const text = "Sign in to Citrate";
    expect(verifyMessage(text, await signer.signMessage(text))).to.equal(signer.address);
    const other = await provider.getSigner(bob.address);
    const bytes = new Uint8Array([1, 2, 3, 250]);
    expect(verifyMessage(bytes, await other.signMessage(bytes))).to.equal(other.address);

    const domain = { name: "Citrate Permit", version: "1", chainId: 1337, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
    const types: Record<string, TypedDataField[]> = {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    };
    const value = { owner: signer.address, spender: other.address, value: 10n ** 18n, nonce: 0, deadline: 2_000_000_000 };
    const signature = await signer.signTypedData(domain, types, value);
    expect(verifyTypedData(domain, types, value, signature)).to.equal(signer.address);

    const failure = (await provider.send("eth_signTypedData_v4", [alice.address, { types: {}, primaryType: "Permit" }]).catch((e: unknown) => e)) as {
      error?: { code: number; message: string };
    };
    expect(failure.error?.code).to.equal(-32602);
  });

  it("moves time: evm_increaseTime, evm_mine(timestamp), evm_setNextBlockTimestamp show in block timestamps", async function () {
    const start = await latest();
    const wall = Math.floor(Date.now() / 1000);
    expect(await provider.send("evm_increaseTime", [86_400])).to.equal("86400");
    expect(await provider.send("evm_mine", [])).to.equal("0x0");
    const later = await latest();
    expect(later.number).to.equal(start.number + 1);
    // (Not start + 1 day: blocks mined within one second are stamped a second apart, so the head may be ahead of the wall clock.)
    expect(later.timestamp).to.be.within(wall + 86_400, Math.floor(Date.now() / 1000) + 86_400 + 1);

    const exact = later.timestamp + 1_000;
    await provider.send("evm_mine", [exact]);
    expect((await latest()).timestamp).to.equal(exact);

    const next = exact + 3_600;
    expect(await provider.send("evm_setNextBlockTimestamp", [`0x${next.toString(16)}`])).to.equal(String(next));
    // Whatever mines the next block stamps it so: here a transaction (automine).
    await (await signer.sendTransaction({ to: bob.address, value: 1n })).wait();
    expect((await latest()).timestamp).to.equal(next);

    const refused = (await provider.send("evm_setNextBlockTimestamp", [next]).catch((e: unknown) => e)) as { error?: { code: number; message: string } };
    expect(refused.error?.code).to.equal(-32000);
    expect(refused.error?.message).to.equal(`timestamp ${next} is not after the head block's timestamp ${next}: block timestamps strictly increase`);
  });

  it("hardhat_mine mines many blocks at an interval (Hardhat's network helpers call it)", async function () {
    const start = await latest();
    expect(await provider.send("hardhat_mine", ["0x64", "0xe10"])).to.equal(true);
    const end = await latest();
    expect(end.number).to.equal(start.number + 100);
    const first = await provider.getBlock(start.number + 1);
    expect(end.timestamp - (first?.timestamp as number)).to.equal(99 * 3600);
    const second = await provider.getBlock(start.number + 2);
    expect((second?.timestamp as number) - (first?.timestamp as number)).to.equal(3600);
    await provider.send("hardhat_mine", []);
    expect((await latest()).number).to.equal(end.number + 1);
  });
});
