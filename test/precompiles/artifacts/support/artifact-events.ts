import { bytesToHex } from "@ethereumjs/util";
import { ARTIFACT_PRECOMPILE_ADDRESS, artifactInterface, cidHashOf, parseArtifactCid, type ArtifactLogInput } from "../../../../precompiles/artifact/artifact-abi.js";

export const REQUESTER = "0x00000000000000000000000000000000000a11ce" as const;

/** A committed ARTIFACT log, as the precompile emits it. */
function artifactLog(name: string, values: readonly unknown[]): ArtifactLogInput {
  const { topics, data } = artifactInterface.encodeEventLog(name, values);
  return { address: ARTIFACT_PRECOMPILE_ADDRESS, topics: topics as `0x${string}`[], data: data as `0x${string}` };
}

const hashOf = (cid: string) => bytesToHex(cidHashOf(parseArtifactCid(cid)));

export const pinRequested = (cid: string, replicas: number): ArtifactLogInput => artifactLog("PinRequested", [hashOf(cid), REQUESTER, cid, replicas, 0n]);
export const unpinned = (cid: string): ArtifactLogInput => artifactLog("Unpinned", [hashOf(cid), REQUESTER, cid]);
export const replicationRequested = (cid: string, provider: `0x${string}`): ArtifactLogInput => artifactLog("ReplicationRequested", [hashOf(cid), provider, cid]);

/** Deterministic bytes (not compressible into one chunk). */
export function artifactBytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => ((i + seed) * 2654435761) >>> 24);
}
