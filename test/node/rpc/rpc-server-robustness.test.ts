import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { eventually, post, startTestServer, WsTestClient, type TestServer } from "../../support/rpc-harness.js";

/** Opens a raw TCP connection to the server. */
function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

/** Everything the server sends until it closes the connection (or `ms` pass). */
function readUntilClosed(socket: Socket, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    }, ms);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
  });
}

/** Performs a WebSocket handshake by hand and returns the socket, ready for hand-made frames. */
async function rawWebSocket(port: number): Promise<Socket> {
  const socket = await tcp(port);
  socket.write(
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve, reject) => {
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      if (head.startsWith("HTTP/1.1 101")) resolve();
      else reject(new Error(`handshake refused: ${head.split("\r\n")[0]}`));
    };
    socket.on("data", onData);
  });
  return socket;
}

/** A masked client text frame (RFC 6455 §5.2) for a short payload. */
function textFrame(payload: string): Buffer {
  const data = Buffer.from(payload);
  if (data.length > 125) throw new Error("textFrame builds short frames only");
  const mask = randomBytes(4);
  const masked = Buffer.from(data.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | data.length]), mask, masked]);
}

describe("rpc server: robustness against malformed input", function () {
  let t: TestServer;

  before(async function () {
    t = await startTestServer();
  });
  after(async function () {
    await t.close();
  });

  /** The server still answers over HTTP and WebSocket. */
  async function expectHealthy(): Promise<void> {
    const reply = await post(t.server.httpUrl, { jsonrpc: "2.0", id: 1, method: "eth_chainId" });
    expect(reply.json).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x539" });
    const client = await WsTestClient.connect(t.server.wsUrl);
    expect(await client.call("eth_chainId")).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x539" });
    await client.close();
  }

  it("answers garbage bytes on the port with 400 and closes the connection", async function () {
    const socket = await tcp(t.server.port);
    socket.write(randomBytes(4096));
    expect(await readUntilClosed(socket)).to.match(/^HTTP\/1\.1 400/);
    await expectHealthy();
  });

  it("survives binary garbage as an HTTP body and as JSON", async function () {
    const reply = await fetch(t.server.httpUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: randomBytes(10_000),
    });
    expect(reply.status).to.equal(200);
    expect(((await reply.json()) as { error: { code: number } }).error.code).to.equal(-32700);
    await expectHealthy();
  });

  it("survives a client that hangs up in the middle of an HTTP body", async function () {
    const socket = await tcp(t.server.port);
    socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\":");
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await expectHealthy();
  });

  it("survives a client that hangs up while its HTTP request runs", async function () {
    const before = t.context.sleepsFinished;
    const socket = await tcp(t.server.port);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "test_sleep", params: [100] });
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    await eventually(() => t.context.sleepsFinished === before + 1);
    await expectHealthy();
  });

  it("answers a 6 MiB body with 413 at the default 5 MiB limit (not a connection reset)", async function () {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "test_echo", params: ["a".repeat(6 * 1024 * 1024)] });
    const reply = await post(t.server.httpUrl, body);
    expect(reply.status).to.equal(413);
    expect((reply.json as { error: { message: string } }).error.message).to.match(/content length too large \(\d+ > 5242880 bytes\)/);
    await expectHealthy();
  });

  it("answers deeply nested JSON without overflowing", async function () {
    const depth = 500_000;
    const reply = await post(t.server.httpUrl, `${"[".repeat(depth)}${"]".repeat(depth)}`);
    // A batch of one item, which is an array, not a request object.
    expect(reply.status).to.equal(200);
    expect(reply.json).to.deep.equal([
      { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request: expected a request object" } },
    ]);
    await expectHealthy();
  });

  it("survives a half-sent WebSocket frame followed by a disconnect", async function () {
    const socket = await rawWebSocket(t.server.port);
    // Header announcing a 1000-byte masked text frame, then only 10 bytes of it.
    const header = Buffer.from([0x81, 0xfe, 0x03, 0xe8, 1, 2, 3, 4]);
    socket.write(Buffer.concat([header, randomBytes(10)]));
    await eventually(() => t.server.connectionCount === 1);
    socket.destroy();
    await eventually(() => t.server.connectionCount === 0);
    await expectHealthy();
  });

  it("answers a hand-made frame, then closes on an invalid opcode (1002)", async function () {
    const socket = await rawWebSocket(t.server.port);
    const closed = readUntilClosed(socket);
    socket.write(textFrame('{"jsonrpc":"2.0","id":5,"method":"eth_chainId"}'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0])); // opcode 3 is reserved
    const received = Buffer.from(await closed, "latin1");
    expect(received.toString()).to.contain('{"jsonrpc":"2.0","id":5,"result":"0x539"}');
    // The server's close frame: opcode 8, status 1002 (protocol error).
    const closeAt = received.indexOf(0x88);
    expect(closeAt).to.be.at.least(0);
    expect(received.readUInt16BE(closeAt + 2)).to.equal(1002);
    await expectHealthy();
  });

  it("closes on a text frame that is not UTF-8 (1007)", async function () {
    const client = await WsTestClient.connect(t.server.wsUrl);
    client.socket.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    expect(await client.closed).to.equal(1007);
    await expectHealthy();
  });

  it("survives a WebSocket client that disconnects while its call runs, with a subscription open", async function () {
    const before = t.context.sleepsFinished;
    const client = await WsTestClient.connect(t.server.wsUrl);
    await client.call("eth_subscribe", ["newHeads"]);
    client.send({ jsonrpc: "2.0", id: 2, method: "test_sleep", params: [100] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.socket.terminate();
    t.source.emit("after the client left");
    await eventually(() => t.context.sleepsFinished === before + 1 && t.source.attached === 0);
    await expectHealthy();
  });

  it("accepts JSON in binary WebSocket frames, as geth does", async function () {
    const client = await WsTestClient.connect(t.server.wsUrl);
    client.socket.send(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}'), { binary: true });
    expect(await client.next()).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x539" });
    await client.close();
  });

  it("refuses WebSocket handshakes on other paths (404) and malformed upgrades (400)", async function () {
    const wrongPath = await tcp(t.server.port);
    wrongPath.write(
      "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(await readUntilClosed(wrongPath)).to.match(/^HTTP\/1\.1 404/);
    const noKey = await tcp(t.server.port);
    noKey.write("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    expect(await readUntilClosed(noKey)).to.match(/^HTTP\/1\.1 400/);
    await expectHealthy();
  });
});
