/**
 * The embedded IPFS store: Helia without libp2p (`createHeliaLight` dials nothing and fetches nothing;
 * a missing block fails at once), blocks and pins on disk under one directory the node gives
 * (`<datadir>/ipfs`): `blocks/` (FsBlockstore) and `datastore/` (FsDatastore, where Helia keeps pins).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { unixfs, type UnixFS } from "@helia/unixfs";
import { importByteStream, importBytes } from "ipfs-unixfs-importer";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight, type Helia } from "helia";
import type { CID } from "multiformats/cid";
import { KUBO_V1, unixfsAddOptions } from "./cid-options.js";
import {
  ArtifactNotFoundError,
  NotPinnedError,
  type AbortOptions,
  type AddArtifactOptions,
  type AddedArtifact,
  type ArtifactBackend,
  type ArtifactContent,
  type ArtifactHolding,
  type CatOptions,
  type PinnedArtifact,
} from "./artifact-backend.js";

/** Reads and walks never leave the local store. */
const OFFLINE = { offline: true } as const;

export class HeliaBackend implements ArtifactBackend {
  readonly name: string;
  private readonly fs: UnixFS;

  private constructor(
    private readonly helia: Helia,
    private readonly blockstore: FsBlockstore,
    private readonly datastore: FsDatastore,
    dir: string,
  ) {
    this.name = `helia:${dir}`;
    this.fs = unixfs(helia);
  }

  /** Opens (creating if needed) the store under `dir`. */
  static async open(dir: string): Promise<HeliaBackend> {
    mkdirSync(dir, { recursive: true });
    const blockstore = new FsBlockstore(path.join(dir, "blocks"));
    const datastore = new FsDatastore(path.join(dir, "datastore"));
    await blockstore.open();
    await datastore.open();
    const helia = createHeliaLight({ blockstore, datastore });
    await helia.start();
    return new HeliaBackend(helia, blockstore, datastore, dir);
  }

  async add(content: ArtifactContent, options: AddArtifactOptions = {}): Promise<AddedArtifact> {
    const importOptions = { ...unixfsAddOptions(options.profile ?? KUBO_V1), signal: options.signal };
    // The importer itself (not @helia/unixfs's addBytes) reports the DAG's cumulative size.
    const { cid, size } =
      content instanceof Uint8Array ? await importBytes(content, this.helia.blockstore, importOptions) : await importByteStream(content, this.helia.blockstore, importOptions);
    if (options.pin ?? true) await this.pin(cid, options);
    return { cid, size };
  }

  async pin(cid: CID, options: AbortOptions = {}): Promise<void> {
    if (await this.isPinned(cid, options)) return;
    // Helia walks the DAG with concurrent jobs; when a block is missing, the jobs still queued reject
    // with nobody listening (an unhandled rejection). Reading the file first, in order, finds a
    // missing block as a plain ArtifactNotFoundError.
    for await (const _chunk of this.cat(cid, options)) continue;
    // Both generators do their work only while drained.
    await offlineErrors(cid, async () => {
      for await (const _block of this.helia.pins.add(cid, { signal: options.signal, ...OFFLINE })) continue;
    });
  }

  async isPinned(cid: CID, options: AbortOptions = {}): Promise<boolean> {
    try {
      await this.helia.pins.get(cid, options);
      return true;
    } catch (error) {
      if (isNamed(error, "NotFoundError")) return false;
      throw error;
    }
  }

  async status(cid: CID, options: AbortOptions = {}): Promise<ArtifactHolding> {
    return { pinned: await this.isPinned(cid, options), local: await this.has(cid, options) };
  }

  async unpin(cid: CID, options: AbortOptions = {}): Promise<void> {
    if (!(await this.isPinned(cid, options))) throw new NotPinnedError(cid);
    await offlineErrors(cid, async () => {
      for await (const _block of this.helia.pins.rm(cid, { signal: options.signal, ...OFFLINE })) continue;
    });
  }

  async *cat(cid: CID, options: CatOptions = {}): AsyncGenerator<Uint8Array> {
    if (!(await this.has(cid, options))) throw new ArtifactNotFoundError(cid);
    try {
      yield* this.fs.cat(cid, { offset: options.offset, length: options.length, signal: options.signal, ...OFFLINE });
    } catch (error) {
      throw isNamed(error, "BlockNotFoundWhileOfflineError") ? new ArtifactNotFoundError(cid) : error;
    }
  }

  has(cid: CID, options: AbortOptions = {}): Promise<boolean> {
    return this.blockstore.has(cid, options);
  }

  async *ls(options: AbortOptions = {}): AsyncGenerator<PinnedArtifact> {
    for await (const pin of this.helia.pins.ls(options)) yield { cid: pin.cid, type: pin.depth === 0 ? "direct" : "recursive" };
  }

  async blockSize(cid: CID, options: AbortOptions = {}): Promise<number> {
    if (!(await this.has(cid, options))) throw new ArtifactNotFoundError(cid);
    let size = 0;
    for await (const chunk of this.blockstore.get(cid, options)) size += chunk.byteLength;
    return size;
  }

  async gc(options: AbortOptions = {}): Promise<void> {
    await this.helia.gc(options);
  }

  async close(): Promise<void> {
    await this.helia.stop();
    await this.blockstore.close();
    await this.datastore.close();
  }
}

/** Runs `work`, turning Helia's "block not found while offline" into `ArtifactNotFoundError`. */
async function offlineErrors<T>(cid: CID, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isNamed(error, "BlockNotFoundWhileOfflineError")) throw new ArtifactNotFoundError(cid);
    throw error;
  }
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
