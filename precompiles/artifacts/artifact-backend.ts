/**
 * Where a node keeps IPFS artifacts (model files, adapters, datasets): an embedded Helia store
 * (`HeliaBackend`) or any Kubo-RPC endpoint (`KuboBackend`: a Kubo daemon, a pinning service, another
 * Citrate node). Both import bytes with Kubo's settings (`cid-options.ts`), so a CID names the same
 * DAG everywhere.
 */
import type { CID } from "multiformats/cid";
import type { ImportProfile } from "./cid-options.js";

/** Bytes to import: all at once or as a stream of chunks. */
export type ArtifactContent = Uint8Array | AsyncIterable<Uint8Array>;

export interface AbortOptions {
  readonly signal?: AbortSignal;
}

export interface AddArtifactOptions extends AbortOptions {
  /** How to build the DAG (default `KUBO_V1`, i.e. `ipfs add --cid-version=1`). */
  readonly profile?: ImportProfile;
  /** Pin the root once imported (default true, as `ipfs add`). */
  readonly pin?: boolean;
}

export interface CatOptions extends AbortOptions {
  /** First byte to return (default 0). */
  readonly offset?: number;
  /** Most bytes to return (default: to the end). */
  readonly length?: number;
}

/** What `add` imported. */
export interface AddedArtifact {
  readonly cid: CID;
  /** Bytes of all blocks of the DAG (Kubo's cumulative size, `Size` in `ipfs add` output). */
  readonly size: bigint;
}

/** A pin root. Indirect pins (blocks below a recursive root) are not listed. */
export interface PinnedArtifact {
  readonly cid: CID;
  /** `recursive`: the whole DAG; `direct`: the root block only. */
  readonly type: "recursive" | "direct";
}

/** What a backend holds of one CID. */
export interface ArtifactHolding {
  /** The CID is a pin root (recursive or direct). */
  readonly pinned: boolean;
  /** The root block is in the store (the rest of the DAG may or may not be). */
  readonly local: boolean;
}

export interface ArtifactBackend {
  /** A short description for logs ("helia:/data/ipfs", "kubo:http://…"). */
  readonly name: string;
  /** Imports `content` as one UnixFS file (a single raw block when it fits one chunk under CIDv1). */
  add(content: ArtifactContent, options?: AddArtifactOptions): Promise<AddedArtifact>;
  /** Pins the whole DAG under `cid` (idempotent). Fails if a block is missing and cannot be fetched. */
  pin(cid: CID, options?: AbortOptions): Promise<void>;
  /** True when `cid` is a pin root. */
  isPinned(cid: CID, options?: AbortOptions): Promise<boolean>;
  status(cid: CID, options?: AbortOptions): Promise<ArtifactHolding>;
  /** Removes the pin root `cid`; throws `NotPinnedError` when it is not one. */
  unpin(cid: CID, options?: AbortOptions): Promise<void>;
  /** The file bytes under `cid` (a UnixFS file or a raw block). */
  cat(cid: CID, options?: CatOptions): AsyncIterable<Uint8Array>;
  /** True when the root block of `cid` is in the store. */
  has(cid: CID, options?: AbortOptions): Promise<boolean>;
  /** The pin roots. */
  ls(options?: AbortOptions): AsyncIterable<PinnedArtifact>;
  /** The size in bytes of the block `cid`; throws `ArtifactNotFoundError` when it is not in the store. */
  blockSize(cid: CID, options?: AbortOptions): Promise<number>;
  /** Deletes every block no pin holds. */
  gc(options?: AbortOptions): Promise<void>;
  close(): Promise<void>;
}

/** `unpin` of a CID that is not a pin root. */
export class NotPinnedError extends Error {
  override readonly name = "NotPinnedError";
  constructor(readonly cid: CID) {
    super(`${cid} is not pinned`);
  }
}

/** A block is not in the store (and the backend fetches nothing from the network). */
export class ArtifactNotFoundError extends Error {
  override readonly name = "ArtifactNotFoundError";
  constructor(readonly cid: CID) {
    super(`block was not found locally (offline): ${cid}`);
  }
}

/** Collects a byte stream into one array. */
export async function concatBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}
