import { expect } from "chai";
import type { JsonRpcSubscriptionNotification } from "../../../node/rpc/json-rpc.js";
import { RpcErrorCode } from "../../../node/rpc/json-rpc.js";
import {
  ConnectionSubscriptions,
  newSubscriptionId,
  STANDARD_SUBSCRIPTION_KINDS,
  SubscriptionSources,
} from "../../../node/rpc/subscriptions.js";
import { ManualSource, recordingLogger, rpcErrorOf } from "../../support/rpc-harness.js";

function connection(maxSubscriptions = 10): { subs: ConnectionSubscriptions; sent: JsonRpcSubscriptionNotification[] } {
  const sent: JsonRpcSubscriptionNotification[] = [];
  const subs = new ConnectionSubscriptions({ send: (n) => sent.push(n), maxSubscriptions, log: recordingLogger().log });
  return { subs, sent };
}

describe("rpc: subscriptions", function () {
  it("makes ids as geth does: 16 random bytes as a QUANTITY", function () {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i += 1) {
      const id = newSubscriptionId();
      expect(id).to.match(/^0x(0|[1-9a-f][0-9a-f]{0,31})$/);
      ids.add(id);
    }
    expect(ids.size).to.equal(1000);
  });

  it("lists the standard kinds and registers each source once", function () {
    expect(STANDARD_SUBSCRIPTION_KINDS).to.deep.equal(["newHeads", "logs", "newPendingTransactions", "syncing"]);
    const sources = new SubscriptionSources().register("logs", new ManualSource()).register("newHeads", new ManualSource());
    expect(sources.kinds()).to.deep.equal(["logs", "newHeads"]);
    expect(sources.get("syncing")).to.equal(undefined);
    expect(() => sources.register("logs", new ManualSource())).to.throw(/already registered/);
  });

  it("holds results until released, then delivers them in order as eth_subscription notifications", function () {
    const { subs, sent } = connection();
    const source = new ManualSource();
    source.pushOnAttach = { n: 0 };
    const id = subs.subscribe("newHeads", source, { topic: undefined });
    source.emit({ n: 1 });
    expect(sent).to.have.length(0);
    subs.release(id);
    source.emit({ n: 2 });
    expect(sent).to.deep.equal([0, 1, 2].map((n) => ({
      jsonrpc: "2.0",
      method: "eth_subscription",
      params: { subscription: id, result: { n } },
    })));
  });

  it("stops a source on unsubscribe, once, and drops what it pushes afterwards", function () {
    const { subs, sent } = connection();
    let late: ((result: unknown) => void) | undefined;
    let stops = 0;
    const id = subs.subscribe("newHeads", {
      validate: () => undefined,
      attach: (_filter: undefined, push: (result: unknown) => void) => {
        late = push;
        return () => {
          stops += 1;
        };
      },
    }, undefined);
    subs.release(id);
    expect(subs.unsubscribe(id)).to.equal(true);
    expect(subs.unsubscribe(id)).to.equal(false);
    expect(subs.unsubscribe("0x1234")).to.equal(false);
    late?.("too late");
    expect(stops).to.equal(1);
    expect(sent).to.have.length(0);
  });

  it("closes every subscription with the connection and refuses new ones", function () {
    const { subs } = connection();
    const source = new ManualSource();
    subs.subscribe("newHeads", source, { topic: undefined });
    subs.subscribe("newHeads", source, { topic: "a" });
    expect(source.attached).to.equal(2);
    subs.closeAll();
    expect(source.attached).to.equal(0);
    expect(subs.size).to.equal(0);
    expect(() => subs.subscribe("newHeads", source, { topic: undefined })).to.throw(/connection closed/);
  });

  it("caps subscriptions per connection with -32005", function () {
    const { subs } = connection(2);
    const source = new ManualSource();
    subs.subscribe("newHeads", source, { topic: undefined });
    subs.subscribe("newHeads", source, { topic: undefined });
    const error = rpcErrorOf(() => subs.subscribe("newHeads", source, { topic: undefined }));
    expect(error.code).to.equal(RpcErrorCode.LimitExceeded);
    expect(error.message).to.match(/too many subscriptions on this connection \(limit 2\)/);
  });

  it("forgets a subscription whose source fails to attach, and survives a source that fails to stop", function () {
    const { subs } = connection();
    expect(() =>
      subs.subscribe("logs", { validate: () => undefined, attach: () => { throw new Error("boom"); } }, undefined),
    ).to.throw("boom");
    expect(subs.size).to.equal(0);
    const healthy = new ManualSource();
    subs.subscribe("logs", { validate: () => undefined, attach: () => () => { throw new Error("stuck"); } }, undefined);
    subs.subscribe("newHeads", healthy, { topic: undefined });
    subs.closeAll();
    expect(healthy.attached).to.equal(0);
  });
});
