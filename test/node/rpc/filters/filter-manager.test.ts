import { expect } from "chai";
import type { StoredBlock } from "../../../../node/execution/block-store.js";
import { parseLogFilter } from "../../../../node/rpc/codec/log-filter.js";
import { RpcError } from "../../../../node/rpc/json-rpc.js";
import { BoundedQueue } from "../../../../node/rpc/methods/filters/bounded-queue.js";
import { FilterManager, type FilterLimits } from "../../../../node/rpc/methods/filters/filter-manager.js";
import { rpcSchemasAvailable, validateRpcResult } from "../../../support/rpc-schemas.js";
import { APPROVAL, FakeEventSource, fakeBlock, OTHER, TOKEN, TRANSFER } from "./filter-fixtures.js";

function filter(value: Record<string, unknown> = {}) {
  return parseLogFilter(value, "argument 0 (filter)");
}

function rpcError(action: () => unknown): RpcError {
  try {
    action();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected an RpcError");
}

describe("rpc filters: FilterManager", function () {
  let source: FakeEventSource;
  let now: number;
  let manager: FilterManager;

  function create(limits: Partial<FilterLimits> = {}, onError?: (error: unknown) => void): FilterManager {
    return new FilterManager({ source, limits, clock: () => now, sweepIntervalMs: 3_600_000, onError });
  }

  beforeEach(function () {
    source = new FakeEventSource();
    now = 1_000_000;
    manager = create();
  });
  afterEach(function () {
    manager.close();
  });

  it("makes ids as geth does: random 16-byte QUANTITY strings, distinct, valid as execution-apis filter ids", function () {
    const ids = [manager.newBlockFilter(), manager.newPendingTransactionFilter(), manager.newLogFilter(filter())];
    for (let i = 0; i < 50; i++) ids.push(manager.newBlockFilter());
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(id).to.match(/^0x(0|[1-9a-f][0-9a-f]{0,31})$/);
    if (rpcSchemasAvailable()) {
      expect(validateRpcResult("eth_newFilter", ids[2])).to.deep.equal([]);
      expect(validateRpcResult("eth_newBlockFilter", ids[0])).to.deep.equal([]);
      expect(validateRpcResult("eth_newPendingTransactionFilter", ids[1])).to.deep.equal([]);
    }
  });

  it("block filter: the hashes of blocks that joined the canonical chain since the last poll, in chain order", function () {
    const id = manager.newBlockFilter();
    expect(manager.changes(id)).to.deep.equal([]);
    const [b1, b2, b3] = [fakeBlock(1), fakeBlock(2), fakeBlock(3)];
    source.chain({ added: [b1] });
    source.chain({ added: [b2, b3] });
    expect(manager.changes(id)).to.deep.equal([b1.hash, b2.hash, b3.hash]);
    expect(manager.changes(id)).to.deep.equal([]);
    // A re-org: the removed blocks are not reported, the new branch is.
    const [c2, c3] = [fakeBlock(2, [], 1), fakeBlock(3, [], 1)];
    source.chain({ removed: [b3, b2], added: [c2, c3] });
    expect(manager.changes(id)).to.deep.equal([c2.hash, c3.hash]);
  });

  it("a filter sees only what happened after it was installed", function () {
    source.chain({ added: [fakeBlock(1)] });
    const id = manager.newBlockFilter();
    source.chain({ added: [fakeBlock(2)] });
    expect(manager.changes(id)).to.deep.equal([fakeBlock(2).hash]);
  });

  it("log filter: matching logs as execution-apis Log objects, with removed copies (removed: true) when blocks leave the chain", function () {
    const id = manager.newLogFilter(filter({ address: TOKEN, topics: [TRANSFER] }));
    const b1 = fakeBlock(1, [
      [{ address: TOKEN, topics: [TRANSFER], data: "0x01" }, { address: OTHER, topics: [TRANSFER] }],
      [{ address: TOKEN, topics: [APPROVAL] }, { address: TOKEN, topics: [TRANSFER, APPROVAL], data: "0x02" }],
    ]);
    source.chain({ added: [b1] });
    const logs = manager.changes(id) as Array<Record<string, unknown>>;
    expect(logs.map((log) => [log.data, log.logIndex, log.transactionIndex, log.removed])).to.deep.equal([
      ["0x01", "0x0", "0x0", false],
      ["0x02", "0x3", "0x1", false],
    ]);
    expect(logs[0]).to.include({ address: TOKEN, blockHash: b1.hash, blockNumber: "0x1", blockTimestamp: "0x3e9" });
    if (rpcSchemasAvailable()) expect(validateRpcResult("eth_getFilterChanges", logs)).to.deep.equal([]);

    const c1 = fakeBlock(1, [[{ address: TOKEN, topics: [TRANSFER], data: "0x03" }]], 1);
    source.chain({ removed: [b1], added: [c1] });
    const reorg = manager.changes(id) as Array<Record<string, unknown>>;
    expect(reorg.map((log) => [log.blockHash, log.data, log.removed])).to.deep.equal([
      [b1.hash, "0x01", true],
      [b1.hash, "0x02", true],
      [c1.hash, "0x03", false],
    ]);
    if (rpcSchemasAvailable()) expect(validateRpcResult("eth_getFilterChanges", reorg)).to.deep.equal([]);
  });

  it("log filter ranges follow geth: numbers bound the live logs, latest/absent is open, pending and inverted ranges are refused", function () {
    const log = [[{ address: TOKEN, topics: [TRANSFER] }]];
    const bounded = manager.newLogFilter(filter({ fromBlock: "0x2", toBlock: "0x3" }));
    const from = manager.newLogFilter(filter({ fromBlock: "0x3", toBlock: "latest" }));
    const open = manager.newLogFilter(filter({ fromBlock: "latest" }));
    const earliest = manager.newLogFilter(filter({ fromBlock: "earliest" }));
    for (let n = 1; n <= 4; n++) source.chain({ added: [fakeBlock(n, log)] });
    const numbers = (id: string) => (manager.changes(id) as Array<{ blockNumber: string }>).map((l) => l.blockNumber);
    expect(numbers(bounded)).to.deep.equal(["0x2", "0x3"]);
    expect(numbers(from)).to.deep.equal(["0x3", "0x4"]);
    expect(numbers(open)).to.deep.equal(["0x1", "0x2", "0x3", "0x4"]);
    expect(numbers(earliest)).to.deep.equal(["0x1", "0x2", "0x3", "0x4"]);

    expect(rpcError(() => manager.newLogFilter(filter({ fromBlock: "pending" }))).toErrorObject()).to.deep.equal({
      code: -32000,
      message: "pending logs are not supported",
    });
    for (const bad of [{ fromBlock: "0x5", toBlock: "0x4" }, { fromBlock: "latest", toBlock: "0x4" }, { fromBlock: "safe" }, { toBlock: "finalized" }]) {
      expect(rpcError(() => manager.newLogFilter(filter(bad))).toErrorObject()).to.deep.equal({
        code: -32000,
        message: "invalid from and to block combination",
      });
    }
  });

  it("a log filter with a blockHash reports that block's logs only, as it joins or leaves the chain", function () {
    const log = [[{ address: TOKEN, topics: [TRANSFER] }]];
    const wanted = fakeBlock(2, log);
    const id = manager.newLogFilter(filter({ blockHash: wanted.hash }));
    source.chain({ added: [fakeBlock(1, log), wanted, fakeBlock(3, log)] });
    source.chain({ removed: [wanted] });
    expect((manager.changes(id) as Array<{ blockHash: string; removed: boolean }>).map((l) => [l.blockHash, l.removed])).to.deep.equal([
      [wanted.hash, false],
      [wanted.hash, true],
    ]);
    expect(manager.logCriteria(id).blockHash).to.equal(wanted.hash);
  });

  it("pending transaction filter: the hashes of transactions that became pending; other kinds do not see them", function () {
    const pending = manager.newPendingTransactionFilter();
    const blocks = manager.newBlockFilter();
    const hashes = [`0x${"01".repeat(32)}`, `0x${"02".repeat(32)}`] as const;
    for (const hash of hashes) source.pending(hash);
    source.chain({ added: [fakeBlock(1)] });
    const changes = manager.changes(pending);
    expect(changes).to.deep.equal([...hashes]);
    expect(manager.changes(blocks)).to.deep.equal([fakeBlock(1).hash]);
    if (rpcSchemasAvailable()) expect(validateRpcResult("eth_getFilterChanges", changes)).to.deep.equal([]);
  });

  it("uninstall: true once, then false; an uninstalled or unknown id is -32000 \"filter not found\"", function () {
    const id = manager.newBlockFilter();
    expect(manager.uninstall(id)).to.equal(true);
    expect(manager.uninstall(id)).to.equal(false);
    expect(manager.uninstall("0x1234")).to.equal(false);
    for (const action of [() => manager.changes(id), () => manager.changes("0xabc"), () => manager.logCriteria(id)]) {
      expect(rpcError(action).toErrorObject()).to.deep.equal({ code: -32000, message: "filter not found" });
    }
  });

  it("eth_getFilterLogs criteria exist for log filters only (geth: \"filter not found\" for the other kinds)", function () {
    const criteria = filter({ address: [TOKEN, OTHER], fromBlock: "0x1" });
    const id = manager.newLogFilter(criteria);
    expect(manager.logCriteria(id)).to.equal(criteria);
    expect(manager.kindOf(id)).to.equal("logs");
    const blocks = manager.newBlockFilter();
    expect(rpcError(() => manager.logCriteria(blocks)).message).to.equal("filter not found");
    expect(manager.kindOf(blocks)).to.equal("blocks");
  });

  it("expires a filter not polled for 5 minutes (geth's deadline); each poll restarts it", function () {
    const polled = manager.newBlockFilter();
    const idle = manager.newLogFilter(filter());
    now += 4 * 60_000;
    manager.changes(polled);
    // eth_getFilterLogs is not a poll: as in geth, it does not move the deadline.
    manager.logCriteria(idle);
    now += 60_000;
    expect(rpcError(() => manager.changes(idle)).message).to.equal("filter not found");
    expect(manager.changes(polled)).to.deep.equal([]);
    now += 5 * 60_000 - 1;
    expect(manager.removeExpired()).to.equal(0);
    now += 1;
    expect(manager.removeExpired()).to.equal(1);
    expect(manager.size).to.equal(0);
    expect(manager.uninstall(polled)).to.equal(false);
  });

  it("caps the filters installed on the node (-32005); expired and uninstalled ones make room", function () {
    manager = create({ maxFilters: 3 });
    const ids = [manager.newBlockFilter(), manager.newPendingTransactionFilter(), manager.newLogFilter(filter())];
    expect(rpcError(() => manager.newBlockFilter()).toErrorObject()).to.deep.equal({
      code: -32005,
      message: "too many filters installed (limit 3)",
    });
    manager.uninstall(ids[0] as string);
    manager.newBlockFilter();
    now += 5 * 60_000;
    expect(manager.newBlockFilter()).to.be.a("string");
    expect(manager.size).to.equal(1);
  });

  it("keeps a bounded buffer per filter: the newest results, the oldest dropped", function () {
    manager = create({ maxBufferedResults: 3 });
    const id = manager.newBlockFilter();
    const blocks = [1, 2, 3, 4, 5].map((n) => fakeBlock(n));
    for (const block of blocks) source.chain({ added: [block] });
    expect(manager.changes(id)).to.deep.equal(blocks.slice(2).map((b) => b.hash));
    source.chain({ added: [fakeBlock(6)] });
    expect(manager.changes(id)).to.deep.equal([fakeBlock(6).hash]);
  });

  it("listens to its source only while a filter needs it", function () {
    expect(source.chainListeners.size).to.equal(0);
    expect(source.pendingListeners.size).to.equal(0);
    const a = manager.newBlockFilter();
    const b = manager.newLogFilter(filter());
    const p = manager.newPendingTransactionFilter();
    expect(source.chainListeners.size).to.equal(1);
    expect(source.pendingListeners.size).to.equal(1);
    manager.uninstall(a);
    expect(source.chainListeners.size).to.equal(1);
    manager.uninstall(b);
    expect(source.chainListeners.size).to.equal(0);
    now += 5 * 60_000;
    source.pending(`0x${"03".repeat(32)}`); // the expired filter is dropped on the next event
    expect(source.pendingListeners.size).to.equal(0);
    expect(manager.uninstall(p)).to.equal(false);
  });

  it("an error while feeding filters goes to onError, never to the chain or pool that published", function () {
    const errors: unknown[] = [];
    manager = create({}, (error) => errors.push(error));
    const id = manager.newLogFilter(filter());
    const broken = { ...fakeBlock(1), outcome: { executed: [{ transaction: {}, receipt: { logs: [] } }], skipped: [] } } as unknown as StoredBlock;
    expect(() => source.chain({ added: [broken] })).not.to.throw();
    expect(errors).to.have.length(1);
    source.chain({ added: [fakeBlock(2, [[{ address: TOKEN, topics: [] }]])] });
    expect(manager.changes(id)).to.have.length(1);
  });

  it("close uninstalls everything and detaches from the source", function () {
    manager.newBlockFilter();
    manager.newPendingTransactionFilter();
    manager.close();
    expect(manager.size).to.equal(0);
    expect(source.chainListeners.size + source.pendingListeners.size).to.equal(0);
  });
});

describe("rpc filters: BoundedQueue", function () {
  it("drops the oldest items beyond its capacity and drains in order", function () {
    const queue = new BoundedQueue<number>(4);
    for (let i = 0; i < 1000; i++) queue.push(i);
    expect(queue.length).to.equal(4);
    expect(queue.dropped).to.equal(996);
    expect(queue.drain()).to.deep.equal([996, 997, 998, 999]);
    expect(queue.length).to.equal(0);
    queue.push(7);
    expect(queue.drain()).to.deep.equal([7]);
    expect(() => new BoundedQueue(0)).to.throw(RangeError);
  });
});
