import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, getBytes, hexlify } from "ethers";
import { AbiDecodingError, decodeAbi, encodeAbi } from "../../../precompiles/inference/abi.js";

const ethers = AbiCoder.defaultAbiCoder();
const TYPES = ["bytes32", "string", "bytes", "uint32", "uint32[]", "bytes[]", "bool", "uint64", "int64[]"] as const;

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b) as `0x${string}`);
const tuple = fc.tuple(
  bytes32,
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.uint8Array({ maxLength: 100 }),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 6 }),
  fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 4 }),
  fc.boolean(),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.array(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), { maxLength: 4 }),
);

describe("abi (strict codec for the MODEL precompile)", function () {
  it("encodes exactly as ethers does and decodes what ethers encodes", function () {
    fc.assert(
      fc.property(tuple, (values) => {
        const ours = encodeAbi(TYPES, values);
        expect(hexlify(ours)).to.equal(ethers.encode(TYPES, values));
        const decoded = decodeAbi(TYPES, getBytes(ethers.encode(TYPES, values)));
        expect(decoded).to.deep.equal(values);
      }),
      { numRuns: 200 },
    );
  });

  it("rejects trailing bytes, truncation, bad padding, non-canonical offsets and out-of-range words", function () {
    const good = encodeAbi(["bytes32", "bytes"], [`0x${"11".repeat(32)}`, new Uint8Array([1, 2, 3])]);
    const reject = (data: Uint8Array, types: readonly ("bytes32" | "bytes" | "uint8" | "bool" | "string")[], pattern: RegExp) =>
      expect(() => decodeAbi(types, data)).to.throw(AbiDecodingError, pattern);
    reject(new Uint8Array([...good, 0]), ["bytes32", "bytes"], /trailing/);
    reject(good.subarray(0, good.length - 1), ["bytes32", "bytes"], /past the end/);
    const padded = new Uint8Array(good);
    padded[padded.length - 1] = 1;
    reject(padded, ["bytes32", "bytes"], /padding/);
    const moved = new Uint8Array([...good, ...new Uint8Array(32)]);
    moved[63] = 0x60; // offset 96 instead of 64: legal for ethers, not canonical
    reject(moved, ["bytes32", "bytes"], /canonical/);
    reject(encodeAbi(["uint32"], [256]), ["uint8"], /out of range for uint8/);
    reject(encodeAbi(["uint32"], [2]), ["bool"], /out of range for bool/);
    const hugeOffset = new Uint8Array(64);
    hugeOffset.fill(0xff, 0, 32);
    reject(hugeOffset, ["bytes"], /exceeds the data length/);
    reject(encodeAbi(["bytes"], [new Uint8Array([0xff, 0xfe])]), ["string"], /UTF-8/);
  });
});
