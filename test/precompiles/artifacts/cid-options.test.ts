import { createCipheriv, createHash } from "node:crypto";
import { expect } from "chai";
import { unixfs } from "@helia/unixfs";
import type { Blockstore } from "interface-blockstore";
import { CID } from "multiformats/cid";
import { candidateProfiles, importProfile, ImportProfileError, KUBO_V0, KUBO_V1, unixfsAddOptions, type ImportProfile } from "../../../precompiles/artifacts/cid-options.js";

// Kubo's own CID vectors (test/cli/add_test.go, cid_profiles_test.go), reproduced without Kubo. Kubo's
// test data is its DeterministicRandomReader: a ChaCha20 keystream, key = sha256(seed), zero nonce.
// These are all ten Kubo vectors of the ai-ipfs recipe (each hashes in under ~5 s here).

const KiB = 1024;
const MiB = 1024 * KiB;

async function* kuboDeterministic(size: number, seed: string): AsyncGenerator<Uint8Array> {
  const key = createHash("sha256").update(seed).digest();
  const cipher = createCipheriv("chacha20", key, Buffer.alloc(16)); // OpenSSL's iv: 4-byte counter ‖ 12-byte nonce
  const zeros = Buffer.alloc(MiB);
  for (let left = size; left > 0; left -= zeros.length) yield new Uint8Array(cipher.update(left >= zeros.length ? zeros : zeros.subarray(0, left)));
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Hashes only, like `ipfs add --only-hash`: blocks are computed and dropped. */
const hashOnly = {
  put: async (cid: CID) => cid,
  has: async () => false,
  get: () => {
    throw new Error("hash-only blockstore holds no blocks");
  },
} as unknown as Blockstore;
const fs = unixfs({ blockstore: hashOnly });

const hello = () => once(new TextEncoder().encode("hello world"));
/** IPIP-499's `unixfs-v1-2025` profile (Kubo: `ipfs init --profile=unixfs-v1-2025`). */
const UNIXFS_V1_2025 = importProfile({ cidVersion: 1, chunkSize: MiB, maxLinks: 1024 });

interface Vector {
  readonly name: string;
  readonly bytes: () => AsyncIterable<Uint8Array>;
  readonly profile: ImportProfile;
  readonly kubo: string;
}

const VECTORS: readonly Vector[] = [
  { name: '"hello world", ipfs add (CIDv0)', bytes: hello, profile: KUBO_V0, kubo: "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD" },
  { name: '"hello world", --cid-version=1', bytes: hello, profile: KUBO_V1, kubo: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e" },
  { name: '"hello world", --cid-version=1 --raw-leaves=false', bytes: hello, profile: importProfile({ cidVersion: 1, rawLeaves: false }), kubo: "bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa" },
  { name: "legacy-cid-v0, 44544 KiB (a full 174-link level)", bytes: () => kuboDeterministic(44544 * KiB, "v0-seed"), profile: KUBO_V0, kubo: "QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2" },
  { name: "legacy-cid-v0, 44800 KiB (rebalanced one level up)", bytes: () => kuboDeterministic(44800 * KiB, "v0-seed"), profile: KUBO_V0, kubo: "QmepeWtdmS1hHXx1oZXsPUv6bMrfRRKfZcoPPU4eEfjnbf" },
  { name: "test-cid-v1 (raw leaves, 1 MiB chunks, 174 links), 174 MiB", bytes: () => kuboDeterministic(174 * MiB, "v1-seed"), profile: importProfile({ cidVersion: 1, chunkSize: MiB }), kubo: "bafybeigwduxcf2aawppv3isnfeshnimkyplvw3hthxjhr2bdeje4tdaicu" },
  { name: "test-cid-v1, 175 MiB (rebalanced)", bytes: () => kuboDeterministic(175 * MiB, "v1-seed"), profile: importProfile({ cidVersion: 1, chunkSize: MiB }), kubo: "bafybeidhd7lo2n2v7lta5yamob3xwhbxcczmmtmhquwhjesi35jntf7mpu" },
  { name: "legacy-cid-v0 --max-file-links=1024, 256 MiB", bytes: () => kuboDeterministic(256 * MiB, "hello world"), profile: importProfile({ maxLinks: 1024 }), kubo: "QmbBftNHWmjSWKLC49dMVrfnY8pjrJYntiAXirFJ7oJrNk" },
  { name: "unixfs-v1-2025 (raw leaves, 1 MiB chunks, 1024 links), 1024 MiB", bytes: () => kuboDeterministic(1024 * MiB, "v1-2025-seed"), profile: UNIXFS_V1_2025, kubo: "bafybeihmf37wcuvtx4hpu7he5zl5qaf2ineo2lqlfrapokkm5zzw7zyhvm" },
  { name: "unixfs-v1-2025, 1025 MiB (rebalanced)", bytes: () => kuboDeterministic(1025 * MiB, "v1-2025-seed"), profile: UNIXFS_V1_2025, kubo: "bafybeihmzokxxjqwxjcryerhp5ezpcog2wcawfryb2xm64xiakgm4a5jue" },
];

describe("Kubo-compatible CIDs (Kubo's own vectors)", function () {
  this.timeout(60_000);

  for (const vector of VECTORS) {
    it(vector.name, async function () {
      const cid = await fs.addByteStream(vector.bytes(), unixfsAddOptions(vector.profile));
      expect(cid.toString()).to.equal(vector.kubo);
    });
  }

  it("splits above 256 KiB as --cid-version=1 does (Helia's own defaults would keep one 1 MiB raw block)", async function () {
    const at = await fs.addByteStream(kuboDeterministic(256 * KiB, "x"), unixfsAddOptions(KUBO_V1));
    const above = await fs.addByteStream(kuboDeterministic(256 * KiB + 1, "x"), unixfsAddOptions(KUBO_V1));
    const heliaDefault = await fs.addByteStream(kuboDeterministic(256 * KiB + 1, "x"));
    expect(at.code).to.equal(0x55); // one raw block
    expect(above.code).to.equal(0x70); // dag-pb root over two raw leaves
    expect(heliaDefault.equals(above)).to.equal(false);
  });

  it("builds profiles with Kubo's defaults and rejects combinations Kubo rejects", function () {
    expect(importProfile()).to.deep.equal(KUBO_V0);
    expect(importProfile({ cidVersion: 1 })).to.deep.equal(KUBO_V1);
    expect(() => importProfile({ rawLeaves: true })).to.throw(ImportProfileError, "raw-leaves needs cid-version=1");
    expect(() => importProfile({ chunkSize: 2 * MiB })).to.throw(ImportProfileError, "chunk size 2097152 is outside 1..1048576");
    expect(() => importProfile({ maxLinks: 1 })).to.throw(ImportProfileError, "max-file-links 1 is outside 2..65536");
  });

  it("names the profiles that can re-create a CID from its bytes", function () {
    expect(candidateProfiles(CID.parse("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD"))).to.deep.equal([KUBO_V0]);
    expect(candidateProfiles(CID.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"))).to.deep.equal([KUBO_V1]);
    expect(candidateProfiles(CID.parse("bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa"))).to.deep.equal([KUBO_V1, { ...KUBO_V1, rawLeaves: false }]);
  });
});
