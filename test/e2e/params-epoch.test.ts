import { expect } from "chai";
import { Contract, JsonRpcProvider, Wallet } from "ethers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KEY } from "../../deploy/protocol-parameters.js";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { PREDEPLOY_ADDRESSES } from "../../node/chain/predeploys/predeploy.js";
import { startDevNode, type RunningNode } from "../support/node-process.js";

const GWEI = 10n ** 9n;
const [owner, alice, bob] = devAccounts(3);

interface ParamsResult {
  epoch: string;
  epochLength: string;
  nextBoundaryBlock: string;
  governed: boolean;
  params: { name: string; key: string; value: string; pendingValue?: string; activationEpoch?: string; min: string; max: string }[];
}

describe("protocol parameters on citrate node --dev: a min gas price change takes effect at the epoch boundary", function () {
  this.timeout(180_000);
  let datadir: string;
  let node: RunningNode;
  let provider: JsonRpcProvider;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-params-"));
    node = await startDevNode(datadir);
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  });
  after(async function () {
    provider?.destroy();
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  const minGasPrice = async () => {
    const result = (await provider.send("citrate_getParams", [])) as ParamsResult;
    return { result, param: result.params.find((p) => p.name === "citrate.node.minGasPrice") };
  };
  /** A transfer from alice priced at `maxFeePerGas` (tip 1 wei). */
  const priced = async (maxFeePerGas: bigint) => {
    const wallet = new Wallet(alice.privateKey, provider);
    return wallet.sendTransaction({ to: bob.address, value: 1n, gasLimit: 21_000n, maxFeePerGas, maxPriorityFeePerGas: 1n });
  };

  it("shows the change pending, accepts a transaction between old and new floor up to the last block of the epoch, refuses it after", async function () {
    const before = await minGasPrice();
    expect(before.result).to.include({ epoch: "0x0", epochLength: "0x64", nextBoundaryBlock: "0x64", governed: true });
    expect(before.param).to.deep.include({ key: KEY.MIN_GAS_PRICE, value: "0x3b9aca00", min: "0x0" });
    expect(before.param).to.not.have.property("pendingValue");

    const params = new Contract(PREDEPLOY_ADDRESSES.ProtocolParams, ["function setParam(bytes32 key, uint256 value)"], new Wallet(owner.privateKey, provider));
    const scheduled = await (await params.getFunction("setParam")(KEY.MIN_GAS_PRICE, 5n * GWEI)).wait();
    expect(scheduled?.status).to.equal(1);
    const pending = await minGasPrice();
    expect(pending.param).to.deep.include({ value: "0x3b9aca00", pendingValue: "0x12a05f200", activationEpoch: "0x1" });

    // 3 gwei: above the old floor (1 gwei), below the new one (5 gwei).
    const early = await (await priced(3n * GWEI)).wait();
    expect(early?.status).to.equal(1);
    const head = await provider.getBlockNumber();
    await provider.send("hardhat_mine", [`0x${(98 - head).toString(16)}`]);
    expect(await provider.getBlockNumber()).to.equal(98);
    const last = await (await priced(3n * GWEI)).wait();
    expect(last?.blockNumber).to.equal(99);
    expect(last?.status).to.equal(1);

    // Block 99 closed epoch 0: the next block (100) is in epoch 1, where 5 gwei is the floor.
    const after = await minGasPrice();
    expect(after.result).to.include({ epoch: "0x1", nextBoundaryBlock: "0xc8" });
    expect(after.param).to.deep.include({ value: "0x12a05f200" });
    expect(after.param).to.not.have.property("pendingValue");
    let refusal: unknown;
    try {
      await priced(3n * GWEI);
    } catch (error) {
      refusal = error;
    }
    expect(String((refusal as Error | undefined)?.message)).to.match(/underpriced: fee cap 3000000000 below the minimum 5000000000/);
    const accepted = await (await priced(6n * GWEI)).wait();
    expect(accepted?.blockNumber).to.equal(100);
  });
});
