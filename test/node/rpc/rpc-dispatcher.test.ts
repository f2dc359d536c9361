import { expect } from "chai";
import { defineMethod, MethodRegistry } from "../../../node/rpc/method-registry.js";
import { baseMethods } from "../../../node/rpc/methods/base-methods.js";
import { RpcDispatcher, type RpcSession } from "../../../node/rpc/rpc-dispatcher.js";
import { SubscriptionSources } from "../../../node/rpc/subscriptions.js";
import { recordingLogger, testMethods, type TestRpcContext } from "../../support/rpc-harness.js";

const HTTP: RpcSession = { transport: "http", subscriptions: undefined };

describe("rpc: dispatcher", function () {
  const { log, lines } = recordingLogger();
  const context: TestRpcContext = {
    chainId: 1337n,
    clientVersion: "Citrate/test",
    peerCount: () => 0,
    subscriptionSources: new SubscriptionSources(),
    sleepsFinished: 0,
  };
  const methods = new MethodRegistry<TestRpcContext>().add(...baseMethods, ...testMethods);
  const dispatcher = new RpcDispatcher({ methods, context, log, maxBatchItems: 3 });

  async function reply(text: string): Promise<unknown> {
    const { body } = await dispatcher.dispatch(text, HTTP);
    return body === undefined ? undefined : JSON.parse(body);
  }

  beforeEach(function () {
    lines.length = 0;
  });

  it("answers a request with its id, of any valid type", async function () {
    for (const id of [1, "abc", null, 0, 1.5]) {
      expect(await reply(JSON.stringify({ jsonrpc: "2.0", id, method: "eth_chainId" }))).to.deep.equal({
        jsonrpc: "2.0",
        id,
        result: "0x539",
      });
    }
  });

  it("answers nothing to a notification, even one that errors", async function () {
    expect(await reply('{"jsonrpc":"2.0","method":"eth_chainId"}')).to.equal(undefined);
    expect(await reply('{"jsonrpc":"2.0","method":"eth_nope"}')).to.equal(undefined);
    expect(await reply('{"jsonrpc":"2.0","method":"eth_chainId","params":[1]}')).to.equal(undefined);
  });

  const invalid: Array<[string, unknown, string]> = [
    ["a non-object", 5, "invalid request: expected a request object"],
    ["a wrong version", { jsonrpc: "1.0", id: 4, method: "eth_chainId" }, 'invalid request: "jsonrpc" must be exactly "2.0"'],
    ["no version", { id: 4, method: "eth_chainId" }, 'invalid request: "jsonrpc" must be exactly "2.0"'],
    ["an object id", { jsonrpc: "2.0", id: {}, method: "eth_chainId" }, 'invalid request: "id" must be a string, a number or null'],
    ["a numeric method", { jsonrpc: "2.0", id: 4, method: 1 }, 'invalid request: "method" must be a non-empty string'],
    ["an empty method", { jsonrpc: "2.0", id: 4, method: "" }, 'invalid request: "method" must be a non-empty string'],
    ["string params", { jsonrpc: "2.0", id: 4, method: "eth_chainId", params: "x" }, 'invalid request: "params" must be an array'],
  ];
  for (const [what, request, message] of invalid) {
    it(`answers -32600 to ${what}, with the id when it is readable`, async function () {
      const id = typeof request === "object" && request !== null && typeof (request as { id?: unknown }).id === "number" ? 4 : null;
      expect(await reply(JSON.stringify(request))).to.deep.equal({ jsonrpc: "2.0", id, error: { code: -32600, message } });
    });
  }

  it("answers -32602 to named params of an existing method, -32601 to an unknown one", async function () {
    expect(await reply('{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":{"a":1}}')).to.deep.equal({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32602, message: "named parameters are not supported: send params as an array" },
    });
    expect(await reply('{"jsonrpc":"2.0","id":1,"method":"eth_nope","params":{"a":1}}')).to.deep.equal({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32601, message: "the method eth_nope does not exist/is not available" },
    });
  });

  it("takes null params as none", async function () {
    expect(await reply('{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":null}')).to.deep.equal({
      jsonrpc: "2.0",
      id: 1,
      result: "0x539",
    });
  });

  it("answers -32700 to text that is not JSON", async function () {
    const response = (await reply('{"jsonrpc":"2.0",')) as { id: null; error: { code: number; message: string } };
    expect(response.id).to.equal(null);
    expect(response.error.code).to.equal(-32700);
    expect(response.error.message).to.match(/^parse error: /);
  });

  it("hides internal exceptions behind -32603 and logs them", async function () {
    const response = await reply('{"jsonrpc":"2.0","id":9,"method":"test_crash"}');
    expect(response).to.deep.equal({ jsonrpc: "2.0", id: 9, error: { code: -32603, message: "internal error" } });
    expect(JSON.stringify(response)).not.to.contain("secret");
    const logged = lines.find((line) => line.msg === "RPC method failed");
    expect(logged?.method).to.equal("test_crash");
    expect(JSON.stringify(logged)).to.contain("secret internal detail");
  });

  it("answers -32603 when a result cannot be serialized (a bigint)", async function () {
    expect(await reply('{"jsonrpc":"2.0","id":9,"method":"test_bigint"}')).to.deep.equal({
      jsonrpc: "2.0",
      id: 9,
      error: { code: -32603, message: "internal error" },
    });
  });

  it("passes RpcErrors through with their data", async function () {
    expect(await reply('{"jsonrpc":"2.0","id":2,"method":"test_revert"}')).to.deep.equal({
      jsonrpc: "2.0",
      id: 2,
      error: { code: 3, message: "execution reverted: nope", data: "0x08c379a0" },
    });
  });

  it("answers batches in order, skipping notifications; empty and oversized batches get one error", async function () {
    expect(
      await reply(JSON.stringify([
        { jsonrpc: "2.0", id: "a", method: "test_sleep", params: [30] },
        { jsonrpc: "2.0", method: "eth_chainId" },
        { jsonrpc: "2.0", id: "b", method: "test_echo", params: [1] },
      ])),
    ).to.deep.equal([
      { jsonrpc: "2.0", id: "a", result: 30 },
      { jsonrpc: "2.0", id: "b", result: 1 },
    ]);
    expect(await reply('[{"jsonrpc":"2.0","method":"eth_chainId"}]')).to.equal(undefined);
    expect(await reply("[]")).to.deep.equal({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "invalid request: empty batch" },
    });
    expect(await reply("[1,2,3,4]")).to.deep.equal({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "batch too large (4 requests, limit 3)" },
    });
    expect(await reply('[1,{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}]')).to.deep.equal([
      { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request: expected a request object" } },
      { jsonrpc: "2.0", id: 1, result: "0x539" },
    ]);
  });

  it("logs each call at debug level with its method and duration", async function () {
    await reply('{"jsonrpc":"2.0","id":3,"method":"test_sleep","params":[20]}');
    const line = lines.find((l) => l.msg === "rpc call");
    expect(line).to.include({ level: 20, method: "test_sleep", id: 3, transport: "http", notification: false });
    expect(line?.durationMs).to.be.a("number").and.at.least(15);
  });

  it("holds the answer of a call, and of its whole batch, until what it asked to wait for has settled, after every item ran", async function () {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = defineMethod({
      name: "test_held",
      params: [],
      handler: (_params, _context: unknown, call) => {
        events.push("ran held");
        call.beforeResponse(async () => {
          await gate;
          events.push("released");
        });
        return "held";
      },
    });
    const echo = defineMethod({ name: "test_after", params: [], handler: () => (events.push("ran after"), "after") });
    const holding = new RpcDispatcher({ methods: new MethodRegistry<unknown>().add(held, echo), context: undefined, log, maxBatchItems: 3 });
    const answer = holding.dispatch(JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "test_held" }, { jsonrpc: "2.0", id: 2, method: "test_after" }]), HTTP);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).to.deep.equal(["ran held", "ran after"]);
    release();
    const { body } = await answer;
    expect(events).to.deep.equal(["ran held", "ran after", "released"]);
    expect(JSON.parse(body as string)).to.deep.equal([
      { jsonrpc: "2.0", id: 1, result: "held" },
      { jsonrpc: "2.0", id: 2, result: "after" },
    ]);
  });
});
