import { expect } from "chai";
import { JsonRpcProvider, Network, WebSocketProvider } from "ethers";
import { eventually, startTestServer, type TestServer } from "../../support/rpc-harness.js";

describe("rpc server: interop with ethers 6", function () {
  let t: TestServer;

  before(async function () {
    t = await startTestServer();
  });
  after(async function () {
    await t.close();
  });

  it("JsonRpcProvider detects the network and calls net_version over HTTP (batched)", async function () {
    const provider = new JsonRpcProvider(t.server.httpUrl);
    try {
      const [network, version, clientVersion] = await Promise.all([
        provider.getNetwork(),
        provider.send("net_version", []),
        provider.send("web3_clientVersion", []),
      ]);
      expect(network.chainId).to.equal(1337n);
      expect(version).to.equal("1337");
      expect(clientVersion).to.equal(t.context.clientVersion);
      expect(await provider.send("eth_chainId", [])).to.equal("0x539");
    } finally {
      provider.destroy();
    }
  });

  it("words unknown methods as geth does, so ethers classifies them as unsupported operations", async function () {
    const provider = new JsonRpcProvider(t.server.httpUrl, Network.from(1337n), { staticNetwork: true });
    try {
      const failure = (await provider.send("eth_nope", []).catch((error: unknown) => error)) as {
        code?: string;
        info?: { error?: { code: number; message: string } };
      };
      expect(failure.code).to.equal("UNSUPPORTED_OPERATION");
      expect(failure.info?.error).to.deep.equal({
        code: -32601,
        message: "the method eth_nope does not exist/is not available",
      });
    } finally {
      provider.destroy();
    }
  });

  it("WebSocketProvider calls eth_chainId and net_version, and follows newHeads as block events", async function () {
    const provider = new WebSocketProvider(t.server.wsUrl);
    try {
      expect((await provider.getNetwork()).chainId).to.equal(1337n);
      expect(await provider.send("net_version", [])).to.equal("1337");
      expect(await provider.send("eth_chainId", [])).to.equal("0x539");

      const blocks: number[] = [];
      await provider.on("block", (blockNumber: number) => blocks.push(blockNumber));
      await eventually(() => t.source.attached === 1);
      t.source.emit({ number: "0x7" });
      t.source.emit({ number: "0x8" });
      await eventually(() => blocks.length === 2);
      expect(blocks).to.deep.equal([7, 8]);
      await provider.removeAllListeners("block");
      await eventually(() => t.source.attached === 0);
    } finally {
      await provider.destroy();
    }
    await eventually(() => t.server.connectionCount === 0);
  });
});
