import { expect } from "chai";
import type { RpcCall } from "../../../../../node/rpc/rpc-call.js";
import { ethChainId } from "../../../../../node/rpc/methods/eth/chainId.js";

const CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };

describe("rpc methods: eth_chainId", function () {
  it("returns the chain id as a QUANTITY", async function () {
    expect(await ethChainId.invoke([], { chainId: 1337n }, CALL)).to.equal("0x539");
    expect(await ethChainId.invoke([], { chainId: 1n }, CALL)).to.equal("0x1");
    expect(await ethChainId.invoke(["0x1"], { chainId: 1n }, CALL).catch((e: Error) => e.message)).to.equal(
      "too many arguments, want at most 0",
    );
  });
});
