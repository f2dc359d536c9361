import { expect } from "chai";
import { AbiCoder } from "ethers";
import { devAccounts } from "../../../../../node/chain/dev-accounts.js";
import { openDevNodeRpc, type DevNodeRpc } from "../../../../support/dev-node-rpc.js";

const [alice] = devAccounts(1);
/** Init code deploying `runtime` (PUSH1 len, DUP1, PUSH1 9, PUSH0, CODECOPY, PUSH0, RETURN). */
const deploying = (runtime: string) => `0x60${(runtime.length / 2).toString(16).padStart(2, "0")}8060095f395ff3${runtime}`;
/** Returns abi.encode(block.number, block.timestamp). */
const BLOCK_PROBE = deploying("435f524260205260405ff3");
/** Writes a storage slot only when block.number is odd: its gas depends on the block it runs in. */
const ODD_BLOCK_WRITER = deploying("43600116600857005b60015f5500");

describe("eth_call and eth_estimateGas at \"pending\": the next block's environment on the head's state", function () {
  this.timeout(60_000);
  let devNode: DevNodeRpc;

  before(async function () {
    devNode = await openDevNodeRpc();
  });
  after(async function () {
    await devNode?.close();
  });

  const call = (method: string, params: unknown[] = []) => devNode.call(method, params);
  async function deploy(initCode: string): Promise<string> {
    const { result: hash } = await call("eth_sendTransaction", [{ from: alice.address, data: initCode }]);
    const receipt = (await call("eth_getTransactionReceipt", [hash])).result as { contractAddress: string };
    return receipt.contractAddress;
  }
  const head = async () => (await call("eth_getBlockByNumber", ["latest", false])).result as { number: string; timestamp: string };
  const probe = async (to: string, tag: string) => {
    const { result } = await call("eth_call", [{ to }, tag]);
    return AbiCoder.defaultAbiCoder().decode(["uint256", "uint256"], result as string).map((v) => v as bigint);
  };

  it("eth_call at \"latest\" runs in the head block; at \"pending\" in the next one, at the time it would be stamped", async function () {
    const probeAddress = await deploy(BLOCK_PROBE);
    const latest = await head();
    expect(await probe(probeAddress, "latest")).to.deep.equal([BigInt(latest.number), BigInt(latest.timestamp)]);
    const [number, timestamp] = await probe(probeAddress, "pending");
    expect(number).to.equal(BigInt(latest.number) + 1n);
    expect(timestamp > BigInt(latest.timestamp)).to.equal(true);

    const next = BigInt(latest.timestamp) + 1_000n;
    expect((await call("evm_setNextBlockTimestamp", [`0x${next.toString(16)}`])).error).to.equal(undefined);
    expect(await probe(probeAddress, "pending")).to.deep.equal([BigInt(latest.number) + 1n, next]);
  });

  it("eth_estimateGas estimates for the next block by default (as Hardhat and anvil do), so the estimate fits where the transaction runs", async function () {
    const writer = await deploy(ODD_BLOCK_WRITER);
    const estimate = async (...tag: string[]) => BigInt((await call("eth_estimateGas", [{ from: alice.address, to: writer }, ...tag])).result as string);
    const nextIsOdd = (BigInt((await head()).number) + 1n) % 2n === 1n;
    const [byDefault, pending, latest] = [await estimate(), await estimate("pending"), await estimate("latest")];
    expect(byDefault).to.equal(pending);
    // Only an odd block writes the slot (20,000 gas more): the next block and the head differ in parity.
    expect(nextIsOdd ? pending > latest + 20_000n : latest > pending + 20_000n).to.equal(true);
    const { result: hash } = await call("eth_sendTransaction", [{ from: alice.address, to: writer, gas: `0x${byDefault.toString(16)}` }]);
    const receipt = (await call("eth_getTransactionReceipt", [hash])).result as { status: string; gasUsed: string };
    expect(receipt.status).to.equal("0x1");
  });
});
