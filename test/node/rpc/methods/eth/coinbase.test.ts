import { expect } from "chai";
import { ethCoinbase } from "../../../../../node/rpc/methods/eth/coinbase.js";
import type { RpcCall } from "../../../../../node/rpc/rpc-call.js";
import { openDevNodeRpc, TEST_PROPOSER } from "../../../../support/dev-node-rpc.js";

const CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };

describe("rpc methods: eth_coinbase", function () {
  it("returns the context's coinbase and takes no arguments", async function () {
    const coinbase = "0x00000000000000000000000000000000000000c0";
    expect(await ethCoinbase.invoke([], { coinbase }, CALL)).to.equal(coinbase);
    expect(await ethCoinbase.invoke(["latest"], { coinbase }, CALL).catch((e: Error) => e.message)).to.equal("too many arguments, want at most 0");
  });

  it("on a node: the proposer of the blocks it produces, their `miner`", async function () {
    this.timeout(60_000);
    const rpc = await openDevNodeRpc();
    try {
      expect(await rpc.result("eth_coinbase")).to.equal(TEST_PROPOSER);
      await rpc.result("evm_mine");
      expect(((await rpc.result("eth_getBlockByNumber", ["latest", false])) as { miner: string }).miner).to.equal(TEST_PROPOSER);
    } finally {
      await rpc.close();
    }
  });
});
