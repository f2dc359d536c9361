import { expect } from "chai";
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import { devAccounts } from "../../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../../node/chain/dev-chain-spec.js";
import type { BlockHash } from "../../../../node/consensus/hash.js";
import type { BlockProcessor } from "../../../../node/execution/block-processor.js";
import { RpcError } from "../../../../node/rpc/json-rpc.js";
import type { RpcMethod } from "../../../../node/rpc/method-registry.js";
import {
  citrateDagMethods,
  citrateGetBlock,
  citrateGetDagInfo,
  citrateGetTips,
  colorOf,
  mergingChainBlock,
} from "../../../../node/rpc/methods/citrate/dag.js";
import { dagReaderOf, type CitrateDagContext } from "../../../../node/rpc/methods/citrate/dag-reader.js";
import type { RpcCall } from "../../../../node/rpc/rpc-call.js";
import { memoryNode, transfer } from "../../../support/chain-fixture.js";

const HTTP_CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: (action) => action(), beforeResponse: () => undefined };
const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/;
const HASH = /^0x[0-9a-f]{64}$/;
const [alice, bob, carol, , , , , , , , p1, p2, p3, p4, p5] = devAccounts();
/** k = 1: a mergeset of three parallel blocks has two blues (selected parent included) and one red. */
const spec = { ...devChainSpec(), k: 1 };

async function call(method: RpcMethod<CitrateDagContext>, params: unknown[], context: CitrateDagContext): Promise<unknown> {
  return method.invoke(params, context, HTTP_CALL);
}

type DagBlockJson = {
  hash: BlockHash;
  number: string;
  parents: BlockHash[];
  selectedParent: BlockHash | null;
  blueScore: string;
  blueWork: string;
  color: string;
  isChainBlock: boolean;
  mergeSetBlues: BlockHash[];
  mergeSetReds: BlockHash[];
  acceptedBlocks: BlockHash[] | null;
  acceptedTransactions: string[];
  skippedTransactions: Array<{ hash: string; includedIn: string; reason: string }>;
  proposer: string;
  timestamp: string;
  stateRoot: string;
};

describe("rpc: citrate_ DAG methods", function () {
  this.timeout(60_000);
  let processor: BlockProcessor;
  let context: CitrateDagContext;
  let timestamp = 0n;

  /** Builds and imports a block on `parents` (a fresh timestamp, so no two blocks share a hash). */
  async function block(parents: BlockHash[], proposer: `0x${string}`, transactions: TypedTransaction[] = []): Promise<BlockHash> {
    timestamp += 1n;
    const built = await processor.buildBlock({ proposer, timestamp, parents, transactions });
    await processor.importBuiltBlock(built);
    return built.hash;
  }

  async function getBlock(hash: BlockHash): Promise<DagBlockJson> {
    return (await call(citrateGetBlock, [hash], context)) as DagBlockJson;
  }

  beforeEach(async function () {
    ({ processor } = await memoryNode(spec));
    context = { dagReader: dagReaderOf(processor) };
    timestamp = 0n;
  });

  it("are citrate_getDagInfo, citrate_getTips and citrate_getBlock", function () {
    expect(citrateDagMethods.map((method) => method.name)).to.deep.equal(["citrate_getDagInfo", "citrate_getTips", "citrate_getBlock"]);
  });

  it("describe a fork, its merge (blue and red), the chain, and a tip not yet merged", async function () {
    const genesis = processor.dag.virtualSelectedParent;
    const spendToBob = transfer(spec, alice.privateKey, bob.address, 1n, 0n);
    const spendToCarol = transfer(spec, alice.privateKey, carol.address, 2n, 0n);
    const a = await block([genesis], p1.address, [spendToBob]);
    const b = await block([genesis], p2.address, [spendToCarol]);
    const c = await block([genesis], p3.address);
    const d = await block([a, b, c], p4.address);
    const e = await block([d], p5.address);
    const f = await block([d], p1.address);
    const dag = processor.dag;
    const tip = dag.virtualSelectedParent;
    const other = tip === e ? f : e;
    const dData = dag.ghostdagData(d);
    expect(dData.mergeSetBlues).to.have.length(2);
    expect(dData.mergeSetReds).to.have.length(1);
    const [sp, blue] = dData.mergeSetBlues as [BlockHash, BlockHash];
    const red = dData.mergeSetReds[0] as BlockHash;

    const info = (await call(citrateGetDagInfo, [], context)) as Record<string, unknown>;
    expect(info).to.deep.equal({
      tips: [tip, other],
      virtualSelectedParent: tip,
      virtualBlueScore: `0x${dag.virtualGhostdagData().blueScore.toString(16)}`,
      blockCount: "0x7",
      chainLength: "0x4",
      k: 1,
      maxParents: 10,
    });
    expect(await call(citrateGetTips, [], context)).to.deep.equal([tip, other]);

    const merge = await getBlock(d);
    expect(merge).to.deep.include({
      hash: d,
      number: "0x2",
      selectedParent: sp,
      blueScore: "0x3",
      blueWork: "0x3",
      color: "blue",
      isChainBlock: true,
      mergeSetBlues: [sp, blue],
      mergeSetReds: [red],
      acceptedBlocks: dag.acceptedBlocks(d),
      proposer: p4.address.toLowerCase(),
      timestamp: "0x4",
      stateRoot: processor.block(d)?.header.stateRoot,
    });
    expect(merge.parents).to.have.members([a, b, c]);
    // D accepted the transactions of the blocks it merged, except Alice's second nonce-0 spend.
    const stored = processor.block(d);
    expect(merge.acceptedTransactions).to.deep.equal(stored?.outcome.executed.map((x) => bytesToHex(x.transaction.hash())));
    const spAccepted = sp === a ? spendToBob : sp === b ? spendToCarol : undefined;
    const doubleSpend = sp === a ? spendToCarol : spendToBob;
    if (spAccepted !== undefined) {
      // The selected parent spent nonce 0 in its own post-state: the merged spend is skipped.
      expect(merge.acceptedTransactions).to.deep.equal([]);
      expect(merge.skippedTransactions).to.have.length(1);
      const skipped = merge.skippedTransactions[0];
      expect(skipped?.hash).to.equal(bytesToHex(doubleSpend.hash()));
      expect(skipped?.includedIn).to.equal(sp === a ? b : a);
      expect(skipped?.reason).to.match(/nonce/);
    } else {
      expect(merge.acceptedTransactions).to.have.length(1);
      expect(merge.skippedTransactions).to.have.length(1);
    }

    const colors = { sp: await getBlock(sp), blue: await getBlock(blue), red: await getBlock(red), tip: await getBlock(tip), other: await getBlock(other) };
    expect(colors.sp).to.include({ color: "blue", isChainBlock: true });
    expect(colors.blue).to.include({ color: "blue", isChainBlock: false, acceptedBlocks: null });
    expect(colors.red).to.include({ color: "red", isChainBlock: false, acceptedBlocks: null });
    expect(colors.tip).to.include({ color: "blue", isChainBlock: true });
    expect(colors.other).to.include({ color: "pending", isChainBlock: false, acceptedBlocks: null });
    expect(colors.blue.acceptedTransactions).to.deep.equal(
      processor.block(blue)?.outcome.executed.map((x) => bytesToHex(x.transaction.hash())),
    );

    const first = await getBlock(genesis);
    expect(first).to.deep.include({
      hash: genesis,
      number: "0x0",
      parents: [],
      selectedParent: null,
      blueScore: "0x0",
      blueWork: "0x0",
      color: "blue",
      isChainBlock: true,
      mergeSetBlues: [],
      mergeSetReds: [],
      acceptedBlocks: [genesis],
      acceptedTransactions: [],
      skippedTransactions: [],
    });

    for (const json of [merge, colors.red, colors.other, first]) {
      for (const field of ["number", "blueScore", "blueWork", "timestamp"] as const) expect(json[field]).to.match(QUANTITY);
      for (const hash of [json.hash, json.stateRoot, ...json.parents, ...json.mergeSetBlues, ...json.mergeSetReds]) expect(hash).to.match(HASH);
      expect(json.proposer).to.match(/^0x[0-9a-f]{40}$/);
    }
  });

  it("finds the chain block that merged a block deep in the past (binary search over the chain)", async function () {
    const genesis = processor.dag.virtualSelectedParent;
    const side = await block([genesis], p2.address);
    let head = await block([genesis], p1.address);
    // Make the main branch the chain: it must outweigh `side`.
    if (processor.dag.virtualSelectedParent !== head) head = await block([head], p1.address);
    const mainline: BlockHash[] = [head];
    for (let i = 0; i < 12; i++) mainline.push((head = await block([head], p1.address)));
    expect(colorOf(context.dagReader, side)).to.equal("pending");
    expect(mergingChainBlock(context.dagReader, side)).to.equal(undefined);
    const merger = await block([head, side], p3.address);
    await block([merger], p1.address);
    expect(mergingChainBlock(context.dagReader, side)).to.equal(merger);
    expect(mergingChainBlock(context.dagReader, mainline[3] as BlockHash)).to.equal(mainline[3]);
    // With k = 1, a side block with a long anticone is red.
    expect(colorOf(context.dagReader, side)).to.equal("red");
    expect((await getBlock(side)).color).to.equal("red");
  });

  it("citrate_getBlock: null for an unknown block, -32602 for a malformed hash", async function () {
    expect(await call(citrateGetBlock, [`0x${"12".repeat(32)}`], context)).to.equal(null);
    try {
      await call(citrateGetBlock, ["0x12"], context);
      expect.fail("accepted a short hash");
    } catch (error) {
      expect(error).to.be.instanceOf(RpcError);
      expect((error as RpcError).code).to.equal(-32602);
    }
  });
});
