import { expect } from "chai";
import { bytesToHex } from "@ethereumjs/util";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../node/chain/dev-chain-spec.js";
import { InvalidBlockError } from "../../../node/execution/block-executor.js";
import type { BuiltBlock } from "../../../node/execution/block-processor.js";
import { balanceAt, memoryNode, transfer } from "../../support/chain-fixture.js";

const spec = devChainSpec();
const [alice, bob, carol, dave, erin, , , , , , proposerA, proposerB, proposerC] = devAccounts();
const ETH = 10n ** 18n;

describe("DAG-ordered execution", function () {
  this.timeout(60_000);

  /** Two producers on different tips (with a double-spend between them), then a block merging both. */
  async function buildForkAndMerge(): Promise<{ x1: BuiltBlock; y1: BuiltBlock; z: BuiltBlock }> {
    const nodeA = await memoryNode(spec);
    const nodeB = await memoryNode(spec);
    const genesis = nodeA.processor.dag.virtualSelectedParent;
    const x1 = await nodeA.processor.buildBlock({
      proposer: proposerA.address,
      timestamp: 1n,
      parents: [genesis],
      transactions: [transfer(spec, alice.privateKey, bob.address, 1n * ETH, 0n)],
    });
    const y1 = await nodeB.processor.buildBlock({
      proposer: proposerB.address,
      timestamp: 1n,
      parents: [genesis],
      transactions: [
        transfer(spec, alice.privateKey, carol.address, 2n * ETH, 0n),
        transfer(spec, dave.privateKey, erin.address, 3n * ETH, 0n),
      ],
    });
    await nodeA.processor.importBlock(x1.header, x1.transactions);
    await nodeA.processor.importBlock(y1.header, y1.transactions);
    const z = await nodeA.processor.buildBlock({ proposer: proposerC.address, timestamp: 2n, transactions: [] });
    expect(z.header.parents).to.have.members([x1.hash, y1.hash]);
    return { x1, y1, z };
  }

  it("gives identical state roots whatever the import order, and accepts a double-spend once", async function () {
    const { x1, y1, z } = await buildForkAndMerge();
    for (const order of [[x1, y1, z], [y1, x1, z]]) {
      const node = await memoryNode(spec);
      for (const block of order) await node.processor.importBlock(block.header, block.transactions);
      const stored = node.processor.block(z.hash);
      expect(stored?.header.stateRoot).to.equal(z.header.stateRoot);
      expect(node.processor.dag.virtualSelectedParent).to.equal(z.hash);

      // The selected parent's spend happened in its own post-state; the merged one is skipped.
      const skipped = stored?.outcome.skipped ?? [];
      expect(skipped).to.have.length(1);
      expect(skipped[0].reason).to.match(/nonce/);
      const selectedParent = node.processor.dag.ghostdagData(z.hash).selectedParent;
      const merged = selectedParent === x1.hash ? y1 : x1;
      expect(skipped[0].includedIn).to.equal(merged.hash);
      expect(skipped[0].hash).to.equal(bytesToHex(merged.transactions[0].hash()));

      const root = z.header.stateRoot;
      const bobGot = (await balanceAt(node.executor, root, bob.address)) - 10_000n * ETH;
      const carolGot = (await balanceAt(node.executor, root, carol.address)) - 10_000n * ETH;
      expect([bobGot, carolGot]).to.deep.equal(selectedParent === x1.hash ? [1n * ETH, 0n] : [0n, 2n * ETH]);
      expect(await balanceAt(node.executor, root, erin.address)).to.equal(10_003n * ETH);
    }
  });

  it("pays each accepted blue block's reward, 10% to the treasury, and priority fees to the including proposer", async function () {
    const { x1, y1, z } = await buildForkAndMerge();
    const node = await memoryNode(spec);
    for (const block of [x1, y1, z]) await node.processor.importBlock(block.header, block.transactions);
    const root = z.header.stateRoot;
    const proposerBalance = async (address: `0x${string}`) => (await balanceAt(node.executor, root, address)) - 10_000n * ETH;
    const treasury = await balanceAt(node.executor, root, spec.rewards.treasury);
    expect(treasury).to.equal(3n * ETH); // three blue blocks accepted on the chain: x1, y1, z
    expect(await proposerBalance(proposerC.address)).to.equal(9n * ETH); // z: no transactions
    const tip = 10n ** 9n * 21_000n; // priority fee of one transfer
    const xSpent = node.processor.dag.ghostdagData(z.hash).selectedParent === x1.hash;
    // The double-spend in the merged block was skipped: its proposer earns no tip for it.
    expect(await proposerBalance(proposerA.address)).to.equal(9n * ETH + (xSpent ? tip : 0n));
    expect(await proposerBalance(proposerB.address)).to.equal(9n * ETH + tip * (xSpent ? 1n : 2n));
  });

  it("refuses a block whose header does not commit to its post-state, leaving the DAG as it was", async function () {
    const { x1, y1, z } = await buildForkAndMerge();
    const node = await memoryNode(spec);
    await node.processor.importBlock(x1.header, x1.transactions);
    await node.processor.importBlock(y1.header, y1.transactions);
    const before = node.processor.dag.blockCount;
    const forged = { ...z.header, stateRoot: x1.header.stateRoot };
    try {
      await node.processor.importBlock(forged, z.transactions);
      expect.fail("a forged block was imported");
    } catch (error) {
      expect(error).to.be.instanceOf(InvalidBlockError);
      expect((error as Error).message).to.match(/stateRoot/);
    }
    expect(node.processor.dag.blockCount).to.equal(before);
    await node.processor.importBlock(z.header, z.transactions);
    expect(node.processor.dag.virtualSelectedParent).to.equal(z.hash);
  });

  it("drops a producer's invalid transactions from the block it builds, and an importer rejects a block that keeps one", async function () {
    const node = await memoryNode(spec);
    const good = transfer(spec, alice.privateKey, bob.address, ETH, 0n);
    const replay = transfer(spec, alice.privateKey, carol.address, ETH, 0n);
    const built = await node.processor.buildBlock({ proposer: proposerA.address, timestamp: 1n, transactions: [good, replay] });
    expect(built.transactions).to.deep.equal([good]);
    expect(built.dropped.map((d) => d.hash)).to.deep.equal([bytesToHex(replay.hash())]);

    const other = await memoryNode(spec);
    try {
      await other.processor.importBlock(built.header, [good, replay]);
      expect.fail("a block with an invalid own transaction was imported");
    } catch (error) {
      expect(error).to.be.instanceOf(InvalidBlockError);
    }
    await other.processor.importBlock(built.header, built.transactions);
  });
});
