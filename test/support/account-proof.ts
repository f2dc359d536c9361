// Checks an eth_getProof answer (EIP-1186) the way a light client would: every proof is walked from
// the root it claims to hang from — the account proof from a block's stateRoot, each storage proof
// from the account's storageHash — and must lead to exactly the values the answer reports.
import { verifyMerkleProof } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import {
  bigIntToBytes,
  bytesToBigInt,
  bytesToHex,
  createAccountFromRLP,
  hexToBytes,
  KECCAK256_NULL_S,
  KECCAK256_RLP_S,
  setLengthLeft,
} from "@ethereumjs/util";

/** eth_getProof's result (execution-apis' AccountProof). */
export interface AccountProofJson {
  address: `0x${string}`;
  accountProof: `0x${string}`[];
  balance: `0x${string}`;
  codeHash: `0x${string}`;
  nonce: `0x${string}`;
  storageHash: `0x${string}`;
  storageProof: Array<{ key: `0x${string}`; value: `0x${string}`; proof: `0x${string}`[] }>;
}

/** A proof that does not lead from its root to the values it reports. */
export class ProofMismatchError extends Error {
  override readonly name = "ProofMismatchError";
}

/** The value a proof leads to under `root`, or null for a proof of absence; throws for a broken proof. */
async function provenValue(root: `0x${string}`, key: Uint8Array, proof: readonly `0x${string}`[]): Promise<Uint8Array | null> {
  // The empty trie has no node to show: nothing is in it, and the proof of that is empty.
  if (root === KECCAK256_RLP_S) {
    if (proof.length !== 0) throw new ProofMismatchError(`the proof of ${bytesToHex(key)} under the empty trie has ${proof.length} nodes`);
    return null;
  }
  try {
    return await verifyMerkleProof(key, proof.map((node) => hexToBytes(node)), { root: hexToBytes(root), useKeyHashing: true });
  } catch (error) {
    throw new ProofMismatchError(`the proof of ${bytesToHex(key)} does not hang from ${root}: ${(error as Error).message}`);
  }
}

function expectEqual(what: string, proven: string | bigint, reported: string | bigint): void {
  if (proven !== reported) throw new ProofMismatchError(`${what}: the proof says ${proven}, the answer ${reported}`);
}

/** Throws ProofMismatchError unless every part of `answer` is proven under `stateRoot`. */
export async function verifyAccountProof(answer: AccountProofJson, stateRoot: `0x${string}`): Promise<void> {
  const leaf = await provenValue(stateRoot, hexToBytes(answer.address), answer.accountProof);
  // An absent account is proven by a path that ends without it; its fields are those of an empty account.
  let account = { nonce: 0n, balance: 0n, storageRoot: KECCAK256_RLP_S as string, codeHash: KECCAK256_NULL_S as string };
  if (leaf !== null) {
    const { nonce, balance, storageRoot, codeHash } = createAccountFromRLP(leaf);
    account = { nonce, balance, storageRoot: bytesToHex(storageRoot), codeHash: bytesToHex(codeHash) };
  }
  expectEqual("nonce", account.nonce, BigInt(answer.nonce));
  expectEqual("balance", account.balance, BigInt(answer.balance));
  expectEqual("storageHash", account.storageRoot, answer.storageHash);
  expectEqual("codeHash", account.codeHash, answer.codeHash);
  for (const { key, value, proof } of answer.storageProof) {
    const slot = setLengthLeft(bigIntToBytes(BigInt(key)), 32);
    const stored = await provenValue(answer.storageHash, slot, proof);
    expectEqual(`slot ${key}`, stored === null ? 0n : bytesToBigInt(RLP.decode(stored) as Uint8Array), BigInt(value));
  }
}
