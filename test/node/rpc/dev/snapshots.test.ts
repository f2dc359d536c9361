import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEV_FAUCET_BALANCE, devAccounts, devSystemAccounts } from "../../../../node/chain/dev-accounts.js";
import type { CitrateNode } from "../../../../node/citrate-node.js";
import { DevClock } from "../../../../node/dev/dev-clock.js";
import { openDevNode, rpcCaller, TEST_PROPOSER, type RpcReply } from "../../../support/dev-node-rpc.js";

const [alice, bob] = devAccounts(2);
const T0 = 1_800_000_000n;

describe("rpc dev methods: evm_snapshot / evm_revert and hardhat_setBalance (a node on LevelDB)", function () {
  this.timeout(60_000);
  let datadir: string;
  let node: CitrateNode;
  let wall: bigint;
  let clock: DevClock;
  let call: (method: string, params?: unknown[]) => Promise<RpcReply>;

  async function open(): Promise<void> {
    const opened = await openDevNode(datadir, clock);
    node = opened.node;
    call = rpcCaller(opened);
  }

  beforeEach(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-snapshots-"));
    wall = T0;
    clock = new DevClock(() => wall);
    await open();
  });
  afterEach(async function () {
    await node?.close();
    rmSync(datadir, { recursive: true, force: true });
  });

  async function result(method: string, params: unknown[] = []): Promise<unknown> {
    const reply = await call(method, params);
    if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  }
  const balance = async (address: string): Promise<bigint> => BigInt((await result("eth_getBalance", [address, "latest"])) as string);
  const nonce = async (address: string): Promise<bigint> => BigInt((await result("eth_getTransactionCount", [address, "latest"])) as string);
  const headNumber = async (): Promise<bigint> => BigInt((await result("eth_blockNumber")) as string);
  const send = (value: string) => result("eth_sendTransaction", [{ from: alice.address, to: bob.address, value }]) as Promise<string>;

  it("numbers snapshots 0x1, 0x2, … and reverts blocks, balances, nonces, receipts, the head and the clock", async function () {
    await send("0x1");
    const id = await result("evm_snapshot");
    expect(id).to.equal("0x1");
    const head = (await result("eth_getBlockByNumber", ["latest", false])) as { hash: string; number: string };
    const before = { alice: await balance(alice.address), bob: await balance(bob.address), nonce: await nonce(alice.address) };
    const clockBefore = clock.save();

    const later = await send("0x2");
    await result("hardhat_mine", ["0x3"]);
    expect(await result("evm_increaseTime", [3600])).to.equal(String(clock.offset));
    expect(clock.offset).to.not.equal(clockBefore.offset);
    expect(await result("evm_setNextBlockTimestamp", [Number(T0 + 100_000n)])).to.equal(String(T0 + 100_000n));
    expect(await result("evm_snapshot")).to.equal("0x2");
    await send("0x3");
    expect(await headNumber()).to.equal(BigInt(head.number) + 5n);

    expect(await result("evm_revert", ["0x1"])).to.equal(true);
    expect(await headNumber()).to.equal(BigInt(head.number));
    expect(((await result("eth_getBlockByNumber", ["latest", false])) as { hash: string }).hash).to.equal(head.hash);
    expect(await result("eth_getBlockByNumber", [`0x${(BigInt(head.number) + 1n).toString(16)}`, false])).to.equal(null);
    expect(await result("eth_getTransactionReceipt", [later])).to.equal(null);
    expect({ alice: await balance(alice.address), bob: await balance(bob.address), nonce: await nonce(alice.address) }).to.deep.equal(before);
    expect(clock.save()).to.deep.equal(clockBefore);
    expect(await result("citrate_getTips")).to.deep.equal([head.hash]);

    // Snapshot 1 and the later snapshot 2 are used up; an unknown id answers false.
    expect(await result("evm_revert", ["0x1"])).to.equal(false);
    expect(await result("evm_revert", ["0x2"])).to.equal(false);
    expect(await result("evm_revert", ["0x99"])).to.equal(false);
    expect((await call("evm_revert", ["one"])).error?.code).to.equal(-32602);

    // The chain goes on from the snapshot: same nonce again, new snapshot ids keep counting.
    wall += 10n;
    await send("0x4");
    expect(await nonce(alice.address)).to.equal(before.nonce + 1n);
    expect(await headNumber()).to.equal(BigInt(head.number) + 1n);
    expect(await result("evm_snapshot")).to.equal("0x3");

    // The rewound DAG is what reopens.
    const headAfter = await result("eth_getBlockByNumber", ["latest", false]);
    await node.close();
    await open();
    expect(await result("eth_getBlockByNumber", ["latest", false])).to.deep.equal(headAfter);
  });

  it("reverting to the same fixture twice (loadFixture's pattern: revert, then snapshot again)", async function () {
    await send("0x1");
    let id = (await result("evm_snapshot")) as string;
    const state = await balance(bob.address);
    for (let round = 0; round < 3; round++) {
      await send("0x10");
      expect(await balance(bob.address)).to.equal(state + 16n);
      expect(await result("evm_revert", [id])).to.equal(true);
      expect(await balance(bob.address)).to.equal(state);
      id = (await result("evm_snapshot")) as string;
    }
  });

  it("hardhat_setBalance raises any balance through the faucet, lowers a dev account's exactly, and mines", async function () {
    const stranger = "0x1234567890123456789012345678901234567890";
    const start = await headNumber();
    expect(await result("hardhat_setBalance", [stranger, "0xde0b6b3a7640000"])).to.equal(true);
    expect(await balance(stranger)).to.equal(10n ** 18n);
    expect(await headNumber()).to.equal(start + 1n); // unlike Hardhat, a real block carries the change

    expect(await result("anvil_setBalance", [alice.address, "0x3e8"])).to.equal(true); // lower to 1000 wei
    expect(await balance(alice.address)).to.equal(1000n);
    expect(await result("hardhat_setBalance", [alice.address, "0x0"])).to.equal(true); // excess below the gas: raise, then lower
    expect(await balance(alice.address)).to.equal(0n);
    const huge = 2n ** 200n;
    expect(await result("hardhat_setBalance", [bob.address, `0x${huge.toString(16)}`])).to.equal(true);
    expect(await balance(bob.address)).to.equal(huge);
    const height = await headNumber();
    expect(await result("hardhat_setBalance", [bob.address, `0x${huge.toString(16)}`])).to.equal(true);
    expect(await headNumber()).to.equal(height); // already so: nothing mined

    const lower = await call("hardhat_setBalance", [stranger, "0x1"]);
    expect(lower.error?.code).to.equal(-32000);
    expect(lower.error?.message).to.match(/cannot lower the balance of 0x1234.*no key/);
    expect((await call("hardhat_setBalance", [devSystemAccounts().faucet.address, "0x1"])).error?.code).to.equal(-32000);
    expect((await call("hardhat_setBalance", [stranger, `0x${DEV_FAUCET_BALANCE.toString(16)}`])).error?.message).to.match(/faucet holds/);
    expect((await call("hardhat_setBalance", [TEST_PROPOSER, "0x1"])).error?.code).to.equal(-32000); // the proposer's rewards move it
    expect((await call("hardhat_setBalance", ["0x12", "0x1"])).error?.code).to.equal(-32602);
  });

  it("hardhat_setBalance credits a contract that refuses plain transfers, without running its code", async function () {
    // Runtime code that always reverts (PUSH1 0, DUP1, REVERT): a plain transfer to it fails.
    const deploy = (await result("eth_sendTransaction", [{ from: alice.address, data: "0x6005600c60003960056000f360006000fd" }])) as string;
    const receipt = (await result("eth_getTransactionReceipt", [deploy])) as { contractAddress: string };
    expect((await call("eth_sendTransaction", [{ from: alice.address, to: receipt.contractAddress, value: "0x1", gas: "0x186a0" }])).result).to.be.a("string");
    const contractBalance = await balance(receipt.contractAddress);
    expect(contractBalance).to.equal(0n);
    expect(await result("hardhat_setBalance", [receipt.contractAddress, "0x64"])).to.equal(true);
    expect(await balance(receipt.contractAddress)).to.equal(100n);
    expect(await result("eth_getCode", [receipt.contractAddress, "latest"])).to.equal("0x60006000fd");
  });

  it("a snapshot reverts setBalance too", async function () {
    const id = await result("evm_snapshot");
    const before = await balance(bob.address);
    await result("hardhat_setBalance", [bob.address, "0x1"]);
    expect(await result("evm_revert", [id])).to.equal(true);
    expect(await balance(bob.address)).to.equal(before);
  });
});
