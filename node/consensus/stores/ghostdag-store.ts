import type { BlockHash } from "../hash.js";
import { ConsensusError } from "../consensus-error.js";
import type { GhostdagData } from "../ghostdag/ghostdag-data.js";
import type { PersistableStore, StoreJournal } from "./store-journal.js";

/** Read access to GHOSTDAG's per-block output. */
export interface GhostdagStoreReader {
  has(hash: BlockHash): boolean;
  get(hash: BlockHash): GhostdagData;
  getBlueWork(hash: BlockHash): bigint;
  getBlueScore(hash: BlockHash): number;
}

export interface GhostdagStore extends GhostdagStoreReader {
  insert(hash: BlockHash, data: GhostdagData): void;
}

/** The JSON form of a block's GHOSTDAG data. */
interface GhostdagRecord {
  blueScore: number;
  blueWork: string;
  selectedParent: BlockHash | null;
  mergeSetBlues: BlockHash[];
  mergeSetReds: BlockHash[];
  bluesAnticoneSizes: [BlockHash, number][];
}

export class MemoryGhostdagStore implements GhostdagStore, PersistableStore {
  readonly kind = "ghostdag";
  private readonly data = new Map<BlockHash, GhostdagData>();

  constructor(private readonly journal?: StoreJournal) {}

  has(hash: BlockHash): boolean {
    return this.data.has(hash);
  }

  get(hash: BlockHash): GhostdagData {
    const data = this.data.get(hash);
    if (data === undefined) throw new ConsensusError("MissingBlock", `no GHOSTDAG data for block ${hash}`);
    return data;
  }

  getBlueWork(hash: BlockHash): bigint {
    return this.get(hash).blueWork;
  }

  getBlueScore(hash: BlockHash): number {
    return this.get(hash).blueScore;
  }

  insert(hash: BlockHash, data: GhostdagData): void {
    if (this.data.has(hash)) throw new ConsensusError("DuplicateBlock", `GHOSTDAG data for ${hash} already stored`);
    this.data.set(hash, data);
    this.journal?.recordChanged(this.kind, hash);
  }

  exportRecord(key: string): GhostdagRecord | undefined {
    const data = this.data.get(key as BlockHash);
    if (data === undefined) return undefined;
    return {
      blueScore: data.blueScore,
      blueWork: data.blueWork.toString(),
      selectedParent: data.selectedParent,
      mergeSetBlues: [...data.mergeSetBlues],
      mergeSetReds: [...data.mergeSetReds],
      bluesAnticoneSizes: [...data.bluesAnticoneSizes],
    };
  }

  importRecord(key: string, record: unknown): void {
    const r = record as GhostdagRecord;
    this.data.set(key as BlockHash, {
      blueScore: r.blueScore,
      blueWork: BigInt(r.blueWork),
      selectedParent: r.selectedParent,
      mergeSetBlues: r.mergeSetBlues,
      mergeSetReds: r.mergeSetReds,
      bluesAnticoneSizes: new Map(r.bluesAnticoneSizes),
    });
  }
}
