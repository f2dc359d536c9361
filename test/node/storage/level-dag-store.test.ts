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
import { pastAndTips, rewoundDag } from "../../../node/storage/dag-rewind.js";
import { DagStoreFailedError, LevelDagStore } from "../../../node/storage/level-dag-store.js";
import { ClassicLevel } from "classic-level";
import { onLines } from "../../support/child-lines.js";
import { randomDag, type RandomDagBlock } from "../../support/random-dag.js";

const childScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../support/import-dag-child.ts");
const rewindChildScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../support/rewind-dag-child.ts");
const params = (blocks: readonly RandomDagBlock[]) => ({ k: 18, maxParents: 10, genesis: blocks[0].hash });

function memoryDag(blocks: readonly RandomDagBlock[]): BlockDag {
  const dag = new BlockDag(params(blocks), createDagStores());
  for (const block of blocks.slice(1)) dag.addBlock(block.hash, block.parents);
  return dag;
}

/**
 * The stored DAG holds exactly `blocks` and agrees with a memory replay of them in every view.
 * `childrenAsSets`: a rewound DAG was replayed in another (topological) order, so each block's
 * children may be listed in another order.
 */
function expectSameDag(actual: BlockDag, blocks: readonly RandomDagBlock[], childrenAsSets = false): void {
  const expected = memoryDag(blocks);
  expect(actual.blockCount).to.equal(blocks.length);
  for (const { hash } of blocks) {
    expect(actual.ghostdagData(hash)).to.deep.equal(expected.ghostdagData(hash));
    if (childrenAsSets) expect(new Set(actual.children(hash))).to.deep.equal(new Set(expected.children(hash)));
    else expect(actual.children(hash)).to.deep.equal(expected.children(hash));
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

describe("rewinding a DAG to earlier tips (evm_revert)", function () {
  it("in memory: past(tips) ∪ tips comes out in topological order and replays to the DAG those tips had", function () {
    const blocks = randomDag(21, { blocks: 800, maxDelay: 20, maxParents: 10 });
    const full = memoryDag(blocks);
    const prefix = memoryDag(blocks.slice(0, 300));
    const kept = pastAndTips(full, prefix.tips());
    expect(new Set(kept)).to.deep.equal(new Set(blocks.slice(0, 300).map((b) => b.hash)));
    const position = new Map(kept.map((hash, i) => [hash, i]));
    for (const hash of kept) for (const parent of full.parents(hash)) expect(position.get(parent)).to.be.below(position.get(hash) as number);
    expectSameDag(rewoundDag(full, prefix.tips()), blocks.slice(0, 300), true);
    expect(full.blockCount).to.equal(800); // the source DAG is untouched
    // Rewinding to the current tips keeps everything.
    expectSameDag(rewoundDag(full, full.tips()), blocks, true);
  });

  it("refuses tips the DAG does not hold", function () {
    const blocks = randomDag(22, { blocks: 20, maxDelay: 3, maxParents: 10 });
    expect(() => rewoundDag(memoryDag(blocks), [hashFromId("never-seen")])).to.throw(ConsensusError, /does not hold/);
  });

  it("on LevelDB: rewinds, carries on from there, and reopens as rewound", async function () {
    const dir = mkdtempSync(path.join(tmpdir(), "citrate-dag-"));
    try {
      const blocks = randomDag(23, { blocks: 1200, maxDelay: 20, maxParents: 10 });
      const prefix = memoryDag(blocks.slice(0, 500));
      let store = await LevelDagStore.open(dir, params(blocks));
      for (const block of blocks.slice(1)) await store.addBlock(block.hash, block.parents);
      await store.rewind(prefix.tips());
      expectSameDag(store.dag, blocks.slice(0, 500), true);
      await store.close();

      store = await LevelDagStore.open(dir, params(blocks));
      expectSameDag(store.dag, blocks.slice(0, 500), true);
      for (const block of blocks.slice(500, 900)) await store.addBlock(block.hash, block.parents);
      await store.rewind(memoryDag(blocks.slice(0, 700)).tips());
      for (const block of blocks.slice(700)) await store.addBlock(block.hash, block.parents);
      await store.close();

      store = await LevelDagStore.open(dir, params(blocks));
      expectSameDag(store.dag, blocks, true);
      await expectRejection(store.rewind([hashFromId("never-seen")]), "MissingBlock");
      expectSameDag(store.dag, blocks, true); // a refused rewind changes nothing
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a process killed with SIGKILL mid-rewind reopens either as it was or as rewound, never a mix", async function () {
    const seed = 24;
    const total = 2000;
    const keep = 700;
    const blocks = randomDag(seed, { blocks: total, maxDelay: 15, maxParents: 10 });
    for (const delayMs of [0, 40, 150, 400]) {
      const dir = mkdtempSync(path.join(tmpdir(), "citrate-dag-"));
      try {
        await rewindUntilKilled(dir, seed, total, keep, delayMs);
        const store = await LevelDagStore.open(dir, params(blocks));
        const count = store.dag.blockCount;
        expect(count).to.be.oneOf([total, keep]);
        expectSameDag(store.dag, blocks.slice(0, count), true);
        for (const block of blocks.slice(count)) await store.addBlock(block.hash, block.parents);
        expectSameDag(store.dag, blocks, true);
        await store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

/** Runs the rewind child and SIGKILLs it `delayMs` after it starts rewinding (or lets it finish). */
function rewindUntilKilled(dir: string, seed: number, total: number, keep: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", rewindChildScript, dir, String(seed), String(total), String(keep)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    onLines(child.stdout, (line) => {
      if (line === "rewinding") setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL" || code === 0) resolve();
      else reject(new Error(`rewind child failed (code ${code})`));
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
