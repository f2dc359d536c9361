import { expect } from "chai";
import { openDevNodeRpc, type DevNodeRpc } from "../../../../support/dev-node-rpc.js";

type Hex = `0x${string}`;

describe("rpc methods: eth_baseFee on a dev node", function () {
  this.timeout(60_000);
  let rpc: DevNodeRpc;

  before(async function () {
    rpc = await openDevNodeRpc();
  });
  after(async function () {
    await rpc?.close();
  });

  it("is the base fee of the next block: the one it is mined with", async function () {
    for (let block = 0; block < 3; block++) {
      const baseFee = (await rpc.result("eth_baseFee")) as Hex;
      expect(baseFee).to.match(/^0x[1-9a-f][0-9a-f]*$/);
      await rpc.result("evm_mine");
      expect(((await rpc.result("eth_getBlockByNumber", ["latest", false])) as { baseFeePerGas: Hex }).baseFeePerGas).to.equal(baseFee);
    }
  });

  it("agrees with eth_feeHistory's last entry and eth_gasPrice (base fee + the suggested tip)", async function () {
    const baseFee = (await rpc.result("eth_baseFee")) as Hex;
    const history = (await rpc.result("eth_feeHistory", ["0x1", "latest"])) as { baseFeePerGas: Hex[] };
    expect(history.baseFeePerGas.at(-1)).to.equal(baseFee);
    const tip = BigInt((await rpc.result("eth_maxPriorityFeePerGas")) as string);
    expect(BigInt((await rpc.result("eth_gasPrice")) as string)).to.equal(BigInt(baseFee) + tip);
    expect((await rpc.call("eth_baseFee", ["latest"])).error).to.deep.equal({ code: -32602, message: "too many arguments, want at most 0" });
  });
});
