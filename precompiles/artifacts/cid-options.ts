/**
 * Importer settings that reproduce the CIDs Kubo computes, so an artifact added here, in Helia, or in
 * any Kubo daemon gets the same CID (checked against Kubo's own vectors in the tests). Kubo's defaults
 * (`Import.*`): fixed 256 KiB chunks, balanced DAG of at most 174 links per node, sha2-256; CIDv0 unless
 * `--cid-version=1`, and CIDv1 implies raw leaves. `@helia/unixfs` 8 defaults differ (1 MiB chunks,
 * 1024 links: IPIP-499 `unixfs-v1-2025`), so chunker and layout are always set explicitly.
 */
import type { AddOptions } from "@helia/unixfs";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { CID } from "multiformats/cid";

/** Kubo's default chunk size (`size-262144`). */
export const KUBO_CHUNK_SIZE = 262_144;
/** Kubo's default maximum links per UnixFS file node. */
export const KUBO_MAX_LINKS = 174;
/** The `raw` multicodec: a CIDv1 of a single raw-leaf block. */
const RAW_CODEC = 0x55;

/** How bytes become a UnixFS DAG, in Kubo's `ipfs add` terms. */
export interface ImportProfile {
  /** `--cid-version` (Kubo's default is 0). */
  readonly cidVersion: 0 | 1;
  /** `--raw-leaves` (Kubo's default: true exactly when `cidVersion` is 1; CIDv0 cannot have raw leaves). */
  readonly rawLeaves: boolean;
  /** `--chunker=size-N` (default 262144). */
  readonly chunkSize: number;
  /** `--max-file-links` (default 174; the `unixfs-v1-2025` profile uses 1024). */
  readonly maxLinks: number;
}

/** `ipfs add` (CIDv0, the Kubo default). */
export const KUBO_V0: ImportProfile = { cidVersion: 0, rawLeaves: false, chunkSize: KUBO_CHUNK_SIZE, maxLinks: KUBO_MAX_LINKS };
/** `ipfs add --cid-version=1`: the profile Citrate artifacts use. */
export const KUBO_V1: ImportProfile = { cidVersion: 1, rawLeaves: true, chunkSize: KUBO_CHUNK_SIZE, maxLinks: KUBO_MAX_LINKS };

/** Thrown when an import profile cannot exist in Kubo. */
export class ImportProfileError extends Error {
  override readonly name = "ImportProfileError";
}

/**
 * The profile of `ipfs add` with these flags, Kubo's defaults filling the rest
 * (`rawLeaves` defaults to `cidVersion === 1`).
 */
export function importProfile(flags: Partial<ImportProfile> = {}): ImportProfile {
  const cidVersion = flags.cidVersion ?? 0;
  const rawLeaves = flags.rawLeaves ?? cidVersion === 1;
  const chunkSize = flags.chunkSize ?? KUBO_CHUNK_SIZE;
  const maxLinks = flags.maxLinks ?? KUBO_MAX_LINKS;
  if (cidVersion !== 0 && cidVersion !== 1) throw new ImportProfileError(`cid-version ${String(cidVersion)} is not 0 or 1`);
  if (cidVersion === 0 && rawLeaves) throw new ImportProfileError("CIDv0 only supports dag-pb leaves (raw-leaves needs cid-version=1)");
  // Kubo's limits: chunks up to 1 MiB (bitswap's block size), at least 2 links per node.
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > 1_048_576) {
    throw new ImportProfileError(`chunk size ${chunkSize} is outside 1..1048576`);
  }
  if (!Number.isSafeInteger(maxLinks) || maxLinks < 2 || maxLinks > 65_536) throw new ImportProfileError(`max-file-links ${maxLinks} is outside 2..65536`);
  return { cidVersion, rawLeaves, chunkSize, maxLinks };
}

/** The `@helia/unixfs` options that import bytes exactly as Kubo's `ipfs add` does with `profile`. */
export function unixfsAddOptions(profile: ImportProfile): Partial<AddOptions> {
  return {
    cidVersion: profile.cidVersion,
    rawLeaves: profile.rawLeaves,
    chunker: fixedSize({ chunkSize: profile.chunkSize }),
    layout: balanced({ maxChildrenPerNode: profile.maxLinks }),
    // Kubo stores a file that fits one chunk as that chunk alone (a raw block for CIDv1).
    reduceSingleLeafToSelf: true,
  };
}

/**
 * The Kubo profiles that can have produced `cid`, most likely first: a CIDv0 comes from `ipfs add`;
 * a raw CIDv1 from `--cid-version=1`; a dag-pb CIDv1 from `--cid-version=1` (raw leaves, several
 * chunks) or `--cid-version=1 --raw-leaves=false`. Re-importing bytes fetched by CID with each in turn
 * and keeping the one whose CID matches reproduces the same DAG.
 */
export function candidateProfiles(cid: CID): readonly ImportProfile[] {
  if (cid.version === 0) return [KUBO_V0];
  if (cid.code === RAW_CODEC) return [KUBO_V1];
  return [KUBO_V1, { ...KUBO_V1, rawLeaves: false }];
}
