import { expect } from "chai";
import type { TypedTransaction } from "@ethereumjs/tx";
import { pino } from "pino";
import { devAccounts } from "../../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../../node/chain/dev-chain-spec.js";
import type { BlockHash } from "../../../../node/consensus/hash.js";
import { DevClock } from "../../../../node/dev/dev-clock.js";
import type { BlockProcessor } from "../../../../node/execution/block-processor.js";
import type { StoredBlock } from "../../../../node/execution/block-store.js";
import { BlockProducer, BlockTimestampError } from "../../../../node/producer/block-producer.js";
import { evmIncreaseTime, evmMine, evmSetNextBlockTimestamp, hardhatMine, type DevMiningContext } from "../../../../node/rpc/methods/dev/mining.js";
import type { RpcCall } from "../../../../node/rpc/rpc-call.js";
import { memoryNode, transfer } from "../../../support/chain-fixture.js";
import { failure } from "../../../support/rpc-failure.js";

const CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };
const T0 = 1_800_000_000n;

describe("dev clock", function () {
  it("is the wall clock plus an offset that only grows by increaseTime", function () {
    let wall = T0;
    const clock = new DevClock(() => wall);
    expect(clock.now()).to.equal(T0);
    expect(clock.increaseTime(60n)).to.equal(60n);
    expect(clock.increaseTime(0n)).to.equal(60n);
    wall += 5n;
    expect(clock.now()).to.equal(T0 + 65n);
    expect(() => clock.increaseTime(-1n)).to.throw(RangeError);
  });

  it("hands out a next-block timestamp once, and goes on from a pinned block's timestamp", function () {
    let wall = T0;
    const clock = new DevClock(() => wall);
    clock.setNextTimestamp(T0 + 1000n);
    expect(clock.peekNextTimestamp()).to.equal(T0 + 1000n);
    expect(clock.takeNextTimestamp()).to.equal(T0 + 1000n);
    expect(clock.takeNextTimestamp()).to.equal(undefined);
    clock.pinnedBlockProduced(T0 + 1000n);
    expect(clock.offset).to.equal(1000n);
    wall += 3n;
    expect(clock.now()).to.equal(T0 + 1003n);
    // A pinned timestamp in the past of the wall clock makes the offset negative.
    clock.pinnedBlockProduced(T0 - 10n);
    expect(clock.now()).to.equal(T0 - 10n);
  });
});

describe("rpc dev methods: mining and time (a real producer on an in-memory chain)", function () {
  let wall: bigint;
  let clock: DevClock;
  let processor: BlockProcessor;
  let producer: BlockProducer;
  let context: DevMiningContext;
  let pending: TypedTransaction[];
  const head = (): StoredBlock => processor.block(processor.dag.virtualSelectedParent) as StoredBlock;
  const timestamps = (): bigint[] => {
    const result: bigint[] = [];
    for (let n = 1; n < processor.dag.selectedChainLength; n++) {
      result.push((processor.block(processor.dag.selectedChainBlock(n) as BlockHash) as StoredBlock).header.timestamp);
    }
    return result;
  };

  beforeEach(async function () {
    wall = T0;
    clock = new DevClock(() => wall);
    ({ processor } = await memoryNode(devChainSpec()));
    pending = [];
    producer = new BlockProducer(processor, { selectForBlock: () => pending }, "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e", async () => undefined, pino({ level: "silent" }), clock);
    context = { chain: { head }, clock, producer, maxMineBlocks: 50n };
  });

  it("stamps blocks with the clock, one second after the parent when the clock has not moved on", async function () {
    await producer.produce();
    await producer.produce();
    wall += 10n;
    await producer.produce();
    expect(timestamps()).to.deep.equal([T0, T0 + 1n, T0 + 10n]);
  });

  it("settled() resolves once a requested automine has run; automine never mines an empty block", async function () {
    producer.requestAutomine();
    await producer.settled();
    expect(timestamps()).to.have.length(0); // nothing pending: no block
    const [alice, bob] = devAccounts(2);
    pending = [transfer(devChainSpec(), alice.privateKey, bob.address, 1n, 0n)];
    producer.requestAutomine();
    producer.requestAutomine(); // requests arriving together share one block
    await producer.settled();
    expect(timestamps()).to.have.length(1);
    await producer.settled(); // nothing asked for: resolves at once
    expect(timestamps()).to.have.length(1);
  });

  it("evm_increaseTime returns the total offset as a decimal string; the next blocks are that much later", async function () {
    expect(await evmIncreaseTime.invoke([3600], context, CALL)).to.equal("3600");
    expect(await evmIncreaseTime.invoke(["0x3c"], context, CALL)).to.equal("3660");
    expect(await evmMine.invoke([], context, CALL)).to.equal("0x0");
    wall += 2n;
    await producer.produce();
    expect(timestamps()).to.deep.equal([T0 + 3660n, T0 + 3662n]);
  });

  it("evm_setNextBlockTimestamp stamps the next block, whoever mines it, and time goes on from there", async function () {
    await producer.produce();
    expect(await evmSetNextBlockTimestamp.invoke([Number(T0 + 500n)], context, CALL)).to.equal(String(T0 + 500n));
    await producer.produce(); // e.g. automine
    wall += 7n;
    await producer.produce();
    await producer.produce();
    expect(timestamps()).to.deep.equal([T0, T0 + 500n, T0 + 507n, T0 + 508n]);
    expect(clock.peekNextTimestamp()).to.equal(undefined);
  });

  it("refuses timestamps that are not after the head's with -32000, leaving the clock as it was", async function () {
    await producer.produce();
    for (const bad of [T0, T0 - 1n]) {
      const error = await failure(evmSetNextBlockTimestamp.invoke([`0x${bad.toString(16)}`], context, CALL));
      expect([error.code, error.message]).to.deep.equal([-32000, `timestamp ${bad} is not after the head block's timestamp ${T0}: block timestamps strictly increase`]);
    }
    await evmSetNextBlockTimestamp.invoke([Number(T0 + 100n)], context, CALL);
    const error = await failure(evmMine.invoke([Number(T0)], context, CALL));
    expect([error.code, error.message]).to.deep.equal([-32000, `timestamp ${T0} is not after the head block's timestamp ${T0}: block timestamps strictly increase`]);
    // The refused evm_mine produced nothing and kept the timestamp set for the next block.
    expect(clock.peekNextTimestamp()).to.equal(T0 + 100n);
    await evmMine.invoke([], context, CALL);
    expect(timestamps()).to.deep.equal([T0, T0 + 100n]);
    // The producer refuses such a timestamp from anyone, with its own error.
    expect(await producer.produce(T0).catch((e: unknown) => e)).to.be.instanceOf(BlockTimestampError);
  });

  it("evm_mine(timestamp) mines at exactly that timestamp (0 meaning none) and time goes on from it", async function () {
    await evmMine.invoke([Number(T0 + 86_400n)], context, CALL);
    wall += 1n;
    await evmMine.invoke([0], context, CALL);
    await evmMine.invoke([`0x${(T0 + 90_000n).toString(16)}`], context, CALL);
    expect(timestamps()).to.deep.equal([T0 + 86_400n, T0 + 86_401n, T0 + 90_000n]);
  });

  it("hardhat_mine mines count blocks interval seconds apart, nothing in between, and time goes on from the last", async function () {
    await evmSetNextBlockTimestamp.invoke([Number(T0 + 10n)], context, CALL);
    const mining = hardhatMine.invoke(["0x5", "0x3c"], context, CALL);
    const concurrent = producer.produce(); // automine arriving meanwhile waits for the whole run
    expect(await mining).to.equal(true);
    await concurrent;
    expect(timestamps()).to.deep.equal([T0 + 10n, T0 + 70n, T0 + 130n, T0 + 190n, T0 + 250n, T0 + 250n + 1n]);

    await hardhatMine.invoke([], context, CALL);
    expect(timestamps()).to.have.length(7);
    await hardhatMine.invoke(["0x0"], context, CALL);
    expect(timestamps()).to.have.length(7);
  });

  it("refuses a hardhat_mine over the limit with -32005 before mining anything", async function () {
    const error = await failure(hardhatMine.invoke(["0x33"], context, CALL));
    expect([error.code, error.message]).to.deep.equal([-32005, "cannot mine 51 blocks in one call (limit 50): Citrate produces every block"]);
    expect(timestamps()).to.deep.equal([]);
    await hardhatMine.invoke(["0x32", "0x1"], context, CALL);
    expect(timestamps()).to.have.length(50);
  });
});
