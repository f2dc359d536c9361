// Child process for the rewind crash test: imports a random DAG into a LevelDB DAG store, says
// "rewinding", rewinds it to the tips it had after KEEP blocks, and says "rewound", unless the
// parent kills it first. Usage: DIR SEED BLOCKS KEEP
import { BlockDag } from "../../node/consensus/block-dag.js";
import { createDagStores } from "../../node/consensus/stores/dag-stores.js";
import { LevelDagStore } from "../../node/storage/level-dag-store.js";
import { randomDag } from "./random-dag.js";

const [dir, seed, count, keep] = process.argv.slice(2);
const blocks = randomDag(Number(seed), { blocks: Number(count), maxDelay: 15, maxParents: 10 });
const params = { k: 18, maxParents: 10, genesis: blocks[0].hash };
const prefix = new BlockDag(params, createDagStores());
for (const block of blocks.slice(1, Number(keep))) prefix.addBlock(block.hash, block.parents);
const store = await LevelDagStore.open(dir, params);
for (const block of blocks.slice(1)) await store.addBlock(block.hash, block.parents);
await store.flush();
process.stdout.write("rewinding\n");
await store.rewind(prefix.tips());
process.stdout.write("rewound\n");
await store.close();
