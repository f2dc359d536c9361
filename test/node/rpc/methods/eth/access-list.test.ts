import { expect } from "chai";
import { Interface } from "ethers";
import { readFileSync } from "node:fs";
import path from "node:path";
import { devAccounts } from "../../../../../node/chain/dev-accounts.js";
import { RpcErrorCode } from "../../../../../node/rpc/json-rpc.js";
import { MAX_ACCESS_LIST_RUNS } from "../../../../../node/rpc/methods/eth/access-list.js";
import { openDevNodeRpc, type DevNodeRpc } from "../../../../support/dev-node-rpc.js";

type Hex = `0x${string}`;

function artifact(name: string): { abi: string[]; bytecode: Hex } {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../../../../artifacts/contracts/test/${name}.sol/${name}.json`), "utf8")) as { abi: string[]; bytecode: Hex };
}

const counterArtifact = artifact("Counter");
const probeArtifact = artifact("CallProbe");
const counterAbi = new Interface(counterArtifact.abi);
const probeAbi = new Interface(probeArtifact.abi);
const [alice, bob] = devAccounts(2);
const SLOT_ZERO = `0x${"00".repeat(32)}`;
/** Init code of a contract whose code is GAS SLOAD STOP: it reads the slot its remaining gas names. */
const GAS_SLOT_READER = "0x625a54006000526003601df3";

interface AccessListAnswer {
  accessList: Array<{ address: Hex; storageKeys: Hex[] }>;
  gasUsed: Hex;
  error?: string;
}

describe("rpc methods: eth_createAccessList on a dev node", function () {
  this.timeout(60_000);
  let rpc: DevNodeRpc;
  let counter: Hex;
  let probe: Hex;
  let gasSlotReader: Hex;

  async function deploy(bytecode: Hex): Promise<Hex> {
    const hash = await rpc.result("eth_sendTransaction", [{ from: alice.address, data: bytecode }]);
    return ((await rpc.result("eth_getTransactionReceipt", [hash])) as { contractAddress: Hex }).contractAddress;
  }

  async function accessList(call: Record<string, unknown>, block?: unknown): Promise<AccessListAnswer> {
    return (await rpc.result("eth_createAccessList", block === undefined ? [call] : [call, block])) as AccessListAnswer;
  }

  /** The probe calling the Counter with `data`: a call that touches another contract's storage. */
  function throughProbe(data: string): Record<string, unknown> {
    return { from: bob.address, to: probe, data: probeAbi.encodeFunctionData("execute", [counter, data]) };
  }

  before(async function () {
    rpc = await openDevNodeRpc();
    counter = await deploy(counterArtifact.bytecode);
    probe = await deploy(probeArtifact.bytecode);
    gasSlotReader = await deploy(GAS_SLOT_READER as Hex);
    // From here on every increment stores over a non-zero count, so each costs the same.
    await rpc.result("eth_sendTransaction", [{ from: alice.address, to: counter, data: counterAbi.encodeFunctionData("increment") }]);
  });
  after(async function () {
    await rpc?.close();
  });

  it("lists the other contract and the slots the call touches in it; not the sender or the recipient", async function () {
    const answer = await accessList(throughProbe(counterAbi.encodeFunctionData("increment")));
    expect(answer).to.deep.equal({ accessList: [{ address: counter, storageKeys: [SLOT_ZERO] }], gasUsed: answer.gasUsed });
  });

  it("gasUsed is the gas the transaction then uses with that access list", async function () {
    for (const fees of [{}, { gasPrice: "0x4a817c800" }]) {
      const call = { ...throughProbe(counterAbi.encodeFunctionData("increment")), ...fees };
      const { accessList: list, gasUsed } = await accessList(call);
      const hash = await rpc.result("eth_sendTransaction", [{ ...call, accessList: list }]);
      const receipt = (await rpc.result("eth_getTransactionReceipt", [hash])) as { gasUsed: Hex; status: Hex; type: Hex };
      expect(receipt.status, JSON.stringify(fees)).to.equal("0x1");
      expect(receipt.gasUsed, JSON.stringify(fees)).to.equal(gasUsed);
      const without = await rpc.result("eth_sendTransaction", [call]);
      const plain = (await rpc.result("eth_getTransactionReceipt", [without])) as { gasUsed: Hex };
      // Warming the Counter and its slot in advance costs 4,300 and saves 4,500.
      expect(BigInt(plain.gasUsed) - BigInt(gasUsed), JSON.stringify(fees)).to.equal(200n);
    }
  });

  it("eth_call and eth_estimateGas count and warm a request's access list as a transaction does", async function () {
    const transfer = { from: bob.address, to: alice.address, value: "0x1" };
    const listed = { ...transfer, accessList: [{ address: "0x000000000000000000000000000000000000beef", storageKeys: [SLOT_ZERO] }] };
    expect(await rpc.result("eth_estimateGas", [transfer])).to.equal("0x5208");
    // EIP-2930: 2,400 per address and 1,900 per key, paid up front.
    expect(await rpc.result("eth_estimateGas", [listed])).to.equal(`0x${(21_000 + 2_400 + 1_900).toString(16)}`);
    expect((await rpc.call("eth_call", [{ ...listed, gas: "0x5208" }])).error?.message).to.equal("intrinsic gas too low: have 21000, want 25300");
  });

  it("a reverting call answers with the error, the list traced up to the revert and the gas used", async function () {
    const answer = await accessList(throughProbe(counterAbi.encodeFunctionData("fail", [7])));
    expect(answer.error).to.equal("execution reverted");
    expect(answer.accessList).to.deep.equal([{ address: counter, storageKeys: [] }]);
    expect(BigInt(answer.gasUsed) > 21_000n).to.equal(true);
  });

  it("a contract's own storage is listed under it (geth lists the recipient's slots too)", async function () {
    const answer = await accessList({ from: bob.address, to: counter, data: counterAbi.encodeFunctionData("increment") });
    expect(answer.accessList).to.deep.equal([{ address: counter, storageKeys: [SLOT_ZERO] }]);
    const creation = await accessList({ from: bob.address, data: counterArtifact.bytecode });
    expect(creation).to.deep.equal({ accessList: [], gasUsed: creation.gasUsed });
  });

  it("starts from the request's access list: keeps its entries, drops those of addresses warm anyway; sorted by address", async function () {
    const extra = { address: "0x000000000000000000000000000000000000beef", storageKeys: [`0x${"00".repeat(31)}07`] };
    const answer = await accessList({
      ...throughProbe(counterAbi.encodeFunctionData("increment")),
      accessList: [extra, { address: probe, storageKeys: [] }, { address: bob.address, storageKeys: [] }, { address: `0x${"00".repeat(19)}01`, storageKeys: [] }],
    });
    expect(answer.accessList).to.deep.equal([extra, { address: counter, storageKeys: [SLOT_ZERO] }]);
  });

  it("answers for the post-state of the block asked for", async function () {
    const genesisCall = { from: bob.address, to: counter, data: counterAbi.encodeFunctionData("increment") };
    // The Counter does not exist at genesis: nothing runs, nothing is touched, and the call pays
    // 21,000 plus the EIP-7623 floor of its 4 non-zero calldata bytes (160).
    expect(await accessList(genesisCall, "earliest")).to.deep.equal({ accessList: [], gasUsed: "0x52a8" });
  });

  it(`refuses a call whose accesses change with the list after ${MAX_ACCESS_LIST_RUNS} runs`, async function () {
    const reply = await rpc.call("eth_createAccessList", [{ from: bob.address, to: gasSlotReader }]);
    expect(reply.error).to.deep.equal({
      code: RpcErrorCode.ServerError,
      message: `the access list did not settle in ${MAX_ACCESS_LIST_RUNS} runs: the call's accesses change with the list (e.g. they depend on its gas)`,
    });
  });

  it("a call that cannot run as a transaction is -32000 saying why", async function () {
    const call = throughProbe(counterAbi.encodeFunctionData("increment"));
    const lowFee = await rpc.call("eth_createAccessList", [{ ...call, maxFeePerGas: "0x1" }]);
    expect(lowFee.error?.code).to.equal(RpcErrorCode.ServerError);
    expect(lowFee.error?.message).to.match(/^failed to apply transaction: Transaction's maxFeePerGas \(1\) is less than the block's baseFeePerGas \(\d+\)$/);
    const lowGas = await rpc.call("eth_createAccessList", [{ ...call, gas: "0x5208" }]);
    expect(lowGas.error?.message).to.match(/^failed to apply transaction: .*gas limit 21000 is lower than the minimum gas limit/);
  });
});
