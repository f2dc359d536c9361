import { createMPT } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex } from "@ethereumjs/util";
import { expect } from "chai";
import fc from "fast-check";
import { orderedTrieRoot } from "../../../node/execution/ordered-trie.js";

/** The reference: an @ethereumjs/mpt trie keyed by RLP(index), as Ethereum defines the list root. */
async function mptRoot(items: readonly Uint8Array[]): Promise<`0x${string}`> {
  const trie = await createMPT();
  for (let i = 0; i < items.length; i++) await trie.put(RLP.encode(i), items[i]);
  return bytesToHex(trie.root()) as `0x${string}`;
}

const value = (i: number, length: number): Uint8Array => new Uint8Array(length).map((_, b) => (i * 31 + b * 7 + 1) & 0xff);

describe("orderedTrieRoot", function () {
  it("is the empty trie's root for an empty list", async function () {
    expect(orderedTrieRoot([])).to.equal("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    expect(orderedTrieRoot([])).to.equal(await mptRoot([]));
  });

  it("equals the MPT root across the RLP key-length boundaries (1, 127, 128, 255, 256, 1000 items)", async function () {
    for (const count of [1, 2, 16, 17, 127, 128, 129, 255, 256, 257, 1000]) {
      // Short values (nodes inlined in their parent) and long ones (referenced by hash).
      for (const length of [1, 3, 40]) {
        const items = Array.from({ length: count }, (_, i) => value(i, length));
        expect(orderedTrieRoot(items), `${count} items of ${length} bytes`).to.equal(await mptRoot(items));
      }
    }
  });

  it("equals the MPT root for any list of non-empty items", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 120 }), { maxLength: 300 }), async (items) => {
        expect(orderedTrieRoot(items)).to.equal(await mptRoot(items));
      }),
      { numRuns: 200 },
    );
  });
});
