import { keccak_256 } from "@noble/hashes/sha3.js";
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex } from "@ethereumjs/util";

/** A trie node as RLP sees it before encoding: leaf/extension pairs, 17-slot branches. */
type NodeItem = Uint8Array | NodeItem[];

interface Entry {
  readonly nibbles: Uint8Array;
  readonly value: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * Ethereum's root of a list (transactions, receipts): the root of a Merkle-Patricia trie keyed by
 * RLP(index). Computed in one pass over the keys in sorted order, as geth's StackTrie does, rather
 * than by inserting into an MPT: each node is encoded and hashed once, with no node store and no
 * re-hashing of a path on every insert. Equal to the MPT's root (test/node/execution/ordered-trie.test.ts).
 */
export function orderedTrieRoot(items: readonly Uint8Array[]): `0x${string}` {
  const entries: Entry[] = items.map((value, i) => ({ nibbles: toNibbles(RLP.encode(i)), value }));
  entries.sort((a, b) => compareNibbles(a.nibbles, b.nibbles));
  const root = RLP.encode(entries.length === 0 ? EMPTY : node(entries, 0, entries.length, 0));
  return bytesToHex(keccak_256(root)) as `0x${string}`;
}

/** The node holding `entries[from, to)` (sorted, distinct keys), whose keys agree on their first `depth` nibbles. */
function node(entries: readonly Entry[], from: number, to: number, depth: number): NodeItem {
  if (to - from === 1) {
    const { nibbles, value } = entries[from];
    return [hexPrefix(nibbles.subarray(depth), true), value];
  }
  // Sorted keys: the prefix the first and last share is the prefix all share.
  const first = entries[from].nibbles;
  const last = entries[to - 1].nibbles;
  let shared = 0;
  while (depth + shared < first.length && depth + shared < last.length && first[depth + shared] === last[depth + shared]) shared++;
  if (shared > 0) return [hexPrefix(first.subarray(depth, depth + shared), false), reference(branch(entries, from, to, depth + shared))];
  return branch(entries, from, to, depth);
}

function branch(entries: readonly Entry[], from: number, to: number, depth: number): NodeItem[] {
  const slots: NodeItem[] = new Array<NodeItem>(17).fill(EMPTY);
  let i = from;
  // A key that ends here sorts first and holds the branch's value.
  if (entries[i].nibbles.length === depth) slots[16] = entries[i++].value;
  while (i < to) {
    const nibble = entries[i].nibbles[depth];
    let end = i + 1;
    while (end < to && entries[end].nibbles[depth] === nibble) end++;
    slots[nibble] = reference(node(entries, i, end, depth + 1));
    i = end;
  }
  return slots;
}

/** How a parent refers to a child: inline when its encoding is shorter than 32 bytes, else by hash. */
function reference(child: NodeItem): NodeItem {
  const encoded = RLP.encode(child);
  return encoded.length < 32 ? child : keccak_256(encoded);
}

/** The yellow paper's hex-prefix encoding of a nibble path, flagged as a leaf's or an extension's. */
function hexPrefix(nibbles: Uint8Array, leaf: boolean): Uint8Array {
  const odd = nibbles.length % 2;
  const out = new Uint8Array(1 + (nibbles.length >> 1));
  out[0] = ((leaf ? 2 : 0) + odd) << 4;
  let n = 0;
  if (odd === 1) out[0] |= nibbles[n++];
  for (let b = 1; b < out.length; b++, n += 2) out[b] = (nibbles[n] << 4) | nibbles[n + 1];
  return out;
}

function toNibbles(key: Uint8Array): Uint8Array {
  const nibbles = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    nibbles[2 * i] = key[i] >> 4;
    nibbles[2 * i + 1] = key[i] & 0x0f;
  }
  return nibbles;
}

function compareNibbles(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
