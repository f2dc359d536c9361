import { expect } from "chai";
import { eventually, startTestServer, WsTestClient, type TestServer } from "../../support/rpc-harness.js";

interface Reply {
  jsonrpc: "2.0";
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

describe("rpc server: WebSocket", function () {
  let t: TestServer;
  let client: WsTestClient;

  before(async function () {
    t = await startTestServer({ limits: { maxWsMessageBytes: 16 * 1024, maxBatchItems: 5 } });
  });
  after(async function () {
    await t.close();
  });
  beforeEach(async function () {
    client = await WsTestClient.connect(t.server.wsUrl);
  });
  afterEach(async function () {
    await client.close();
  });

  it("answers a single request on path / of the same port", async function () {
    expect(await client.call("eth_chainId", [], 7)).to.deep.equal({ jsonrpc: "2.0", id: 7, result: "0x539" });
    expect(await client.call("net_version", [], "x")).to.deep.equal({ jsonrpc: "2.0", id: "x", result: "1337" });
  });

  it("answers a batch in one message, in order, without the notifications", async function () {
    client.send([
      { jsonrpc: "2.0", id: 1, method: "test_sleep", params: [30] },
      { jsonrpc: "2.0", method: "eth_chainId" },
      { jsonrpc: "2.0", id: 2, method: "net_peerCount" },
    ]);
    expect(await client.next()).to.deep.equal([
      { jsonrpc: "2.0", id: 1, result: 30 },
      { jsonrpc: "2.0", id: 2, result: "0x0" },
    ]);
  });

  it("sends nothing for notifications and notification-only batches", async function () {
    client.send({ jsonrpc: "2.0", method: "eth_chainId" });
    client.send([{ jsonrpc: "2.0", method: "eth_chainId" }, { jsonrpc: "2.0", method: "eth_nope" }]);
    expect(await client.silentFor(150)).to.equal(true);
  });

  it("answers malformed JSON, empty and oversized batches, unknown methods and bad versions", async function () {
    client.send("{nope");
    expect(((await client.next()) as Reply).error?.code).to.equal(-32700);
    client.send("[]");
    expect(await client.next()).to.deep.equal({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "invalid request: empty batch" },
    });
    client.send(Array.from({ length: 6 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId" })));
    expect(((await client.next()) as Reply).error).to.deep.equal({ code: -32600, message: "batch too large (6 requests, limit 5)" });
    expect(((await client.call("eth_nope")) as Reply).error?.code).to.equal(-32601);
    client.send({ jsonrpc: "2", id: 3, method: "eth_chainId" });
    expect(((await client.next()) as Reply).error?.code).to.equal(-32600);
    expect(((await client.call("web3_sha3", ["0xzz"])) as Reply).error?.code).to.equal(-32602);
  });

  it("runs messages concurrently: a slow call does not hold up a fast one", async function () {
    client.send({ jsonrpc: "2.0", id: "slow", method: "test_sleep", params: [200] });
    client.send({ jsonrpc: "2.0", id: "fast", method: "eth_chainId" });
    expect(((await client.next()) as Reply).id).to.equal("fast");
    expect(((await client.next()) as Reply).id).to.equal("slow");
  });

  it("closes the connection (1009) on a message over the size limit, and keeps serving others", async function () {
    client.send({ jsonrpc: "2.0", id: 1, method: "test_echo", params: ["z".repeat(20 * 1024)] });
    expect(await client.closed).to.equal(1009);
    const other = await WsTestClient.connect(t.server.wsUrl);
    expect(await other.call("eth_chainId")).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x539" });
    await other.close();
  });

  it("delivers a subscription's events after its id, stops on unsubscribe", async function () {
    const subscribed = (await client.call("eth_subscribe", ["newHeads"], 10)) as Reply;
    const id = subscribed.result as string;
    expect(id).to.match(/^0x[0-9a-f]{1,32}$/);
    expect(t.source.attached).to.equal(1);

    t.source.emit({ number: "0x1" });
    t.source.emit({ number: "0x2" });
    expect(await client.next()).to.deep.equal({
      jsonrpc: "2.0",
      method: "eth_subscription",
      params: { subscription: id, result: { number: "0x1" } },
    });
    expect(await client.next()).to.deep.equal({
      jsonrpc: "2.0",
      method: "eth_subscription",
      params: { subscription: id, result: { number: "0x2" } },
    });

    expect(await client.call("eth_unsubscribe", [id], 11)).to.deep.equal({ jsonrpc: "2.0", id: 11, result: true });
    expect(t.source.attached).to.equal(0);
    t.source.emit({ number: "0x3" });
    expect(await client.silentFor(100)).to.equal(true);
    expect(await client.call("eth_unsubscribe", [id], 12)).to.deep.equal({ jsonrpc: "2.0", id: 12, result: false });
  });

  it("sends an event pushed during eth_subscribe only after the response carrying the id", async function () {
    t.source.pushOnAttach = { number: "0x0" };
    try {
      const subscribed = (await client.call("eth_subscribe", ["newHeads"], 20)) as Reply;
      expect(subscribed.result).to.be.a("string");
      expect(await client.next()).to.deep.include({ method: "eth_subscription" });
    } finally {
      t.source.pushOnAttach = undefined;
    }
  });

  it("does not deliver another connection's subscriptions, nor let it unsubscribe them", async function () {
    const other = await WsTestClient.connect(t.server.wsUrl);
    const id = ((await client.call("eth_subscribe", ["newHeads"])) as Reply).result as string;
    expect(await other.call("eth_unsubscribe", [id])).to.deep.equal({ jsonrpc: "2.0", id: 1, result: false });
    t.source.emit("head");
    expect(((await client.next()) as { params: { subscription: string } }).params.subscription).to.equal(id);
    expect(await other.silentFor(100)).to.equal(true);
    await other.close();
  });

  it("validates the kind's argument and refuses unknown kinds", async function () {
    const bad = (await client.call("eth_subscribe", ["newHeads", { topic: 5 }])) as Reply;
    expect(bad.error).to.deep.equal({ code: -32602, message: 'invalid argument 1 (options): expected { "topic": string }' });
    const unknown = (await client.call("eth_subscribe", ["logs"])) as Reply;
    expect(unknown.error).to.deep.equal({ code: -32601, message: 'no "logs" subscription in eth namespace' });
    const missing = (await client.call("eth_subscribe", [])) as Reply;
    expect(missing.error).to.deep.equal({ code: -32602, message: "missing value for required argument 0 (subscription kind)" });
    expect(t.source.attached).to.equal(0);
  });

  it("ends a connection's subscriptions when the client disconnects", async function () {
    await client.call("eth_subscribe", ["newHeads"], 1);
    await client.call("eth_subscribe", ["newHeads", { topic: "a" }], 2);
    expect(t.source.attached).to.equal(2);
    await client.close();
    await eventually(() => t.source.attached === 0 && t.server.connectionCount === 0);
  });

  it("logs WebSocket calls with their transport", async function () {
    await client.call("net_listening", [], "ws-log");
    const line = t.lines.find((l) => l.msg === "rpc call" && l.id === "ws-log");
    expect(line).to.include({ method: "net_listening", transport: "ws" });
  });
});

describe("rpc server: close()", function () {
  it("closes WebSocket clients with 1001 and ends their subscriptions", async function () {
    const t = await startTestServer();
    const client = await WsTestClient.connect(t.server.wsUrl);
    await client.call("eth_subscribe", ["newHeads"]);
    expect(t.source.attached).to.equal(1);
    await t.close();
    expect(await client.closed).to.equal(1001);
    expect(t.source.attached).to.equal(0);
    expect(t.server.connectionCount).to.equal(0);
    await t.close(); // a second close is harmless
    let refused = false;
    await fetch(t.server.httpUrl).catch(() => {
      refused = true;
    });
    expect(refused).to.equal(true);
  });

  it("lets a running HTTP request answer before closing", async function () {
    const t = await startTestServer();
    const pending = fetch(t.server.httpUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "test_sleep", params: [150] }),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = t.close();
    const response = await pending;
    expect(await response.json()).to.deep.equal({ jsonrpc: "2.0", id: 1, result: 150 });
    await closed;
  });

  it("fails to start on a port already in use", async function () {
    const t = await startTestServer();
    try {
      let failure: unknown;
      await startTestServer({ port: t.server.port }).catch((error: unknown) => {
        failure = error;
      });
      expect((failure as NodeJS.ErrnoException | undefined)?.code).to.equal("EADDRINUSE");
    } finally {
      await t.close();
    }
  });
});
