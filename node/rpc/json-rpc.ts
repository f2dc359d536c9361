/**
 * JSON-RPC 2.0 envelopes (https://www.jsonrpc.org/specification) and the typed error every RPC
 * failure travels as. The codes beyond the specification's five are the ones geth answers with, so
 * Ethereum tooling (ethers, viem, Hardhat) classifies Citrate's errors as it classifies geth's.
 */

/** A request id: the specification allows a string, a number or null (null is discouraged). */
export type JsonRpcId = string | number | null;

/** The `params` member: positional (array) or named (object). Citrate's methods are positional. */
export type JsonRpcParams = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A call that expects an answer: it carries an `id` member (possibly null). */
export interface JsonRpcRequest {
  readonly jsonrpc: "2.0";
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params?: JsonRpcParams;
}

/** A call without an `id` member: the server runs it and never answers, not even with an error. */
export interface JsonRpcNotification {
  readonly jsonrpc: "2.0";
  readonly method: string;
  readonly params?: JsonRpcParams;
}

/** The `error` member of a failed response. */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcSuccess {
  readonly jsonrpc: "2.0";
  readonly id: JsonRpcId;
  readonly result: unknown;
}

export interface JsonRpcFailure {
  readonly jsonrpc: "2.0";
  readonly id: JsonRpcId;
  readonly error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;

/** What a WebSocket subscription pushes (geth's and every Ethereum client's shape). */
export interface JsonRpcSubscriptionNotification {
  readonly jsonrpc: "2.0";
  readonly method: "eth_subscription";
  readonly params: { readonly subscription: string; readonly result: unknown };
}

/** The error codes Citrate answers with. */
export const RpcErrorCode = {
  /** The body is not JSON. */
  ParseError: -32700,
  /** The JSON is not a valid request object (or the batch is empty or too large). */
  InvalidRequest: -32600,
  /** No such method, or the method is disabled on this node. */
  MethodNotFound: -32601,
  /** A parameter is missing, extra or malformed. */
  InvalidParams: -32602,
  /** The server failed; details are logged, never sent. */
  InternalError: -32603,
  /** geth's generic server error: execution failed other than by a revert (out of gas, nonce too low, ...). */
  ServerError: -32000,
  /** The requested block, transaction or state is not known (EIP-1474). */
  ResourceNotFound: -32001,
  /** The transaction was refused (EIP-1474). */
  TransactionRejected: -32003,
  /** The method exists in the Ethereum API but this node does not support it (EIP-1474). */
  MethodNotSupported: -32004,
  /** A request exceeded a limit (log range, subscriptions per connection, ...) (EIP-1474). */
  LimitExceeded: -32005,
  /** The EVM reverted; `data` holds the revert bytes (geth, Hardhat, anvil). */
  ExecutionReverted: 3,
} as const;

export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/**
 * A failure to be sent to the client as a JSON-RPC error object. Anything else a handler throws is
 * an internal error: the server logs it and answers -32603 without details.
 */
export class RpcError extends Error {
  override readonly name = "RpcError";

  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  /** The `error` member of a response (`data` only when there is some). */
  toErrorObject(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  static parseError(detail?: string): RpcError {
    return new RpcError(RpcErrorCode.ParseError, detail === undefined ? "parse error" : `parse error: ${detail}`);
  }

  static invalidRequest(detail?: string): RpcError {
    return new RpcError(
      RpcErrorCode.InvalidRequest,
      detail === undefined ? "invalid request" : `invalid request: ${detail}`,
    );
  }

  /** geth's wording, which client libraries match on. */
  static methodNotFound(method: string): RpcError {
    return new RpcError(RpcErrorCode.MethodNotFound, `the method ${method} does not exist/is not available`);
  }

  static invalidParams(message: string): RpcError {
    return new RpcError(RpcErrorCode.InvalidParams, message);
  }

  /** The only message an unexpected exception produces: its details stay in the node's log. */
  static internalError(): RpcError {
    return new RpcError(RpcErrorCode.InternalError, "internal error");
  }

  static serverError(message: string, data?: unknown): RpcError {
    return new RpcError(RpcErrorCode.ServerError, message, data);
  }

  /**
   * An EVM revert: `data` is the revert output as hex (`0x08c379a0…` for `Error(string)`), and the
   * message carries the decoded reason when there is one, as geth does ("execution reverted: reason").
   */
  static executionReverted(revertData: `0x${string}`, reason?: string): RpcError {
    const message = reason === undefined || reason === "" ? "execution reverted" : `execution reverted: ${reason}`;
    return new RpcError(RpcErrorCode.ExecutionReverted, message, revertData);
  }

  static resourceNotFound(message: string): RpcError {
    return new RpcError(RpcErrorCode.ResourceNotFound, message);
  }

  static transactionRejected(message: string): RpcError {
    return new RpcError(RpcErrorCode.TransactionRejected, message);
  }

  static methodNotSupported(method: string): RpcError {
    return new RpcError(RpcErrorCode.MethodNotSupported, `the method ${method} is not supported by Citrate`);
  }

  static limitExceeded(message: string): RpcError {
    return new RpcError(RpcErrorCode.LimitExceeded, message);
  }

  /** geth's answer to eth_subscribe over a transport that cannot push (HTTP). */
  static notificationsNotSupported(): RpcError {
    return new RpcError(RpcErrorCode.MethodNotFound, "notifications not supported");
  }
}

/** A success response for `id`. `undefined` results are sent as null so the member is never dropped. */
export function successResponse(id: JsonRpcId, result: unknown): JsonRpcSuccess {
  return { jsonrpc: "2.0", id, result: result === undefined ? null : result };
}

/** A failure response for `id` (null when the request's id could not be read). */
export function failureResponse(id: JsonRpcId, error: RpcError): JsonRpcFailure {
  return { jsonrpc: "2.0", id, error: error.toErrorObject() };
}
