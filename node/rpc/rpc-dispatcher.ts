import type { Logger } from "pino";
import {
  failureResponse,
  RpcError,
  RpcErrorCode,
  successResponse,
  type JsonRpcId,
  type JsonRpcResponse,
} from "./json-rpc.js";
import type { MethodRegistry } from "./method-registry.js";
import type { RpcCall, RpcTransport } from "./rpc-call.js";
import type { ConnectionSubscriptions } from "./subscriptions.js";

/** The connection a message arrived on, as far as dispatch needs to know it. */
export interface RpcSession {
  readonly transport: RpcTransport;
  /** The connection's subscriptions (WebSocket); undefined over HTTP. */
  readonly subscriptions: ConnectionSubscriptions | undefined;
}

export interface RpcDispatcherOptions<Context> {
  readonly methods: MethodRegistry<Context>;
  readonly context: Context;
  readonly log: Logger;
  /** The most requests one batch may hold; a larger batch gets one -32600 "batch too large". */
  readonly maxBatchItems: number;
}

/** What a message produced. */
export interface DispatchOutcome {
  /** The JSON text to send back, or undefined when nothing is to be sent (notifications only). */
  readonly body: string | undefined;
  /** Run once `body` has been handed to the transport (or right away when there is none). */
  readonly afterSend: () => void;
}

/**
 * Turns one JSON-RPC message (a request, a notification or a batch of them) into its response text,
 * independently of the transport. Every failure becomes an error response: nothing a client sends
 * makes `dispatch` reject.
 */
export class RpcDispatcher<Context> {
  constructor(private readonly options: RpcDispatcherOptions<Context>) {}

  async dispatch(text: string, session: RpcSession): Promise<DispatchOutcome> {
    const pending: Array<() => void> = [];
    const holds: Array<() => Promise<void>> = [];
    const afterSend = (): void => {
      for (const action of pending) {
        try {
          action();
        } catch (error) {
          this.options.log.error({ err: error }, "RPC after-response action failed");
        }
      }
    };

    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      // The parser's own message (where the text went wrong) helps someone writing a client by hand.
      const detail = error instanceof Error ? error.message : undefined;
      return { body: serialize(failureResponse(null, RpcError.parseError(detail))), afterSend };
    }

    if (!Array.isArray(message)) {
      const body = await this.handleOne(message, session, pending, holds);
      await this.release(holds);
      return { body, afterSend };
    }
    if (message.length === 0) {
      return { body: serialize(failureResponse(null, RpcError.invalidRequest("empty batch"))), afterSend };
    }
    if (message.length > this.options.maxBatchItems) {
      const error = new RpcError(
        RpcErrorCode.InvalidRequest,
        `batch too large (${message.length} requests, limit ${this.options.maxBatchItems})`,
      );
      return { body: serialize(failureResponse(null, error)), afterSend };
    }
    // Sequentially, as geth does: a batch such as two eth_sendRawTransaction with consecutive
    // nonces must run in the order it was written.
    const responses: string[] = [];
    for (const item of message) {
      const response = await this.handleOne(item, session, pending, holds);
      if (response !== undefined) responses.push(response);
    }
    await this.release(holds);
    return { body: responses.length === 0 ? undefined : `[${responses.join(",")}]`, afterSend };
  }

  /** Waits for what the message's calls asked to wait for before they are answered (`beforeResponse`). */
  private async release(holds: ReadonlyArray<() => Promise<void>>): Promise<void> {
    for (const wait of holds) {
      try {
        await wait();
      } catch (error) {
        this.options.log.error({ err: error }, "RPC before-response wait failed");
      }
    }
  }

  /** Runs one request object; returns its serialized response, or undefined for a notification. */
  private async handleOne(
    item: unknown,
    session: RpcSession,
    pending: Array<() => void>,
    holds: Array<() => Promise<void>>,
  ): Promise<string | undefined> {
    const parsed = parseEnvelope(item);
    if (parsed instanceof RpcError) return serialize(failureResponse(readableId(item), parsed));
    const { id, method: name, params, notification } = parsed;

    const started = performance.now();
    const call: RpcCall = {
      transport: session.transport,
      subscriptions: session.subscriptions,
      afterResponse: (action) => pending.push(action),
      beforeResponse: (wait) => holds.push(wait),
    };
    let response: JsonRpcResponse;
    try {
      const method = this.options.methods.lookup(name);
      if (method === undefined) throw RpcError.methodNotFound(name);
      if (params instanceof RpcError) throw params;
      response = successResponse(id, await method.invoke(params, this.options.context, call));
    } catch (error) {
      response = failureResponse(id, this.toRpcError(error, name));
    }
    const log = this.options.log;
    if (log.isLevelEnabled("debug")) {
      const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      const code = "error" in response ? response.error.code : undefined;
      log.debug({ method: name, id, transport: session.transport, durationMs, code, notification }, "rpc call");
    }
    if (notification) return undefined;
    try {
      return serialize(response);
    } catch (error) {
      // A result JSON cannot express (a bigint, a cycle) is a bug in the method, not the request.
      return serialize(failureResponse(id, this.toRpcError(error, name)));
    }
  }

  /** RpcErrors go to the client as they are; anything else is logged and answered as -32603. */
  private toRpcError(error: unknown, method: string): RpcError {
    if (error instanceof RpcError) return error;
    this.options.log.error({ err: error, method }, "RPC method failed");
    return RpcError.internalError();
  }
}

interface Envelope {
  readonly id: JsonRpcId;
  readonly method: string;
  /** The positional params, or the -32602 error to answer once the method is known to exist. */
  readonly params: readonly unknown[] | RpcError;
  readonly notification: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isValidId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === "string" || typeof value === "number";
}

/** The id to answer an invalid request with: its own when readable, else null (the spec's rule). */
function readableId(item: unknown): JsonRpcId {
  return isRecord(item) && isValidId(item.id) ? item.id : null;
}

/** Checks a request object against JSON-RPC 2.0; returns the -32600 error when it is not one. */
function parseEnvelope(item: unknown): Envelope | RpcError {
  if (!isRecord(item)) return RpcError.invalidRequest("expected a request object");
  if (item.jsonrpc !== "2.0") return RpcError.invalidRequest('"jsonrpc" must be exactly "2.0"');
  const notification = !Object.hasOwn(item, "id");
  if (!notification && !isValidId(item.id)) return RpcError.invalidRequest('"id" must be a string, a number or null');
  if (typeof item.method !== "string" || item.method === "") {
    return RpcError.invalidRequest('"method" must be a non-empty string');
  }
  const id = notification ? null : (item.id as JsonRpcId);
  const raw = item.params;
  // null is taken as "no params": some clients send it, and geth accepts it.
  if (raw === undefined || raw === null) return { id, method: item.method, params: [], notification };
  if (Array.isArray(raw)) return { id, method: item.method, params: raw, notification };
  if (isRecord(raw)) {
    const error = RpcError.invalidParams("named parameters are not supported: send params as an array");
    return { id, method: item.method, params: error, notification };
  }
  return RpcError.invalidRequest('"params" must be an array');
}

function serialize(response: JsonRpcResponse): string {
  return JSON.stringify(response);
}
