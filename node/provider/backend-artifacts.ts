/**
 * The worker's view of an IPFS artifact backend (Kubo RPC, embedded Helia): whole files by CID string,
 * with a size bound, and `add` returning the CID string, as `ProviderWorkerOptions` take them.
 */
import { CID } from "multiformats/cid";
import type { ArtifactBackend } from "../../precompiles/artifacts/artifact-backend.js";
import type { ArtifactReader } from "../../precompiles/model/artifact-reader.js";

/** Largest artifact read whole (the MODEL precompile's model-file limit). */
export const MAX_ARTIFACT_BYTES = 32 * 1024 * 1024;

/** An artifact that cannot be read: a malformed CID, or a file over the size bound. */
export class ArtifactReadError extends Error {
  override readonly name = "ArtifactReadError";
}

export interface BackendArtifacts {
  readonly reader: ArtifactReader;
  readonly pinArtifact: (bytes: Uint8Array) => Promise<string>;
}

export function backendArtifacts(backend: ArtifactBackend, maxBytes = MAX_ARTIFACT_BYTES): BackendArtifacts {
  return {
    reader: {
      async cat(cid: string): Promise<Uint8Array> {
        let parsed: CID;
        try {
          parsed = CID.parse(cid);
        } catch (error) {
          throw new ArtifactReadError(`'${cid}' is not a CID: ${error instanceof Error ? error.message : String(error)}`);
        }
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of backend.cat(parsed)) {
          size += chunk.length;
          if (size > maxBytes) throw new ArtifactReadError(`artifact ${cid} exceeds ${maxBytes} bytes`);
          chunks.push(chunk);
        }
        return Buffer.concat(chunks);
      },
    },
    async pinArtifact(bytes: Uint8Array): Promise<string> {
      return (await backend.add(bytes, { pin: true })).cid.toString();
    },
  };
}
