// GHOSTDAG replay throughput on Kaspa's simulated k=18 DAGs: the reachability-indexed engine in
// memory and on LevelDB, against a naive engine (ancestry by walking the DAG) in the same run.
//   npm run bench:ghostdag [-- --rounds N --naive-seconds S]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { BlockDag } from "../node/consensus/block-dag.js";
import { genesisGhostdagData } from "../node/consensus/ghostdag/ghostdag-data.js";
import { GhostdagManager } from "../node/consensus/ghostdag/ghostdag-manager.js";
import type { BlockHash } from "../node/consensus/hash.js";
import { parseDagFile } from "../node/consensus/replay/dag-file.js";
import { hashIds } from "../node/consensus/replay/replay-dag.js";
import { createDagStores } from "../node/consensus/stores/dag-stores.js";
import { LevelDagStore } from "../node/storage/level-dag-store.js";
import { benchDataDir } from "../test/support/shared-data.js";
import { NaiveAncestry } from "./naive-ancestry.js";

const K = 18;
const TARGET_MEMORY = 50_000;
const TARGET_LEVELDB = 10_000;

const { values: options } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, "naive-seconds": { type: "string", default: "8" } },
});
const rounds = Number(options.rounds);
const naiveSeconds = Number(options["naive-seconds"]);

interface Block {
  hash: BlockHash;
  parents: BlockHash[];
}

function loadDag(file: string): Block[] {
  const blocks = parseDagFile(gunzipSync(readFileSync(file)).toString("utf8"));
  const hashes = hashIds(blocks);
  return blocks.map((b) => ({ hash: hashes.get(b.id) as BlockHash, parents: b.parents.map((p) => hashes.get(p) as BlockHash) }));
}

function replayInMemory(blocks: Block[]): { seconds: number; dag: BlockDag } {
  const start = process.hrtime.bigint();
  const dag = new BlockDag({ k: K, genesis: blocks[0].hash }, createDagStores());
  for (let i = 1; i < blocks.length; i++) dag.addBlock(blocks[i].hash, blocks[i].parents);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, dag };
}

async function replayOnLevelDb(blocks: Block[]): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "citrate-bench-"));
  try {
    const start = process.hrtime.bigint();
    const store = await LevelDagStore.open(dir, { k: K, genesis: blocks[0].hash });
    for (let i = 1; i < blocks.length; i++) await store.addBlock(blocks[i].hash, blocks[i].parents);
    await store.close();
    return Number(process.hrtime.bigint() - start) / 1e9;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The naive engine for up to `naiveSeconds`; checks it agrees with the indexed one on every block. */
function replayNaive(blocks: Block[], reference: BlockDag): { blocks: number; seconds: number } {
  const stores = createDagStores();
  const manager = new GhostdagManager(K, stores.relations, stores.ghostdag, new NaiveAncestry(stores.relations, stores.ghostdag));
  stores.relations.insert(blocks[0].hash, []);
  stores.ghostdag.insert(blocks[0].hash, genesisGhostdagData());
  const start = process.hrtime.bigint();
  let seconds = 0;
  let i = 1;
  for (; i < blocks.length && seconds < naiveSeconds; i++) {
    const data = manager.ghostdagOf(blocks[i].parents);
    stores.relations.insert(blocks[i].hash, blocks[i].parents);
    stores.ghostdag.insert(blocks[i].hash, data);
    if ((i & 63) === 0) seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (let j = 1; j < i; j++) {
    const expected = reference.ghostdagData(blocks[j].hash);
    const actual = stores.ghostdag.get(blocks[j].hash);
    if (actual.blueScore !== expected.blueScore || actual.mergeSetReds.join() !== expected.mergeSetReds.join()) {
      throw new Error(`naive and indexed GHOSTDAG disagree at block ${j}`);
    }
  }
  return { blocks: i - 1, seconds };
}

const dataDir = benchDataDir();
if (dataDir === undefined) {
  console.log("bench-data not found: nothing to measure");
  process.exit(0);
}
const dagDir = path.join(dataDir, "kaspa-dags");
const files = readdirSync(dagDir).filter((f) => f.endsWith(".json.gz")).sort();
const rows: Record<string, string | number>[] = [];
let failed = false;
for (const file of files) {
  const blocks = loadDag(path.join(dagDir, file));
  const name = file.replace(".json.gz", "");
  process.stderr.write(`${name}: ${blocks.length} blocks, ${rounds} rounds...\n`);
  let reference = replayInMemory(blocks);
  let memorySeconds = reference.seconds;
  let levelSeconds = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    reference = replayInMemory(blocks);
    memorySeconds = Math.min(memorySeconds, reference.seconds);
    levelSeconds = Math.min(levelSeconds, await replayOnLevelDb(blocks));
  }
  const naive = replayNaive(blocks, reference.dag);
  const memoryRate = (blocks.length - 1) / memorySeconds;
  const levelRate = (blocks.length - 1) / levelSeconds;
  const naiveRate = naive.blocks / naive.seconds;
  const gated = name === "attack-2e14-k18";
  if (gated && (memoryRate < TARGET_MEMORY || levelRate < TARGET_LEVELDB)) failed = true;
  rows.push({
    dag: name,
    blocks: blocks.length,
    "memory blocks/s": Math.round(memoryRate),
    "leveldb blocks/s": Math.round(levelRate),
    "naive blocks/s": Math.round(naiveRate),
    "naive blocks run": naive.blocks,
    "memory / naive": `${(memoryRate / naiveRate).toFixed(1)}x`,
    target: gated ? `>=${TARGET_MEMORY} mem, >=${TARGET_LEVELDB} leveldb: ${failed ? "MISSED" : "met"}` : "",
  });
}
console.table(rows);
process.exitCode = failed ? 1 : 0;
