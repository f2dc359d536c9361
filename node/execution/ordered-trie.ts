import { createMPT } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex } from "@ethereumjs/util";

/** Ethereum's root of a list (transactions, receipts): a trie keyed by RLP(index). */
export async function orderedTrieRoot(items: readonly Uint8Array[]): Promise<`0x${string}`> {
  const trie = await createMPT();
  for (let i = 0; i < items.length; i++) await trie.put(RLP.encode(i), items[i]);
  return bytesToHex(trie.root()) as `0x${string}`;
}
