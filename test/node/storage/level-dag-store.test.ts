import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BlockDag } from "../../../node/consensus/block-dag.js";
import { ConsensusError } from "../../../node/consensus/consensus-error.js";
import { hashFromId } from "../../../node/consensus/hash.js";
import { createDagStores } from "../../../node/consensus/stores/dag-stores.js";
import { DagStoreFailedError, LevelDagStore } from "../../../node/storage/level-dag-store.js";
import { ClassicLevel } from "classic-level";
import { onLines } from "../../support/child-lines.js";
import { randomDag, type RandomDagBlock } from "../../support/random-dag.js";

const childScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../support/import-dag-child.ts");
const params = (blocks: readonly RandomDagBlock[]) => ({ k: 18, maxParents: 10, genesis: blocks[0].hash });

function memoryDag(blocks: readonly RandomDagBlock[]): BlockDag {
  const dag = new BlockDag(params(blocks), createDagStores());
  for (const block of blocks.slice(1)) dag.addBlock(block.hash, block.parents);
  return dag;
}

/** The stored DAG holds exactly `blocks` and agrees with a memory replay of them in every view. */
function expectSameDag(actual: BlockDag, blocks: readonly RandomDagBlock[]): void {
  const expected = memoryDag(blocks);
  expect(actual.blockCount).to.equal(blocks.length);
  for (const { hash } of blocks) {
    expect(actual.ghostdagData(hash)).to.deep.equal(expected.ghostdagData(hash));
    expect(actual.children(hash)).to.deep.equal(expected.children(hash));
  }
  expect(new Set(actual.tips())).to.deep.equal(new Set(expected.tips()));
  expect(actual.virtualSelectedParent).to.equal(expected.virtualSelectedParent);
  expect(actual.selectedChainLength).to.equal(expected.selectedChainLength);
  for (let i = 0; i < expected.selectedChainLength; i++) {
    expect(actual.selectedChainBlock(i)).to.equal(expected.selectedChainBlock(i));
  }
  for (let i = 0; i < blocks.length; i += 13) {
    for (let j = 0; j < blocks.length; j += 7) {
      expect(actual.isDagAncestorOf(blocks[i].hash, blocks[j].hash)).to.equal(
        expected.isDagAncestorOf(blocks[i].hash, blocks[j].hash),
      );
    }
  }
}

describe("LevelDagStore", function () {
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), "citrate-dag-"));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reopens where it stopped and carries on as if it never closed", async function () {
    const blocks = randomDag(11, { blocks: 1500, maxDelay: 25, maxParents: 10 });
    let store = await LevelDagStore.open(dir, params(blocks));
    for (const block of blocks.slice(1, 900)) await store.addBlock(block.hash, block.parents);
    await store.close();

    store = await LevelDagStore.open(dir, params(blocks));
    expectSameDag(store.dag, blocks.slice(0, 900));
    for (const block of blocks.slice(900)) await store.addBlock(block.hash, block.parents);
    await store.close();

    store = await LevelDagStore.open(dir, params(blocks));
    expectSameDag(store.dag, blocks);
    await store.close();
  });

  it("refuses a bad block without writing anything, and refuses other consensus parameters", async function () {
    const blocks = randomDag(12, { blocks: 50, maxDelay: 3, maxParents: 10 });
    const store = await LevelDagStore.open(dir, params(blocks));
    for (const block of blocks.slice(1, 40)) await store.addBlock(block.hash, block.parents);
    const stranger = hashFromId("never-seen");
    await expectRejection(store.addBlock(hashFromId("orphan"), [stranger]), "MissingParents");
    await expectRejection(store.addBlock(blocks[5].hash, blocks[5].parents), "DuplicateBlock");
    for (const block of blocks.slice(40)) await store.addBlock(block.hash, block.parents);
    await store.close();

    await expectRejection(LevelDagStore.open(dir, { ...params(blocks), k: 7 }), "ParamsMismatch");
    await expectRejection(LevelDagStore.open(dir, { ...params(blocks), genesis: stranger }), "GenesisMismatch");
    const reopened = await LevelDagStore.open(dir, params(blocks));
    expectSameDag(reopened.dag, blocks);
    await reopened.close();
  });

  it("survives a process killed with SIGKILL in the middle of an import", async function () {
    const seed = 13;
    const total = 3000;
    const blocks = randomDag(seed, { blocks: total, maxDelay: 15, maxParents: 10 });
    const reported = await importUntilKilled(dir, seed, total, 700);
    expect(reported).to.be.at.least(700).and.below(total);

    const store = await LevelDagStore.open(dir, params(blocks));
    const stored = store.dag.blockCount;
    // Every reported block was flushed; later ones may have landed too, always as a prefix.
    expect(stored).to.be.within(reported, total - 1);
    expectSameDag(store.dag, blocks.slice(0, stored));
    for (const block of blocks.slice(stored)) await store.addBlock(block.hash, block.parents);
    expectSameDag(store.dag, blocks);
    await store.close();
  });
});

async function expectRejection(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ConsensusError);
    expect((error as ConsensusError).code).to.equal(code);
    return;
  }
  expect.fail(`expected a ${code} rejection`);
}

/** Runs the import child and SIGKILLs it once it has reported `killAfter` blocks; returns the last count it reported. */
function importUntilKilled(dir: string, seed: number, total: number, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", childScript, dir, String(seed), String(total)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let lastReported = 0;
    onLines(child.stdout, (line) => {
      lastReported = Number(line);
      if (lastReported >= killAfter && child.exitCode === null) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`import child ended on its own (code ${code}) before it was killed`));
      else resolve(lastReported);
    });
  });
}

describe("LevelDagStore on a damaged database", function () {
  it("refuses to open when reachability data refers to blocks that were never stored", async function () {
    const dir = mkdtempSync(path.join(tmpdir(), "citrate-dag-"));
    try {
      const blocks = randomDag(14, { blocks: 30, maxDelay: 3, maxParents: 10 });
      const store = await LevelDagStore.open(dir, params(blocks));
      for (const block of blocks.slice(1)) await store.addBlock(block.hash, block.parents);
      await store.close();
      const db = new ClassicLevel<string, unknown>(dir, { keyEncoding: "utf8", valueEncoding: "json" });
      await db.del(`reachability/${blocks[29].hash}`);
      await db.close();
      try {
        await LevelDagStore.open(dir, params(blocks));
        expect.fail("a damaged database opened");
      } catch (error) {
        expect(error).to.be.instanceOf(DagStoreFailedError);
        expect((error as Error).message).to.match(/corrupt/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
