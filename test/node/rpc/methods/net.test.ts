import { expect } from "chai";
import type { RpcCall } from "../../../../node/rpc/rpc-call.js";
import { netListening, netPeerCount, netVersion, type NetContext } from "../../../../node/rpc/methods/net.js";

const CALL: RpcCall = { transport: "ws", subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };

describe("rpc methods: net", function () {
  let peers = 0;
  const context: NetContext = { chainId: 1337n, peerCount: () => peers };

  it("net_version is the chain id in decimal", async function () {
    expect(await netVersion.invoke([], context, CALL)).to.equal("1337");
    expect(await netVersion.invoke([], { ...context, chainId: 2n ** 64n }, CALL)).to.equal("18446744073709551616");
  });

  it("net_listening is true", async function () {
    expect(await netListening.invoke([], context, CALL)).to.equal(true);
  });

  it("net_peerCount reads the peer count each call, as a QUANTITY", async function () {
    peers = 0;
    expect(await netPeerCount.invoke([], context, CALL)).to.equal("0x0");
    peers = 25;
    expect(await netPeerCount.invoke([], context, CALL)).to.equal("0x19");
  });

  it("takes no params", async function () {
    for (const method of [netVersion, netListening, netPeerCount]) {
      const error = await method.invoke([1], context, CALL).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.equal("too many arguments, want at most 0");
    }
  });
});
