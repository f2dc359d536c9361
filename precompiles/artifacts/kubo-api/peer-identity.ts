/**
 * The libp2p identity `/api/v0/id` reports: an Ed25519 peer ID (the identity multihash of the
 * protobuf-encoded public key, base58btc: "12D3KooW…"), as Kubo derives it.
 */
import { generateKeyPairSync } from "node:crypto";
import { base58btc } from "multiformats/bases/base58";

export interface PeerIdentity {
  /** The peer ID ("12D3KooW…"). */
  readonly id: string;
  /** The protobuf-encoded public key, base64 (Kubo's `PublicKey`). */
  readonly publicKey: string;
}

/** The identity of a 32-byte Ed25519 public key; a fresh key when none is given. */
export function peerIdentity(ed25519PublicKey: Uint8Array = freshPublicKey()): PeerIdentity {
  if (ed25519PublicKey.length !== 32) throw new RangeError(`an Ed25519 public key has 32 bytes, got ${ed25519PublicKey.length}`);
  // libp2p PublicKey protobuf: field 1 (KeyType) = 1 (Ed25519), field 2 (Data) = the key.
  const encoded = new Uint8Array([0x08, 0x01, 0x12, 0x20, ...ed25519PublicKey]);
  // Identity multihash: code 0x00, length, bytes (keys this small are not hashed).
  const multihash = new Uint8Array([0x00, encoded.length, ...encoded]);
  return { id: base58btc.baseEncode(multihash), publicKey: Buffer.from(encoded).toString("base64") };
}

function freshPublicKey(): Uint8Array {
  const { publicKey } = generateKeyPairSync("ed25519");
  // The SPKI DER of an Ed25519 key ends with the 32 raw key bytes.
  return new Uint8Array(publicKey.export({ format: "der", type: "spki" }).subarray(-32));
}
