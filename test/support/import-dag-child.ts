// Child process for the crash test: imports a random DAG into a LevelDB DAG store, reporting each
// committed block on stdout, until the parent kills it. Usage: DIR SEED BLOCKS
import { LevelDagStore } from "../../node/storage/level-dag-store.js";
import { randomDag } from "./random-dag.js";

const [dir, seed, count] = process.argv.slice(2);
const blocks = randomDag(Number(seed), { blocks: Number(count), maxDelay: 15, maxParents: 10 });
const store = await LevelDagStore.open(dir, { k: 18, maxParents: 10, genesis: blocks[0].hash });
for (const block of blocks.slice(store.dag.blockCount)) {
  await store.addBlock(block.hash, block.parents);
  // Report only what is known to be on disk; batches stay in flight between reports.
  if (store.dag.blockCount % 50 === 0) {
    await store.flush();
    process.stdout.write(`${store.dag.blockCount}\n`);
  }
}
await store.close();
