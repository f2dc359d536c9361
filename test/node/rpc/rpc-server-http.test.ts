import { expect } from "chai";
import { request } from "node:http";
import { RpcServer } from "../../../node/rpc/rpc-server.js";
import { MethodRegistry } from "../../../node/rpc/method-registry.js";
import { post, recordingLogger, startTestServer, type TestServer } from "../../support/rpc-harness.js";

/** Sends a request through node:http (fetch cannot send a body with chunked encoding on demand). */
function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("rpc server: HTTP", function () {
  let t: TestServer;
  let url: string;

  before(async function () {
    t = await startTestServer({ limits: { maxBodyBytes: 64 * 1024, maxBatchItems: 5 } });
    url = t.server.httpUrl;
  });
  after(async function () {
    await t.close();
  });

  it("listens on loopback, on the port the OS chose", function () {
    expect(t.server.host).to.equal("127.0.0.1");
    expect(t.server.port).to.be.greaterThan(0);
    expect(url).to.equal(`http://127.0.0.1:${t.server.port}`);
    expect(t.server.wsUrl).to.equal(`ws://127.0.0.1:${t.server.port}`);
  });

  it("answers a single request", async function () {
    const reply = await post(url, { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
    expect(reply.status).to.equal(200);
    expect(reply.headers.get("content-type")).to.equal("application/json");
    expect(reply.text).to.equal('{"jsonrpc":"2.0","id":1,"result":"0x539"}');
  });

  it("answers a batch in request order", async function () {
    const reply = await post(url, [
      { jsonrpc: "2.0", id: 1, method: "test_sleep", params: [40] },
      { jsonrpc: "2.0", id: 2, method: "test_sleep", params: [1] },
      { jsonrpc: "2.0", id: 3, method: "net_version" },
      { jsonrpc: "2.0", id: 4, method: "eth_nope" },
    ]);
    expect(reply.json).to.deep.equal([
      { jsonrpc: "2.0", id: 1, result: 40 },
      { jsonrpc: "2.0", id: 2, result: 1 },
      { jsonrpc: "2.0", id: 3, result: "1337" },
      { jsonrpc: "2.0", id: 4, error: { code: -32601, message: "the method eth_nope does not exist/is not available" } },
    ]);
  });

  it("answers notifications with 200 and an empty body", async function () {
    const single = await post(url, { jsonrpc: "2.0", method: "eth_chainId" });
    expect(single.status).to.equal(200);
    expect(single.text).to.equal("");
    const batch = await post(url, [
      { jsonrpc: "2.0", method: "eth_chainId" },
      { jsonrpc: "2.0", method: "net_version" },
    ]);
    expect(batch.status).to.equal(200);
    expect(batch.text).to.equal("");
  });

  it("answers an empty batch with one invalid-request error", async function () {
    expect((await post(url, "[]")).json).to.deep.equal({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "invalid request: empty batch" },
    });
  });

  it("answers a batch over the limit with one batch-too-large error", async function () {
    const batch = Array.from({ length: 6 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId" }));
    const reply = await post(url, batch);
    expect(reply.status).to.equal(200);
    expect(reply.json).to.deep.equal({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "batch too large (6 requests, limit 5)" },
    });
  });

  it("answers malformed JSON with -32700", async function () {
    const reply = await post(url, '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"');
    expect(reply.status).to.equal(200);
    const body = reply.json as { id: unknown; error: { code: number } };
    expect(body.id).to.equal(null);
    expect(body.error.code).to.equal(-32700);
  });

  it("answers an unknown method, invalid params and a wrong version with their errors", async function () {
    expect((await post(url, { jsonrpc: "2.0", id: 1, method: "eth_foo" })).json).to.deep.equal({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32601, message: "the method eth_foo does not exist/is not available" },
    });
    expect((await post(url, { jsonrpc: "2.0", id: 2, method: "web3_sha3", params: ["0x123"] })).json).to.deep.equal({
      jsonrpc: "2.0",
      id: 2,
      error: { code: -32602, message: "invalid argument 0 (data): hex string of odd length (3 digits)" },
    });
    expect((await post(url, { jsonrpc: "2.0", id: 3, method: "eth_chainId", params: [1] })).json).to.deep.equal({
      jsonrpc: "2.0",
      id: 3,
      error: { code: -32602, message: "too many arguments, want at most 0" },
    });
    expect((await post(url, { jsonrpc: "1.0", id: 4, method: "eth_chainId" })).json).to.deep.equal({
      jsonrpc: "2.0",
      id: 4,
      error: { code: -32600, message: 'invalid request: "jsonrpc" must be exactly "2.0"' },
    });
  });

  it("answers eth_subscribe over HTTP with geth's notifications-not-supported error", async function () {
    expect((await post(url, { jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] })).json).to.deep.equal({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32601, message: "notifications not supported" },
    });
    expect((await post(url, { jsonrpc: "2.0", id: 2, method: "eth_unsubscribe", params: ["0x1"] })).json).to.deep.equal({
      jsonrpc: "2.0",
      id: 2,
      error: { code: -32601, message: "notifications not supported" },
    });
  });

  it("refuses a body over the limit with 413 and a JSON-RPC error (declared length)", async function () {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "test_echo", params: ["x".repeat(70 * 1024)] });
    const reply = await post(url, big);
    expect(reply.status).to.equal(413);
    const body = reply.json as { id: unknown; error: { code: number; message: string } };
    expect(body.id).to.equal(null);
    expect(body.error.code).to.equal(-32600);
    expect(body.error.message).to.match(/content length too large \(\d+ > 65536 bytes\)/);
  });

  it("refuses a chunked body that grows over the limit with 413", async function () {
    const reply = await rawRequest(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      body: Buffer.alloc(200 * 1024, 0x20),
    });
    expect(reply.status).to.equal(413);
    expect(JSON.parse(reply.text)).to.deep.include({ jsonrpc: "2.0", id: null });
    expect(reply.text).to.contain("request body too large (more than 65536 bytes)");
  });

  it("accepts a body just under the limit", async function () {
    const value = "y".repeat(60 * 1024);
    const reply = await post(url, { jsonrpc: "2.0", id: 1, method: "test_echo", params: [value] });
    expect(reply.json).to.deep.equal({ jsonrpc: "2.0", id: 1, result: value });
  });

  it("refuses other content types with 415, as geth does", async function () {
    const reply = await post(url, '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}', { "Content-Type": "text/plain" });
    expect(reply.status).to.equal(415);
    expect((reply.json as { error: { message: string } }).error.message).to.match(/only application\/json is supported/);
    const charset = await post(url, '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}', {
      "Content-Type": "application/json; charset=utf-8",
    });
    expect(charset.status).to.equal(200);
  });

  it("answers GET / as a health check and other paths with 404", async function () {
    const health = await fetch(`${url}/`);
    expect(health.status).to.equal(200);
    expect(health.headers.get("content-type")).to.match(/^text\/plain/);
    expect(await health.text()).to.equal("ok\n");
    expect((await fetch(`${url}/health`)).status).to.equal(200);
    expect((await fetch(`${url}/nope`)).status).to.equal(404);
    expect((await fetch(url, { method: "PUT" })).status).to.equal(405);
  });

  it("answers CORS preflights and sets the allow-origin header (all origins by default)", async function () {
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:3000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get("access-control-allow-origin")).to.equal("*");
    expect(preflight.headers.get("access-control-allow-methods")).to.contain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).to.equal("content-type");
    const reply = await post(url, { jsonrpc: "2.0", id: 1, method: "eth_chainId" }, { Origin: "http://localhost:3000" });
    expect(reply.headers.get("access-control-allow-origin")).to.equal("*");
  });

  it("logs each request at debug level", async function () {
    await post(url, { jsonrpc: "2.0", id: "log-me", method: "net_listening" });
    const line = t.lines.find((l) => l.msg === "rpc call" && l.id === "log-me");
    expect(line).to.include({ method: "net_listening", transport: "http" });
    expect(line?.durationMs).to.be.a("number");
  });
});

describe("rpc server: HTTP with a list of allowed origins", function () {
  let server: RpcServer<object>;

  before(async function () {
    server = await RpcServer.start({
      methods: new MethodRegistry<object>(),
      context: {},
      log: recordingLogger().log,
      port: 0,
      allowedOrigins: ["https://app.example"],
    });
  });
  after(async function () {
    await server.close();
  });

  it("echoes an allowed origin and refuses others with 403", async function () {
    const allowed = await post(server.httpUrl, { jsonrpc: "2.0", id: 1, method: "x_y" }, { Origin: "https://APP.example" });
    expect(allowed.status).to.equal(200);
    expect(allowed.headers.get("access-control-allow-origin")).to.equal("https://APP.example");
    expect(allowed.headers.get("vary")).to.equal("Origin");
    const refused = await post(server.httpUrl, { jsonrpc: "2.0", id: 1, method: "x_y" }, { Origin: "https://evil.example" });
    expect(refused.status).to.equal(403);
    const preflight = await fetch(server.httpUrl, { method: "OPTIONS", headers: { Origin: "https://evil.example" } });
    expect(preflight.status).to.equal(403);
    // Not a browser (no Origin): always served.
    expect((await post(server.httpUrl, { jsonrpc: "2.0", id: 1, method: "x_y" })).status).to.equal(200);
  });

  it("refuses WebSocket handshakes from other origins", async function () {
    const { WebSocket } = await import("ws");
    const socket = new WebSocket(server.wsUrl, { headers: { Origin: "https://evil.example" } });
    const status = await new Promise<number | undefined>((resolve) => {
      socket.on("unexpected-response", (_req, res) => resolve(res.statusCode));
      socket.on("error", () => resolve(undefined));
    });
    expect(status).to.equal(403);
  });
});
