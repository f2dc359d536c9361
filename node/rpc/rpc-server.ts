import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { failureResponse, RpcError, type JsonRpcSubscriptionNotification } from "./json-rpc.js";
import type { MethodRegistry } from "./method-registry.js";
import { OriginPolicy } from "./origin-policy.js";
import { RpcDispatcher, type RpcSession } from "./rpc-dispatcher.js";
import { ConnectionSubscriptions } from "./subscriptions.js";

/** The server's resource limits. */
export interface RpcServerLimits {
  /** Largest HTTP request body in bytes; a larger one is answered 413. */
  readonly maxBodyBytes: number;
  /** Most requests in one batch (HTTP or WebSocket); more gets one -32600 "batch too large". */
  readonly maxBatchItems: number;
  /** Largest WebSocket message in bytes; a larger one closes the connection (code 1009). */
  readonly maxWsMessageBytes: number;
  /** Most subscriptions one WebSocket connection may hold; beyond it eth_subscribe answers -32005. */
  readonly maxSubscriptionsPerConnection: number;
  /**
   * Most bytes queued for a WebSocket client that does not read; beyond it the connection is dropped,
   * so a stalled subscriber cannot make the node buffer notifications without bound.
   */
  readonly maxWsBufferedBytes: number;
}

/** geth's defaults where geth has one (body 5 MiB, batch 1000 items, WebSocket message 32 MiB). */
export const DEFAULT_RPC_LIMITS: RpcServerLimits = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatchItems: 1000,
  maxWsMessageBytes: 32 * 1024 * 1024,
  maxSubscriptionsPerConnection: 1000,
  maxWsBufferedBytes: 64 * 1024 * 1024,
};

export interface RpcServerOptions<Context> {
  readonly methods: MethodRegistry<Context>;
  /** What the methods read from the node; each method family declares the part it needs. */
  readonly context: Context;
  readonly log: Logger;
  /** Interface to listen on; loopback by default, so a dev node is not reachable from the network. */
  readonly host?: string;
  /** Port to listen on (8545 by default); 0 picks a free port, read it back from `port`. */
  readonly port?: number;
  /** Browser origins allowed (HTTP CORS and WebSocket handshakes); `["*"]` by default. */
  readonly allowedOrigins?: readonly string[];
  readonly limits?: Partial<RpcServerLimits>;
  /** How often idle WebSocket clients are pinged; one that misses a pong is dropped. 30 s by default. */
  readonly wsPingIntervalMs?: number;
}

/** How long close() lets WebSocket clients and running HTTP requests finish before cutting them. */
const CLOSE_GRACE_MS = 2000;

/** geth's accepted request media types; anything else is a 415, which keeps HTML forms out. */
const JSON_MEDIA_TYPES = new Set(["application/json", "application/json-rpc", "application/jsonrequest"]);

const HTTP_SESSION: RpcSession = { transport: "http", subscriptions: undefined };

interface WsConnection {
  readonly subscriptions: ConnectionSubscriptions;
  /** Cleared at each ping, set by the pong; still clear at the next ping means the peer is gone. */
  alive: boolean;
}

/**
 * The JSON-RPC server: HTTP POST and WebSocket on one port (the WebSocket handshake is an upgrade
 * on path `/` of the same http.Server), as geth's `--http` + `--ws` on one port and anvil do.
 * `GET /` answers a plain-text health line. The server never lets a client's input throw out of a
 * handler: malformed input becomes an error response, and broken connections are dropped quietly.
 */
export class RpcServer<Context> {
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly dispatcher: RpcDispatcher<Context>;
  private readonly origins: OriginPolicy;
  private readonly limits: RpcServerLimits;
  private readonly log: Logger;
  private readonly connections = new Map<WebSocket, WsConnection>();
  private pingTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private boundPort = 0;

  private constructor(private readonly options: RpcServerOptions<Context>) {
    this.log = options.log;
    this.limits = { ...DEFAULT_RPC_LIMITS, ...options.limits };
    this.origins = new OriginPolicy(options.allowedOrigins ?? ["*"]);
    this.dispatcher = new RpcDispatcher({
      methods: options.methods,
      context: options.context,
      log: options.log,
      maxBatchItems: this.limits.maxBatchItems,
    });
    this.server = http.createServer((req, res) => this.handleRequest(req, res));
    this.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.handleUpgrade(req, socket, head),
    );
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxWsMessageBytes });
  }

  /** Starts a server and resolves once it listens (rejects if the port cannot be bound). */
  static async start<Context>(options: RpcServerOptions<Context>): Promise<RpcServer<Context>> {
    const rpc = new RpcServer(options);
    await rpc.listen(options.host ?? "127.0.0.1", options.port ?? 8545);
    return rpc;
  }

  /** The interface the server listens on. */
  get host(): string {
    return this.options.host ?? "127.0.0.1";
  }

  /** The bound port (the one the OS chose when started with port 0). */
  get port(): number {
    return this.boundPort;
  }

  get httpUrl(): string {
    return `http://${urlHost(this.host)}:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://${urlHost(this.host)}:${this.port}`;
  }

  /** Open WebSocket connections (for metrics and tests). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Stops listening, closes every WebSocket client (code 1001, which ends its subscriptions) and
   * lets running HTTP requests answer for a short grace period. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.server.on("error", (error) => this.log.error({ err: error }, "RPC server error"));
    this.boundPort = (this.server.address() as AddressInfo).port;
    const pingInterval = this.options.wsPingIntervalMs ?? 30_000;
    this.pingTimer = setInterval(() => this.pingClients(), pingInterval);
    this.pingTimer.unref();
    this.log.info({ url: this.httpUrl, ws: this.wsUrl }, "JSON-RPC server listening");
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.pingTimer);
    const httpClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await Promise.all([...this.connections.keys()].map((socket) => closeWebSocket(socket)));
    const cutoff = setTimeout(() => this.server.closeAllConnections(), CLOSE_GRACE_MS);
    await httpClosed;
    clearTimeout(cutoff);
    this.wss.close();
    this.log.info("JSON-RPC server closed");
  }

  // ---- HTTP ----

  private handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (!this.origins.allows(origin)) {
      sendText(res, 403, `origin ${origin ?? ""} is not allowed\n`);
      return;
    }
    if (origin !== undefined) {
      res.setHeader("Access-Control-Allow-Origin", this.origins.allowOriginHeader(origin));
      res.setHeader("Vary", "Origin");
    }
    switch (req.method) {
      case "POST":
        this.handlePost(req, res).catch((error: unknown) => {
          // Only a bug in the transport code gets here; the dispatcher itself never rejects.
          this.log.error({ err: error }, "RPC HTTP request failed");
          if (!res.headersSent) sendJsonError(res, 500, RpcError.internalError());
          else res.destroy();
        });
        return;
      case "GET":
      case "HEAD":
        if (pathOf(req.url) === "/" || pathOf(req.url) === "/health") sendText(res, 200, "ok\n");
        else sendText(res, 404, "not found: JSON-RPC is served by POST / and WebSocket /\n");
        return;
      case "OPTIONS":
        res.writeHead(204, {
          "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
          "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "Content-Type",
          "Access-Control-Max-Age": "600",
        });
        res.end();
        return;
      default:
        res.setHeader("Allow", "POST, GET, HEAD, OPTIONS");
        sendText(res, 405, `method ${req.method ?? ""} not allowed\n`);
    }
  }

  private async handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!JSON_MEDIA_TYPES.has(mediaType)) {
      req.resume();
      sendJsonError(res, 415, RpcError.invalidRequest("invalid content type, only application/json is supported"));
      return;
    }
    const max = this.limits.maxBodyBytes;
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > max) {
      this.refuseTooLarge(req, res, `content length too large (${declared} > ${max} bytes)`);
      return;
    }
    const body = await readBody(req, max);
    if (body === "aborted") return;
    if (body === "too-large") {
      this.refuseTooLarge(req, res, `request body too large (more than ${max} bytes)`);
      return;
    }
    const outcome = await this.dispatcher.dispatch(body.toString("utf8"), HTTP_SESSION);
    // While shutting down, answer and hang up, so keep-alive clients do not hold close() open.
    if (this.closing !== undefined) res.setHeader("Connection", "close");
    if (outcome.body === undefined) {
      // Only notifications: nothing to answer, but HTTP needs a status (the spec's "no response").
      res.writeHead(200, { "Content-Length": "0" });
      res.end();
    } else {
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(outcome.body)),
      });
      res.end(outcome.body);
    }
    outcome.afterSend();
  }

  /**
   * 413 with a JSON-RPC error body. The connection is closed after the answer, and what the client
   * still sends is read and dropped meanwhile, so it receives the 413 instead of a reset.
   */
  private refuseTooLarge(req: IncomingMessage, res: ServerResponse, message: string): void {
    this.log.debug({ message }, "RPC request refused");
    res.setHeader("Connection", "close");
    sendJsonError(res, 413, RpcError.invalidRequest(message));
    req.resume();
  }

  // ---- WebSocket ----

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Until the handshake completes the socket is ours: an unhandled error on it would crash the node.
    socket.on("error", (error) => this.log.debug({ err: error }, "WebSocket handshake socket error"));
    const refuse = (status: number): void => {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (this.closing !== undefined) return refuse(503);
    if (pathOf(req.url) !== "/") return refuse(404);
    if (!this.origins.allows(req.headers.origin)) return refuse(403);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.handleConnection(ws));
  }

  private handleConnection(ws: WebSocket): void {
    const subscriptions = new ConnectionSubscriptions({
      send: (notification) => this.sendNotification(ws, notification),
      maxSubscriptions: this.limits.maxSubscriptionsPerConnection,
      log: this.log,
    });
    const connection: WsConnection = { subscriptions, alive: true };
    const session: RpcSession = { transport: "ws", subscriptions };
    this.connections.set(ws, connection);
    this.log.debug({ connections: this.connections.size }, "WebSocket client connected");

    ws.on("pong", () => {
      connection.alive = true;
    });
    // Protocol violations (bad frames, oversized or non-UTF-8 messages): ws closes the connection itself.
    ws.on("error", (error) => this.log.debug({ err: error }, "WebSocket client error"));
    ws.on("close", (code) => {
      subscriptions.closeAll();
      this.connections.delete(ws);
      this.log.debug({ code, connections: this.connections.size }, "WebSocket client disconnected");
    });
    ws.on("message", (data) => {
      // Messages run concurrently, as in geth: a slow call does not hold up the others on the socket.
      this.dispatcher.dispatch(rawDataToText(data), session).then(
        (outcome) => {
          if (outcome.body !== undefined) this.sendOnSocket(ws, outcome.body);
          outcome.afterSend();
        },
        (error: unknown) => this.log.error({ err: error }, "RPC WebSocket message failed"),
      );
    });
  }

  private sendNotification(ws: WebSocket, notification: JsonRpcSubscriptionNotification): void {
    let text: string;
    try {
      text = JSON.stringify(notification);
    } catch (error) {
      // A source pushed a value JSON cannot express (a bigint): a bug in the source; drop the event.
      const subscription = notification.params.subscription;
      this.log.error({ err: error, subscription }, "unserializable subscription result");
      return;
    }
    this.sendOnSocket(ws, text);
  }

  private sendOnSocket(ws: WebSocket, text: string): void {
    // The client may have gone while its request ran; its answer has nowhere to go.
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > this.limits.maxWsBufferedBytes) {
      this.log.warn({ bufferedBytes: ws.bufferedAmount }, "WebSocket client does not read its messages; dropping it");
      ws.terminate();
      return;
    }
    ws.send(text, (error) => {
      if (error !== undefined && error !== null) this.log.debug({ err: error }, "WebSocket send failed");
    });
  }

  private pingClients(): void {
    for (const [ws, connection] of this.connections) {
      if (!connection.alive) {
        // No pong since the last ping: the peer vanished without closing (sleep, network loss).
        ws.terminate();
        continue;
      }
      connection.alive = false;
      ws.ping();
    }
  }
}

/** Reads a request body up to `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off("data", onData);
        chunks.length = 0;
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks, size)));
    // The client went away mid-body: there is no one to answer.
    req.on("error", () => resolve("aborted"));
    req.on("close", () => {
      if (!req.complete) resolve("aborted");
    });
  });
}

/** Closes a WebSocket with 1001 "going away", cutting it if the peer does not answer in time. */
function closeWebSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const cutoff = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once("close", () => {
      clearTimeout(cutoff);
      resolve();
    });
    ws.close(1001, "server shutting down");
  });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** An HTTP error status with a JSON-RPC error body, so JSON-RPC clients can show the reason. */
function sendJsonError(res: ServerResponse, status: number, error: RpcError): void {
  const body = JSON.stringify(failureResponse(null, error));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

function pathOf(url: string | undefined): string {
  return (url ?? "/").split("?")[0] as string;
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
