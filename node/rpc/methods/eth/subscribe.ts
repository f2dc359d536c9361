import { describeValue, invalidParam } from "../../codec/param-error.js";
import { RpcError, RpcErrorCode } from "../../json-rpc.js";
import { defineMethod, optional, required } from "../../method-registry.js";
import type { SubscriptionSources } from "../../subscriptions.js";

/** What eth_subscribe reads from the node: the subscription kinds it provides. */
export interface SubscriptionContext {
  readonly subscriptionSources: SubscriptionSources;
}

function parseString(value: unknown, param: string): string {
  if (typeof value !== "string") throw invalidParam(param, `expected a string, got ${describeValue(value)}`);
  return value;
}

/** The kind's own argument is checked by its source, which knows its shape (a log filter, a flag). */
function passThrough(value: unknown): unknown {
  return value;
}

/**
 * `eth_subscribe(kind, argument?)` → a subscription id; results then arrive as `eth_subscription`
 * notifications on the same WebSocket. Over HTTP: -32601 "notifications not supported" (geth's answer).
 * A kind the node does not provide: -32601 `no "x" subscription in eth namespace` (geth's wording).
 */
export const ethSubscribe = defineMethod({
  name: "eth_subscribe",
  params: [required("subscription kind", parseString), optional("options", passThrough)],
  handler: ([kind, argument], context: SubscriptionContext, call) => {
    const subscriptions = call.subscriptions;
    if (subscriptions === undefined) throw RpcError.notificationsNotSupported();
    const source = context.subscriptionSources.get(kind);
    if (source === undefined) {
      throw new RpcError(RpcErrorCode.MethodNotFound, `no ${JSON.stringify(kind)} subscription in eth namespace`);
    }
    const filter = source.validate(argument, "argument 1 (options)");
    const id = subscriptions.subscribe(kind, source, filter);
    call.afterResponse(() => subscriptions.release(id));
    return id;
  },
});

/** `eth_unsubscribe(id)` → true if this connection had that subscription (now stopped), else false. */
export const ethUnsubscribe = defineMethod({
  name: "eth_unsubscribe",
  params: [required("subscription id", parseString)],
  handler: ([id], _context, call) => {
    if (call.subscriptions === undefined) throw RpcError.notificationsNotSupported();
    return call.subscriptions.unsubscribe(id);
  },
});
