// An artifact store in a map, keyed by a CIDv1 (raw, sha256) of the bytes: the worker's ArtifactReader and
// its pinArtifact in tests.
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import type { ArtifactReader } from "../../../../precompiles/model/artifact-reader.js";

export async function cidOf(bytes: Uint8Array): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(bytes)).toString();
}

export class MemoryArtifacts implements ArtifactReader {
  readonly files = new Map<string, Uint8Array>();

  readonly add = async (bytes: Uint8Array): Promise<string> => {
    const cid = await cidOf(bytes);
    this.files.set(cid, bytes);
    return cid;
  };

  async cat(cid: string): Promise<Uint8Array> {
    const bytes = this.files.get(cid);
    if (bytes === undefined) throw new Error(`no artifact ${cid}`);
    return bytes;
  }
}
