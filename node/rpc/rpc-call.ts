import type { ConnectionSubscriptions } from "./subscriptions.js";

/** The transport a call arrived on. */
export type RpcTransport = "http" | "ws";

/**
 * What a handler may know about the call it serves, besides its parameters and the node's context:
 * the transport, and the connection's subscriptions where the transport can push (WebSocket).
 */
export interface RpcCall {
  readonly transport: RpcTransport;
  /** This connection's subscriptions; undefined over HTTP, which cannot push notifications. */
  readonly subscriptions: ConnectionSubscriptions | undefined;
  /**
   * Runs `action` once the response to this call has been handed to the transport (at once for a
   * notification, which gets none). eth_subscribe holds its first notifications until then, so a
   * client never receives a notification for a subscription id it has not yet been told.
   */
  afterResponse(action: () => void): void;
  /**
   * Holds this call's answer, and in a batch the whole batch's, until `wait` settles, after every
   * item has run: a transaction is answered once the block it asked for is produced (as Hardhat's
   * automine answers), and the transactions of one batch still share blocks.
   */
  beforeResponse(wait: () => Promise<void>): void;
}
