import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { RpcError, type JsonRpcSubscriptionNotification } from "./json-rpc.js";

/** The subscription kinds of the Ethereum API (`eth_subscribe`'s first argument). */
export const STANDARD_SUBSCRIPTION_KINDS = ["newHeads", "logs", "newPendingTransactions", "syncing"] as const;

export type StandardSubscriptionKind = (typeof STANDARD_SUBSCRIPTION_KINDS)[number];

/**
 * One kind of subscription, provided by the node (the chain for `newHeads` and `logs`, the pool for
 * `newPendingTransactions`, sync for `syncing`). The RPC layer owns ids, connections and cleanup;
 * a source only validates its argument and pushes results.
 */
export interface SubscriptionSource<Filter = unknown, Result = unknown> {
  /**
   * Checks the argument after the kind (`eth_subscribe("logs", filter)`; undefined when absent) and
   * returns the parsed filter, or throws RpcError(-32602) naming `param`.
   */
  validate(argument: unknown, param: string): Filter;
  /**
   * Starts delivering results to `push` (already formatted for JSON: QUANTITY strings, not bigints)
   * and returns the function that stops it. Called once per subscription; the stop function is
   * called exactly once, on eth_unsubscribe or when the connection closes.
   */
  attach(filter: Filter, push: (result: Result) => void): () => void;
}

/** The kinds this node serves, each with its source. */
export class SubscriptionSources {
  private readonly sources = new Map<string, SubscriptionSource>();

  /** Provides `kind`; the standard kinds are listed in STANDARD_SUBSCRIPTION_KINDS. */
  register<Filter, Result>(
    kind: StandardSubscriptionKind | (string & {}),
    source: SubscriptionSource<Filter, Result>,
  ): this {
    if (this.sources.has(kind)) throw new Error(`subscription kind ${kind} is already registered`);
    this.sources.set(kind, source as SubscriptionSource);
    return this;
  }

  get(kind: string): SubscriptionSource | undefined {
    return this.sources.get(kind);
  }

  kinds(): string[] {
    return [...this.sources.keys()].sort();
  }
}

/** A subscription id: 16 random bytes as a QUANTITY (`0x` + up to 32 hex digits). */
export type SubscriptionId = `0x${string}`;

/**
 * A fresh subscription id, made as geth makes them: 16 random bytes in hex with leading zeros
 * trimmed, so the id is a valid QUANTITY (usually 32 digits; fewer when the first bytes are zero).
 */
export function newSubscriptionId(): SubscriptionId {
  const digits = randomBytes(16).toString("hex").replace(/^0+/, "");
  return `0x${digits === "" ? "0" : digits}`;
}

interface ActiveSubscription {
  readonly kind: string;
  /** Set once the source's attach has returned. */
  detach: (() => void) | undefined;
  /** Results pushed before the client was sent the subscription id; delivered on release. */
  held: unknown[] | undefined;
}

export interface ConnectionSubscriptionsOptions {
  /** Sends a notification on the connection (the server drops it if the socket has closed). */
  readonly send: (notification: JsonRpcSubscriptionNotification) => void;
  /** The most subscriptions one connection may hold; beyond it eth_subscribe answers -32005. */
  readonly maxSubscriptions: number;
  readonly log: Logger;
}

/**
 * The subscriptions of one WebSocket connection. Subscriptions never outlive their connection: the
 * server calls `closeAll` when the socket closes, which stops every source.
 */
export class ConnectionSubscriptions {
  private readonly active = new Map<string, ActiveSubscription>();
  private closed = false;

  constructor(private readonly options: ConnectionSubscriptionsOptions) {}

  get size(): number {
    return this.active.size;
  }

  /**
   * Starts a subscription and returns its id. Results are held until `release(id)` — the server
   * releases once the eth_subscribe response carrying the id has been sent.
   */
  subscribe<Filter, Result>(kind: string, source: SubscriptionSource<Filter, Result>, filter: Filter): SubscriptionId {
    if (this.closed) throw RpcError.serverError("connection closed");
    if (this.active.size >= this.options.maxSubscriptions) {
      const limit = this.options.maxSubscriptions;
      throw RpcError.limitExceeded(`too many subscriptions on this connection (limit ${limit})`);
    }
    let id = newSubscriptionId();
    while (this.active.has(id)) id = newSubscriptionId();

    // Registered before attach: a source may push synchronously from inside attach.
    const entry: ActiveSubscription = { kind, detach: undefined, held: [] };
    this.active.set(id, entry);
    try {
      entry.detach = source.attach(filter, (result) => this.deliver(id, entry, result));
    } catch (error) {
      this.active.delete(id);
      throw error;
    }
    return id;
  }

  /** Delivers the results held since `subscribe` and lets later ones through directly. */
  release(id: SubscriptionId): void {
    const entry = this.active.get(id);
    if (entry === undefined || entry.held === undefined) return;
    const held = entry.held;
    entry.held = undefined;
    for (const result of held) this.send(id, result);
  }

  /** Stops a subscription of this connection; false when it has no subscription with that id. */
  unsubscribe(id: string): boolean {
    const entry = this.active.get(id);
    if (entry === undefined) return false;
    this.active.delete(id);
    this.stop(id, entry);
    return true;
  }

  /** Stops every subscription; later subscribe calls fail. Called when the connection closes. */
  closeAll(): void {
    this.closed = true;
    for (const [id, entry] of this.active) this.stop(id, entry);
    this.active.clear();
  }

  private deliver(id: SubscriptionId, entry: ActiveSubscription, result: unknown): void {
    // Results pushed after unsubscribe (a source racing its own stop) are dropped.
    if (this.active.get(id) !== entry) return;
    if (entry.held !== undefined) entry.held.push(result);
    else this.send(id, result);
  }

  private send(id: SubscriptionId, result: unknown): void {
    this.options.send({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription: id, result } });
  }

  private stop(id: string, entry: ActiveSubscription): void {
    try {
      entry.detach?.();
    } catch (error) {
      // A source that fails to stop must not keep the connection's other subscriptions alive.
      this.options.log.error({ err: error, subscription: id, kind: entry.kind }, "subscription source failed to stop");
    }
  }
}
