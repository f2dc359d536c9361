import { expect } from "chai";
import type { BlockHash } from "../../../../node/consensus/hash.js";
import type { StoredBlock } from "../../../../node/execution/block-store.js";
import { RpcError } from "../../../../node/rpc/json-rpc.js";
import type { RpcMethod } from "../../../../node/rpc/method-registry.js";
import type { ChainReader } from "../../../../node/rpc/methods/eth/chain-reader.js";
import { FilterManager } from "../../../../node/rpc/methods/filters/filter-manager.js";
import {
  ethGetFilterChanges,
  ethGetFilterLogs,
  ethNewBlockFilter,
  ethNewFilter,
  ethNewPendingTransactionFilter,
  ethUninstallFilter,
  filterMethods,
  parseFilterId,
  type FiltersContext,
} from "../../../../node/rpc/methods/filters/filters.js";
import type { RpcCall } from "../../../../node/rpc/rpc-call.js";
import { rpcSchemasAvailable, validateRpcResult } from "../../../support/rpc-schemas.js";
import { FakeEventSource, fakeBlock, OTHER, TOKEN, TRANSFER } from "./filter-fixtures.js";

const HTTP_CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: (action) => action(), beforeResponse: () => undefined };

/** A canonical chain of blocks 0..n held in an array, as eth_getLogs reads it. */
function chainOf(blocks: StoredBlock[]): ChainReader {
  return {
    head: () => blocks[blocks.length - 1] as StoredBlock,
    blockByNumber: (number: bigint) => blocks[Number(number)],
    blockByHash: (hash: BlockHash) => blocks.find((block) => block.hash === hash),
  } as ChainReader;
}

async function call(method: RpcMethod<FiltersContext>, params: unknown[], context: FiltersContext): Promise<unknown> {
  return method.invoke(params, context, HTTP_CALL);
}

async function failure(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error.toErrorObject() as { code: number; message: string };
    throw error;
  }
  throw new Error("expected an RpcError");
}

describe("rpc filters: eth_ filter methods", function () {
  const transferLog = (data: `0x${string}`) => [{ address: TOKEN, topics: [TRANSFER], data }];
  let source: FakeEventSource;
  let blocks: StoredBlock[];
  let context: FiltersContext;

  beforeEach(function () {
    source = new FakeEventSource();
    blocks = [fakeBlock(0), fakeBlock(1, [transferLog("0x01")]), fakeBlock(2, [[{ address: OTHER, topics: [TRANSFER] }]]), fakeBlock(3, [transferLog("0x03")])];
    context = { filters: new FilterManager({ source }), chain: chainOf(blocks), maxLogBlockRange: 100n };
  });
  afterEach(function () {
    context.filters.close();
  });

  it("are the six methods of geth's filter API", function () {
    expect(filterMethods.map((method) => method.name)).to.deep.equal([
      "eth_newFilter",
      "eth_newBlockFilter",
      "eth_newPendingTransactionFilter",
      "eth_getFilterChanges",
      "eth_getFilterLogs",
      "eth_uninstallFilter",
    ]);
  });

  it("eth_newFilter + eth_getFilterChanges + eth_getFilterLogs: new logs since the last poll, and the full query", async function () {
    const id = (await call(ethNewFilter, [{ address: TOKEN, fromBlock: "0x0" }], context)) as string;
    expect(await call(ethGetFilterChanges, [id], context)).to.deep.equal([]);
    const b4 = fakeBlock(4, [transferLog("0x04")]);
    blocks.push(b4);
    source.chain({ added: [b4] });
    const changes = (await call(ethGetFilterChanges, [id], context)) as Array<{ data: string }>;
    expect(changes.map((log) => log.data)).to.deep.equal(["0x04"]);
    const all = (await call(ethGetFilterLogs, [id], context)) as Array<{ data: string; blockNumber: string }>;
    expect(all.map((log) => [log.blockNumber, log.data])).to.deep.equal([
      ["0x1", "0x01"],
      ["0x3", "0x03"],
      ["0x4", "0x04"],
    ]);
    // eth_getFilterLogs leaves the changes alone.
    expect(await call(ethGetFilterChanges, [id], context)).to.deep.equal([]);
    if (rpcSchemasAvailable()) {
      expect(validateRpcResult("eth_newFilter", id)).to.deep.equal([]);
      expect(validateRpcResult("eth_getFilterChanges", changes)).to.deep.equal([]);
      expect(validateRpcResult("eth_getFilterLogs", all)).to.deep.equal([]);
    }
  });

  it("eth_getFilterLogs applies eth_getLogs' rules: blockHash filters, the block range cap", async function () {
    const byHash = (await call(ethNewFilter, [{ blockHash: blocks[3]?.hash }], context)) as string;
    expect(((await call(ethGetFilterLogs, [byHash], context)) as unknown[]).length).to.equal(1);
    context = { ...context, maxLogBlockRange: 2n };
    const wide = (await call(ethNewFilter, [{ fromBlock: "0x0" }], context)) as string;
    expect((await failure(call(ethGetFilterLogs, [wide], context))).code).to.equal(-32005);
  });

  it("eth_newBlockFilter and eth_newPendingTransactionFilter: hashes; eth_getFilterLogs refuses them with \"filter not found\"", async function () {
    const blockFilter = (await call(ethNewBlockFilter, [], context)) as string;
    const pendingFilter = (await call(ethNewPendingTransactionFilter, [], context)) as string;
    const b4 = fakeBlock(4);
    source.chain({ added: [b4] });
    source.pending(`0x${"ab".repeat(32)}`);
    expect(await call(ethGetFilterChanges, [blockFilter], context)).to.deep.equal([b4.hash]);
    expect(await call(ethGetFilterChanges, [pendingFilter], context)).to.deep.equal([`0x${"ab".repeat(32)}`]);
    expect(await failure(call(ethGetFilterLogs, [blockFilter], context))).to.deep.equal({ code: -32000, message: "filter not found" });
  });

  it("eth_uninstallFilter: true, then false; later polls are -32000 \"filter not found\"", async function () {
    const id = (await call(ethNewBlockFilter, [], context)) as string;
    expect(await call(ethUninstallFilter, [id], context)).to.equal(true);
    expect(await call(ethUninstallFilter, [id], context)).to.equal(false);
    expect(await failure(call(ethGetFilterChanges, [id], context))).to.deep.equal({ code: -32000, message: "filter not found" });
    expect(await failure(call(ethGetFilterChanges, ["not-an-id"], context))).to.deep.equal({ code: -32000, message: "filter not found" });
  });

  it("finds a filter by any spelling of its hex id; refuses non-string ids and bad filters with -32602", async function () {
    const id = (await call(ethNewBlockFilter, [], context)) as string;
    const digits = id.slice(2);
    expect(await call(ethGetFilterChanges, [`0X000${digits.toUpperCase()}`], context)).to.deep.equal([]);
    expect(parseFilterId("0x00", "id")).to.equal("0x0");
    expect(parseFilterId("abc", "id")).to.equal("abc");
    expect(await failure(call(ethGetFilterChanges, [12], context))).to.deep.equal({
      code: -32602,
      message: "invalid argument 0 (filter id): expected a filter id (hex string), got the number 12",
    });
    expect((await failure(call(ethGetFilterChanges, [], context))).code).to.equal(-32602);
    expect((await failure(call(ethNewFilter, [{ topics: "x" }], context))).code).to.equal(-32602);
    expect((await failure(call(ethNewBlockFilter, [true], context))).message).to.equal("too many arguments, want at most 0");
  });
});
