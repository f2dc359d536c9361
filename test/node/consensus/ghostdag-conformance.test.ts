import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { BlockDag } from "../../../node/consensus/block-dag.js";
import { hashFromId, type BlockHash } from "../../../node/consensus/hash.js";
import { createDagStores } from "../../../node/consensus/stores/dag-stores.js";
import { conformanceDir } from "../../support/shared-data.js";
import { virtualRedBlocks } from "../../support/dag-views.js";

/** kaspad's GHOSTDAG test vector format (consensus/processes/ghostdag tests). */
interface KaspadVector {
  K: number;
  GenesisID: string;
  ExpectedReds?: string[];
  Blocks: {
    ID: string;
    ExpectedScore: number;
    ExpectedSelectedParent: string;
    ExpectedReds: string[];
    ExpectedBlues: string[];
    Parents: string[];
  }[];
}

const root = conformanceDir();
const vectorDir = root === undefined ? undefined : path.join(root, "ghostdag-kaspad");
const files = vectorDir === undefined ? [] : readdirSync(vectorDir).filter((f) => f.endsWith(".json")).sort();

describe("GHOSTDAG: kaspad's test vectors", function () {
  before(function () {
    if (vectorDir === undefined) this.skip();
  });

  it("finds all six vector files", function () {
    expect(files).to.have.length(6);
  });

  for (const file of files) {
    it(`${file}: every block's score, selected parent, ordered blues and reds`, function () {
      const vector = JSON.parse(readFileSync(path.join(vectorDir as string, file), "utf8")) as KaspadVector;
      const ids = new Map<BlockHash, string>([[hashFromId(vector.GenesisID), vector.GenesisID]]);
      const dag = new BlockDag({ k: vector.K, genesis: hashFromId(vector.GenesisID) }, createDagStores());
      const idOf = (hash: BlockHash) => ids.get(hash);

      for (const block of vector.Blocks) {
        const hash = hashFromId(block.ID);
        ids.set(hash, block.ID);
        const { ghostdag } = dag.addBlock(hash, block.Parents.map(hashFromId));
        const where = `${file} block ${block.ID}`;
        expect(ghostdag.blueScore, `${where} blue score`).to.equal(block.ExpectedScore);
        expect(idOf(ghostdag.selectedParent as BlockHash), `${where} selected parent`).to.equal(block.ExpectedSelectedParent);
        expect(ghostdag.mergeSetBlues.map(idOf), `${where} blues`).to.deep.equal(block.ExpectedBlues);
        expect(ghostdag.mergeSetReds.map(idOf), `${where} reds`).to.deep.equal(block.ExpectedReds);
      }

      if (vector.ExpectedReds !== undefined) {
        const reds = virtualRedBlocks(dag).map(idOf);
        expect([...reds].sort(), `${file} reds seen from the virtual`).to.deep.equal([...vector.ExpectedReds].sort());
      }
    });
  }
});
