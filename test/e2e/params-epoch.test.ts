import { expect } from "chai";
import { Contract, Interface, JsonRpcProvider, Wallet, id } from "ethers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KEY } from "../../deploy/protocol-parameters.js";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { PREDEPLOY_ADDRESSES } from "../../node/chain/predeploys/predeploy.js";
import { mineAfter } from "../support/chain-time.js";
import { nodeProvider, printNodeLogIfFailed, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";

const GWEI = 10n ** 9n;
/** The dev node answers a send once the transaction is mined: a receipt not there by then never comes. */
const RECEIPT_WAIT_MS = 30_000;
const [carol, alice, bob] = devAccounts(3);
const GOVERNOR_ABI = [
  "function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns (uint256)",
  "function castVote(uint256 proposalId, uint8 support) returns (uint256)",
  "function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)",
  "function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256)",
  "function state(uint256 proposalId) view returns (uint8)",
  "function hashProposal(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) view returns (uint256)",
  "function proposalClass(uint256 proposalId) view returns (uint8)",
];
const ProposalState = { Active: 1, Succeeded: 4, Queued: 5, Executed: 7 } as const;

interface ParamsResult {
  epoch: string;
  epochLength: string;
  nextBoundaryBlock: string;
  governed: boolean;
  params: { name: string; key: string; value: string; pendingValue?: string; activationEpoch?: string; min: string; max: string }[];
}

describe("governance on citrate node --dev: a min gas price proposal passes both chambers and takes effect at the epoch boundary", function () {
  this.timeout(180_000);
  let datadir: string;
  let node: RunningNode;
  let provider: JsonRpcProvider;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-params-"));
    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
    provider = nodeProvider(node);
    // Calls run at the head's timestamp; the Governor reads votes at clock() - 1, which the genesis
    // (timestamp 0) cannot give: a first block moves the clock to now.
    await provider.send("evm_mine", []);
  });
  afterEach(function () {
    printNodeLogIfFailed(this.currentTest, node);
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

  const governor = (signer: Wallet) => new Contract(PREDEPLOY_ADDRESSES.CitrateGovernor, GOVERNOR_ABI, signer);
  const advance = (seconds: number) => mineAfter(provider, seconds);
  const encodeSetParam = (key: string, value: bigint) => new Interface(["function setParam(bytes32 key, uint256 value)"]).encodeFunctionData("setParam", [key, value]);

  /**
   * A ParameterChange proposal through the whole process: proposed by a staker, voted For by
   * #0–#2 (stakers and council members, so both chambers reach quorum), queued in the Timelock
   * after the vote and executed after the class delay.
   */
  const passParameterProposal = async (calldata: string, description: string) => {
    const proposer = governor(new Wallet(alice.privateKey, provider));
    const targets = [PREDEPLOY_ADDRESSES.ProtocolParams];
    const values = [0n];
    const calldatas = [calldata];
    const descriptionHash = id(description);
    await (await proposer.getFunction("propose")(targets, values, calldatas, description)).wait(1, RECEIPT_WAIT_MS);
    const proposalId = (await proposer.getFunction("hashProposal")(targets, values, calldatas, descriptionHash)) as bigint;
    expect(await proposer.getFunction("proposalClass")(proposalId)).to.equal(0n);
    await advance(2);
    expect(await proposer.getFunction("state")(proposalId)).to.equal(BigInt(ProposalState.Active));
    for (const voter of [carol, alice, bob]) await (await governor(new Wallet(voter.privateKey, provider)).getFunction("castVote")(proposalId, 1)).wait(1, RECEIPT_WAIT_MS);
    await advance(61);
    expect(await proposer.getFunction("state")(proposalId)).to.equal(BigInt(ProposalState.Succeeded));
    await (await proposer.getFunction("queue")(targets, values, calldatas, descriptionHash)).wait(1, RECEIPT_WAIT_MS);
    expect(await proposer.getFunction("state")(proposalId)).to.equal(BigInt(ProposalState.Queued));
    // The Timelock holds it for the ParameterChange delay (10 s on the dev chain).
    const early = await proposer.getFunction("execute").staticCall(targets, values, calldatas, descriptionHash).then(
      () => "executed",
      (error: Error) => error.message,
    );
    expect(early).to.not.equal("executed");
    await advance(11);
    await (await proposer.getFunction("execute")(targets, values, calldatas, descriptionHash)).wait(1, RECEIPT_WAIT_MS);
    expect(await proposer.getFunction("state")(proposalId)).to.equal(BigInt(ProposalState.Executed));
  };

  it("shows the change pending, accepts a transaction between old and new floor up to the last block of the epoch, refuses it after", async function () {
    const before = await minGasPrice();
    expect(before.result).to.include({ epoch: "0x0", epochLength: "0x64", nextBoundaryBlock: "0x64", governed: true });
    expect(before.param).to.deep.include({ key: KEY.MIN_GAS_PRICE, value: "0x3b9aca00", min: "0x0" });
    expect(before.param).to.not.have.property("pendingValue");

    await passParameterProposal(encodeSetParam(KEY.MIN_GAS_PRICE, 5n * GWEI), "Raise the min gas price to 5 gwei");
    const pending = await minGasPrice();
    expect(pending.param).to.deep.include({ value: "0x3b9aca00", pendingValue: "0x12a05f200", activationEpoch: "0x1" });

    // 3 gwei: above the old floor (1 gwei), below the new one (5 gwei).
    const early = await (await priced(3n * GWEI)).wait(1, RECEIPT_WAIT_MS);
    expect(early?.status).to.equal(1);
    const head = await provider.getBlockNumber();
    await provider.send("hardhat_mine", [`0x${(98 - head).toString(16)}`]);
    expect(await provider.getBlockNumber()).to.equal(98);
    const last = await (await priced(3n * GWEI)).wait(1, RECEIPT_WAIT_MS);
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
    const accepted = await (await priced(6n * GWEI)).wait(1, RECEIPT_WAIT_MS);
    expect(accepted?.blockNumber).to.equal(100);
  });
});
