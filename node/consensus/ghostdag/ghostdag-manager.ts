import type { BlockHash } from "../hash.js";
import type { GhostdagStoreReader } from "../stores/ghostdag-store.js";
import type { RelationsStoreReader } from "../stores/relations-store.js";
import type { GhostdagData } from "./ghostdag-data.js";
import { orderedMergesetWithoutSelectedParent } from "./mergeset.js";
import { compareByBlueWork } from "./sortable-block.js";

/** The one reachability question GHOSTDAG asks: is `ancestor` in the past of `descendant` (or equal)? */
export interface DagAncestryOracle {
  isDagAncestorOf(ancestor: BlockHash, descendant: BlockHash): boolean;
}

/** colourCandidate's verdict for a candidate that must be red. */
const RED = -1;

/** Every Citrate block weighs the same: there is no proof-of-work difficulty to weigh it by. */
export const BLOCK_WORK = 1n;

/**
 * GHOSTDAG as Kaspa specifies it (Sompolinsky, Wyborski, Zohar: "PHANTOM GHOSTDAG: a scalable
 * generalization of Nakamoto consensus", 2021), over store readers and a reachability oracle; it
 * never touches a database.
 *
 * For a new block it picks the selected parent (the parent with the highest blue work, then hash),
 * takes the mergeset (past of the block minus past of the selected parent) in ascending
 * (blueWork, hash) order, and colours each candidate blue only while both k-cluster conditions hold:
 *  1. the candidate's blue anticone (within the new block's blue set) has at most k blocks, and
 *  2. no blue block would end up with more than k blues in its anticone because of the candidate.
 * The mergeset may hold at most k+1 blues (the selected parent included).
 */
export class GhostdagManager {
  // Scratch space of colourCandidate: the blues in the candidate's anticone and their sizes
  // (reused across calls, as coloring runs for every mergeset block).
  private readonly peerHashes: BlockHash[] = [];
  private readonly peerSizes: number[] = [];
  private peerCount = 0;

  constructor(
    readonly k: number,
    private readonly relations: RelationsStoreReader,
    private readonly ghostdag: GhostdagStoreReader,
    private readonly reachability: DagAncestryOracle,
  ) {
    if (!Number.isInteger(k) || k < 0 || k > 255) throw new RangeError(`k must be an integer in [0, 255], got ${k}`);
  }

  /** The parent with the highest (blueWork, hash). */
  findSelectedParent(parents: readonly BlockHash[]): BlockHash {
    let best = parents[0];
    let bestWork = this.ghostdag.getBlueWork(best);
    for (let i = 1; i < parents.length; i++) {
      const work = this.ghostdag.getBlueWork(parents[i]);
      if (compareByBlueWork(work, parents[i], bestWork, best) > 0) {
        best = parents[i];
        bestWork = work;
      }
    }
    return best;
  }

  /** GHOSTDAG data of a new block with these (already stored, non-empty) parents. */
  ghostdagOf(parents: readonly BlockHash[]): GhostdagData {
    if (parents.length === 0) throw new RangeError("only the genesis has no parents");
    const selectedParent = this.findSelectedParent(parents);
    const mergeSetBlues: BlockHash[] = [selectedParent];
    const mergeSetReds: BlockHash[] = [];
    const bluesAnticoneSizes = new Map<BlockHash, number>([[selectedParent, 0]]);
    const building: GhostdagData = {
      blueScore: 0,
      blueWork: 0n,
      selectedParent,
      mergeSetBlues,
      mergeSetReds,
      bluesAnticoneSizes,
    };

    const candidates = orderedMergesetWithoutSelectedParent(
      selectedParent,
      parents,
      this.relations,
      this.ghostdag,
      this.reachability,
    );
    for (const candidate of candidates) {
      const blueAnticoneSize = this.colourCandidate(building, candidate);
      if (blueAnticoneSize === RED) {
        mergeSetReds.push(candidate);
        continue;
      }
      mergeSetBlues.push(candidate);
      bluesAnticoneSizes.set(candidate, blueAnticoneSize);
      for (let i = 0; i < this.peerCount; i++) bluesAnticoneSizes.set(this.peerHashes[i], this.peerSizes[i] + 1);
    }

    const parentData = this.ghostdag.get(selectedParent);
    return {
      ...building,
      blueScore: parentData.blueScore + mergeSetBlues.length,
      blueWork: parentData.blueWork + BLOCK_WORK * BigInt(mergeSetBlues.length),
    };
  }

  /**
   * Decides one candidate against the blues taken so far: RED, or its blue anticone size, with the
   * blues whose anticone it would enter (and their current sizes) left in `peerHashes`/`peerSizes`.
   */
  private colourCandidate(building: GhostdagData, candidate: BlockHash): number {
    if (building.mergeSetBlues.length === this.k + 1) return RED;

    this.peerCount = 0;
    let chainHash: BlockHash | null = null;
    let chainData = building;
    for (;;) {
      // Once the candidate is in the future of a chain block, every blue still unvisited is in
      // the candidate's past, so its anticone cannot grow any further: it is blue.
      if (chainHash !== null && this.reachability.isDagAncestorOf(chainHash, candidate)) return this.peerCount;
      for (const blue of chainData.mergeSetBlues) {
        if (this.reachability.isDagAncestorOf(blue, candidate)) continue;
        const peerAnticoneSize = this.blueAnticoneSize(blue, building);
        this.peerHashes[this.peerCount] = blue;
        this.peerSizes[this.peerCount] = peerAnticoneSize;
        this.peerCount++;
        if (this.peerCount > this.k) return RED; // condition 1 would break
        if (peerAnticoneSize === this.k) return RED; // condition 2 would break
        if (peerAnticoneSize > this.k) {
          throw new Error(`GHOSTDAG invariant broken: blue ${blue} has a blue anticone larger than k`);
        }
      }
      const next = chainData.selectedParent;
      if (next === null) throw new Error(`GHOSTDAG invariant broken: the genesis is not in the past of ${candidate}`);
      chainHash = next;
      chainData = this.ghostdag.get(next);
    }
  }

  /** The blue anticone size of `blue` as seen from `context`; `blue` must be in its blue set. */
  private blueAnticoneSize(blue: BlockHash, context: GhostdagData): number {
    let data = context;
    for (;;) {
      const size = data.bluesAnticoneSizes.get(blue);
      if (size !== undefined) return size;
      if (data.selectedParent === null) {
        throw new Error(`GHOSTDAG invariant broken: ${blue} is not in the blue set of the context`);
      }
      data = this.ghostdag.get(data.selectedParent);
    }
  }
}

