import { expect } from "chai";
import fc from "fast-check";
import { BlockDag } from "../../../node/consensus/block-dag.js";
import { compareByBlueWork } from "../../../node/consensus/ghostdag/sortable-block.js";
import type { BlockHash } from "../../../node/consensus/hash.js";
import { createDagStores } from "../../../node/consensus/stores/dag-stores.js";
import { naivePast } from "../../support/dag-views.js";
import { randomDag, type RandomDagBlock } from "../../support/random-dag.js";

/** Builds a random DAG block by block, checking the selected chain after every block. */
function buildChecked(seed: number, k: number, blocks: number, maxDelay: number): { dag: BlockDag; rest: RandomDagBlock[] } {
  const [genesis, ...rest] = randomDag(seed, { blocks, maxDelay, maxParents: 10 });
  const dag = new BlockDag({ k, maxParents: 10, genesis: genesis.hash }, createDagStores());
  for (const block of rest) {
    dag.addBlock(block.hash, block.parents);
    expectChainIsVirtualSelectedChain(dag);
  }
  return { dag, rest };
}

function expectChainIsVirtualSelectedChain(dag: BlockDag): void {
  const heaviest = dag
    .tips()
    .map((hash) => ({ hash, work: dag.ghostdagData(hash).blueWork }))
    .reduce((a, b) => (compareByBlueWork(a.work, a.hash, b.work, b.hash) >= 0 ? a : b));
  expect(dag.virtualSelectedParent).to.equal(heaviest.hash);
  let hash: BlockHash | null = dag.virtualSelectedParent;
  for (let index = dag.selectedChainLength - 1; index >= 0; index--) {
    expect(dag.selectedChainBlock(index)).to.equal(hash);
    hash = dag.ghostdagData(hash as BlockHash).selectedParent;
  }
  expect(hash).to.equal(null);
}

/** The blue set of `hash`: the blues of its past, gathered along its selected chain. */
function blueSet(dag: BlockDag, hash: BlockHash): Set<BlockHash> {
  const blues = new Set<BlockHash>();
  let data = dag.ghostdagData(hash);
  for (;;) {
    for (const blue of data.mergeSetBlues) blues.add(blue);
    if (data.selectedParent === null) return blues;
    data = dag.ghostdagData(data.selectedParent);
  }
}

const dagShapes = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  k: fc.integer({ min: 0, max: 8 }),
  blocks: fc.integer({ min: 2, max: 70 }),
  maxDelay: fc.integer({ min: 0, max: 12 }),
});

describe("GHOSTDAG: properties on random DAGs", function () {
  it("every block's blue set is a k-cluster and its blue score counts it", function () {
    fc.assert(
      fc.property(dagShapes, ({ seed, k, blocks, maxDelay }) => {
        const { dag, rest } = buildChecked(seed, k, blocks, maxDelay);
        const pasts = new Map<BlockHash, Set<BlockHash>>();
        const past = (hash: BlockHash): Set<BlockHash> => {
          let set = pasts.get(hash);
          if (set === undefined) pasts.set(hash, (set = naivePast(dag, hash)));
          return set;
        };
        for (const { hash } of rest) {
          const blues = [...blueSet(dag, hash)];
          expect(dag.ghostdagData(hash).blueScore, `blue score of ${hash}`).to.equal(blues.length);
          for (const blue of blues) {
            const anticone = blues.filter((other) => other !== blue && !past(blue).has(other) && !past(other).has(blue));
            expect(anticone.length, `blue anticone of ${blue} in the blue set of ${hash}`).to.be.at.most(k);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("the mergeset is past(B) minus past(selected parent), with at most k+1 blues", function () {
    fc.assert(
      fc.property(dagShapes, ({ seed, k, blocks, maxDelay }) => {
        const { dag, rest } = buildChecked(seed, k, blocks, maxDelay);
        for (const { hash } of rest) {
          const data = dag.ghostdagData(hash);
          const selectedParent = data.selectedParent as BlockHash;
          const expected = [...naivePast(dag, hash)].filter((b) => !naivePast(dag, selectedParent).has(b));
          const merged = [...data.mergeSetBlues, ...data.mergeSetReds];
          expect(new Set(merged)).to.deep.equal(new Set(expected));
          expect(merged).to.have.length(expected.length);
          expect(data.mergeSetBlues[0]).to.equal(selectedParent);
          expect(data.mergeSetBlues.length).to.be.at.most(k + 1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("blue score strictly grows along every selected chain, and the selected parent is the heaviest parent", function () {
    fc.assert(
      fc.property(dagShapes, ({ seed, k, blocks, maxDelay }) => {
        const { dag, rest } = buildChecked(seed, k, blocks, maxDelay);
        for (const { hash, parents } of rest) {
          const data = dag.ghostdagData(hash);
          const parentData = dag.ghostdagData(data.selectedParent as BlockHash);
          expect(data.blueScore).to.be.greaterThan(parentData.blueScore);
          expect(data.blueWork).to.be.greaterThan(parentData.blueWork);
          for (const parent of parents) {
            const work = dag.ghostdagData(parent).blueWork;
            expect(compareByBlueWork(work, parent, parentData.blueWork, data.selectedParent as BlockHash)).to.be.at.most(0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("answers ancestry exactly as a walk of the DAG does", function () {
    const blocks = randomDag(7, { blocks: 400, maxDelay: 20, maxParents: 10 });
    const dag = new BlockDag({ k: 18, genesis: blocks[0].hash }, createDagStores());
    for (const block of blocks.slice(1)) dag.addBlock(block.hash, block.parents);
    for (const { hash } of blocks.filter((_, i) => i % 7 === 0)) {
      const past = naivePast(dag, hash);
      for (const { hash: other } of blocks) {
        expect(dag.isDagAncestorOf(other, hash), `${other} ancestor of ${hash}`).to.equal(past.has(other) || other === hash);
      }
    }
  });
});
