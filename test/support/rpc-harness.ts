// Helpers for the JSON-RPC server tests: a server on port 0 with the base methods and a few test
// methods, an HTTP poster, a WebSocket client that queues what it receives, and a subscription
// source the test drives by hand.
import { pino, type Logger } from "pino";
import { Writable } from "node:stream";
import { WebSocket } from "ws";
import { invalidParam } from "../../node/rpc/codec/param-error.js";
import { RpcError } from "../../node/rpc/json-rpc.js";
import { defineMethod, MethodRegistry, optional, required } from "../../node/rpc/method-registry.js";
import { baseMethods, type BaseMethodsContext } from "../../node/rpc/methods/base-methods.js";
import { RpcServer, type RpcServerOptions } from "../../node/rpc/rpc-server.js";
import { SubscriptionSources, type SubscriptionSource } from "../../node/rpc/subscriptions.js";

/** A logger that keeps every line it writes, parsed, for assertions. */
export function recordingLogger(level: "debug" | "info" = "debug"): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level }, sink), lines };
}

/**
 * A subscription source the test drives: `emit` pushes a result to every attached subscriber,
 * `attached` counts live attachments (to check cleanup). Its argument must be absent or an object
 * `{ "topic": string }`, so tests can exercise validation.
 */
export class ManualSource implements SubscriptionSource<{ topic: string | undefined }, unknown> {
  private readonly listeners = new Set<{ topic: string | undefined; push: (result: unknown) => void }>();
  /** Pushed synchronously from inside attach, when set (tests the hold-until-response rule). */
  pushOnAttach: unknown = undefined;

  get attached(): number {
    return this.listeners.size;
  }

  validate(argument: unknown, param: string): { topic: string | undefined } {
    if (argument === undefined) return { topic: undefined };
    if (typeof argument !== "object" || argument === null || typeof (argument as { topic?: unknown }).topic !== "string") {
      throw invalidParam(param, 'expected { "topic": string }');
    }
    return { topic: (argument as { topic: string }).topic };
  }

  attach(filter: { topic: string | undefined }, push: (result: unknown) => void): () => void {
    const listener = { topic: filter.topic, push };
    this.listeners.add(listener);
    if (this.pushOnAttach !== undefined) push(this.pushOnAttach);
    return () => this.listeners.delete(listener);
  }

  emit(result: unknown, topic?: string): void {
    for (const listener of [...this.listeners]) {
      if (listener.topic === undefined || listener.topic === topic) listener.push(result);
    }
  }
}

export interface TestRpcContext extends BaseMethodsContext {
  /** Counts test_sleep calls that finished (to see work complete after a client left). */
  sleepsFinished: number;
}

/** Methods only the tests register: echo, sleep, failures of each kind. */
export const testMethods = [
  defineMethod({
    name: "test_echo",
    params: [required("value", (value) => value), optional("second", (value) => value)],
    handler: ([value, second]) => (second === undefined ? value : [value, second]),
  }),
  defineMethod({
    name: "test_sleep",
    params: [required("milliseconds", (value, param) => {
      if (typeof value !== "number") throw invalidParam(param, "expected a number");
      return value;
    })],
    handler: async ([ms], context: TestRpcContext) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      context.sleepsFinished += 1;
      return ms;
    },
  }),
  defineMethod({
    name: "test_crash",
    params: [],
    handler: () => {
      throw new TypeError("secret internal detail /home/node/keys");
    },
  }),
  defineMethod({
    name: "test_revert",
    params: [],
    handler: () => {
      throw RpcError.executionReverted("0x08c379a0", "nope");
    },
  }),
  defineMethod({
    name: "test_bigint",
    params: [],
    handler: () => 1n,
  }),
] as const;

export interface TestServer {
  server: RpcServer<TestRpcContext>;
  context: TestRpcContext;
  source: ManualSource;
  lines: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0, with the base and test methods and a `test` subscription kind. */
export async function startTestServer(
  overrides: Partial<Omit<RpcServerOptions<TestRpcContext>, "methods" | "context" | "log">> = {},
): Promise<TestServer> {
  const source = new ManualSource();
  const subscriptionSources = new SubscriptionSources().register("newHeads", source);
  const context: TestRpcContext = {
    chainId: 1337n,
    clientVersion: "Citrate/v0.0.0-test/linux-x64/node22",
    peerCount: () => 0,
    subscriptionSources,
    sleepsFinished: 0,
  };
  const methods = new MethodRegistry<TestRpcContext>().add(...baseMethods, ...testMethods);
  const { log, lines } = recordingLogger();
  const server = await RpcServer.start({ methods, context, log, port: 0, ...overrides });
  return { server, context, source, lines, close: () => server.close() };
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

/** POSTs a body (a value is JSON-encoded; a string is sent as it is) to the server. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJsonOrUndefined(text) };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A WebSocket client that queues incoming messages (parsed) for `next()`. */
export class WsTestClient {
  private readonly queue: unknown[] = [];
  private readonly waiters: Array<(message: unknown) => void> = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const message: unknown = JSON.parse(data.toString("utf8"));
      const waiter = this.waiters.shift();
      if (waiter !== undefined) waiter(message);
      else this.queue.push(message);
    });
    this.closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<WsTestClient> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return new WsTestClient(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The next message received, or a rejection after `timeoutMs`. */
  next(timeoutMs = 2000): Promise<unknown> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no WebSocket message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (message: unknown): void => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves true if no message arrives within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    try {
      await this.next(ms);
      return false;
    } catch {
      return true;
    }
  }

  /** Sends a request and waits for the next message (the tests use one request at a time). */
  async call(method: string, params: unknown[] = [], id: number | string = 1): Promise<unknown> {
    this.send({ jsonrpc: "2.0", id, method, params });
    return this.next();
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }
}

/** Waits until `condition()` holds, polling every 10 ms, or fails after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs `action` and returns the RpcError it throws (failing the test if it throws anything else). */
export function rpcErrorOf(action: () => unknown): RpcError {
  try {
    action();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw new Error(`expected an RpcError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected an RpcError, nothing was thrown");
}
