/**
 * The ARTIFACT precompile's ABI (`contracts/interfaces/IArtifactPrecompile.sol`, checked against the
 * compiled interface in the tests), its CID rules and its events, shared by the precompile (encoding)
 * and the node's artifact manager (decoding committed logs).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { getAddress, Interface, type LogDescription } from "ethers";
import { CID } from "multiformats/cid";

/** Where the precompile lives on every Citrate chain. */
export const ARTIFACT_PRECOMPILE_ADDRESS = "0x0000000000000000000000000000000000001002" as const;

/** `status` states (`ARTIFACT_STATE_*` in the Solidity interface). */
export const ArtifactState = { None: 0, Pending: 1, Pinned: 2 } as const;
export type ArtifactState = (typeof ArtifactState)[keyof typeof ArtifactState];

/** Longest CID string accepted (a sha2-256 CIDv1 in base32 has 59 characters). */
export const MAX_CID_LENGTH = 128;

export const ARTIFACT_ABI = [
  "function pin(string cid, uint32 replicas) payable",
  "function pinFee() view returns (uint256)",
  "function status(string cid) view returns (uint8 state, uint32 requested, uint32 confirmed)",
  "function replicate(string cid, address provider)",
  "function unpin(string cid)",
  "function confirm(string cid)",
  "event PinRequested(bytes32 indexed cidHash, address indexed requester, string cid, uint32 replicas, uint256 fee)",
  "event ReplicationRequested(bytes32 indexed cidHash, address indexed provider, string cid)",
  "event PinConfirmed(bytes32 indexed cidHash, address indexed provider, string cid, uint32 confirmed)",
  "event Unpinned(bytes32 indexed cidHash, address indexed requester, string cid)",
] as const;

export const artifactInterface = new Interface(ARTIFACT_ABI);

/** A CID string the precompile rejects. */
export class InvalidCidError extends Error {
  override readonly name = "InvalidCidError";
  constructor(readonly text: string, reason: string) {
    super(`ARTIFACT: invalid CID "${text.length > MAX_CID_LENGTH ? `${text.slice(0, MAX_CID_LENGTH)}…` : text}": ${reason}`);
  }
}

/** Parses a CID string as the precompile does (base58btc CIDv0 or multibase CIDv1, at most 128 characters). */
export function parseArtifactCid(text: string): CID {
  if (text.length === 0) throw new InvalidCidError(text, "empty");
  if (text.length > MAX_CID_LENGTH) throw new InvalidCidError(text, `longer than ${MAX_CID_LENGTH} characters`);
  try {
    return CID.parse(text);
  } catch (error) {
    throw new InvalidCidError(text, error instanceof Error ? error.message : String(error));
  }
}

/** The key of a CID's request: keccak256 of its binary CIDv1 (so a CIDv0 and its CIDv1 form agree). */
export function cidHashOf(cid: CID): Uint8Array {
  return keccak_256(cid.toV1().bytes);
}

/** A decoded ARTIFACT event. */
export type ArtifactEvent =
  | { readonly kind: "PinRequested"; readonly cidHash: `0x${string}`; readonly cid: string; readonly requester: `0x${string}`; readonly replicas: number; readonly fee: bigint }
  | { readonly kind: "ReplicationRequested"; readonly cidHash: `0x${string}`; readonly cid: string; readonly provider: `0x${string}` }
  | { readonly kind: "PinConfirmed"; readonly cidHash: `0x${string}`; readonly cid: string; readonly provider: `0x${string}`; readonly confirmed: number }
  | { readonly kind: "Unpinned"; readonly cidHash: `0x${string}`; readonly cid: string; readonly requester: `0x${string}` };

/** A log as receipts and JSON-RPC carry it. */
export interface ArtifactLogInput {
  readonly address: `0x${string}`;
  readonly topics: readonly `0x${string}`[];
  readonly data: `0x${string}`;
}

/** Decodes a log of the ARTIFACT precompile; undefined for any other log. */
export function decodeArtifactLog(log: ArtifactLogInput): ArtifactEvent | undefined {
  if (log.address.toLowerCase() !== ARTIFACT_PRECOMPILE_ADDRESS) return undefined;
  let parsed: LogDescription | null;
  try {
    parsed = artifactInterface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  const cidHash = parsed.args.cidHash as `0x${string}`;
  const cid = parsed.args.cid as string;
  switch (parsed.name) {
    case "PinRequested":
      return { kind: "PinRequested", cidHash, cid, requester: address(parsed.args.requester), replicas: Number(parsed.args.replicas), fee: parsed.args.fee as bigint };
    case "ReplicationRequested":
      return { kind: "ReplicationRequested", cidHash, cid, provider: address(parsed.args.provider) };
    case "PinConfirmed":
      return { kind: "PinConfirmed", cidHash, cid, provider: address(parsed.args.provider), confirmed: Number(parsed.args.confirmed) };
    case "Unpinned":
      return { kind: "Unpinned", cidHash, cid, requester: address(parsed.args.requester) };
    default:
      return undefined;
  }
}

function address(value: unknown): `0x${string}` {
  return getAddress(String(value)).toLowerCase() as `0x${string}`;
}
