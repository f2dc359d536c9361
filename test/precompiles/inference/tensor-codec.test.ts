import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, getBytes, hexlify } from "ethers";
import {
  DTYPE_CODES,
  DTYPE_SIZES,
  TensorCodecError,
  decodeTensor,
  decodeTensorArray,
  decodeTensors,
  encodeTensor,
  encodeTensorArray,
  encodeTensors,
  type DtypeName,
  type Tensor,
} from "../../../precompiles/inference/tensor-codec.js";

const ethers = AbiCoder.defaultAbiCoder();
const dtypes = Object.keys(DTYPE_CODES) as DtypeName[];

const tensorArb: fc.Arbitrary<Tensor> = fc
  .tuple(fc.constantFrom(...dtypes), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }))
  .chain(([dtype, shape]) =>
    fc
      .uint8Array({ minLength: shape.reduce((a, b) => a * b, 1) * DTYPE_SIZES[dtype], maxLength: shape.reduce((a, b) => a * b, 1) * DTYPE_SIZES[dtype] })
      .map((data) => ({ dtype, shape, data })),
  );

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(TensorCodecError);
    return (error as TensorCodecError).code;
  }
  return undefined;
}

describe("tensor codec", function () {
  it("round-trips single tensors and lists, byte-identical to Solidity's abi.encode (as ethers computes it)", function () {
    fc.assert(
      fc.property(fc.array(tensorArb, { minLength: 1, maxLength: 4 }), (tensors) => {
        for (const tensor of tensors) {
          const encoded = encodeTensor(tensor);
          expect(hexlify(encoded)).to.equal(ethers.encode(["uint8", "uint32[]", "bytes"], [DTYPE_CODES[tensor.dtype], tensor.shape, tensor.data]));
          expect(decodeTensor(encoded)).to.deep.equal(tensor);
        }
        const list = encodeTensorArray(tensors);
        expect(hexlify(list)).to.equal(ethers.encode(["bytes[]"], [tensors.map((t) => encodeTensor(t))]));
        expect(decodeTensorArray(list)).to.deep.equal(tensors);
        expect(decodeTensors(encodeTensors(tensors), tensors.length)).to.deep.equal(tensors);
      }),
      { numRuns: 150 },
    );
  });

  it("uses the single form for one tensor and the bytes[] form for several", function () {
    const one: Tensor = { dtype: "int32", shape: [2], data: new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]) };
    expect(encodeTensors([one])).to.deep.equal(encodeTensor(one));
    expect(encodeTensors([one, one])).to.deep.equal(encodeTensorArray([one, one]));
    expect(codeOf(() => decodeTensors(encodeTensorArray([one, one, one]), 2))).to.equal("TensorCountMismatch");
  });

  it("reads float32 data little-endian in row-major order", function () {
    const values = new Float32Array([1.5, -2, 3.25, 0]);
    const encoded = getBytes(ethers.encode(["uint8", "uint32[]", "bytes"], [1, [2, 2], new Uint8Array(values.buffer)]));
    const tensor = decodeTensor(encoded);
    expect(tensor.shape).to.deep.equal([2, 2]);
    expect(Array.from(new Float32Array(tensor.data.slice().buffer))).to.deep.equal([1.5, -2, 3.25, 0]);
    expect(Array.from(tensor.data.subarray(0, 4))).to.deep.equal([0x00, 0x00, 0xc0, 0x3f]); // 1.5f little-endian
  });

  it("rejects every malformed tensor with a typed error", function () {
    const raw = (dtype: number, shape: number[], data: Uint8Array) => getBytes(ethers.encode(["uint8", "uint32[]", "bytes"], [dtype, shape, data]));
    expect(codeOf(() => decodeTensor(raw(0, [1], new Uint8Array(4))))).to.equal("UnknownDtype");
    expect(codeOf(() => decodeTensor(raw(6, [1], new Uint8Array(4))))).to.equal("UnknownDtype");
    expect(codeOf(() => decodeTensor(raw(1, [3], new Uint8Array(8))))).to.equal("DataLengthMismatch");
    expect(codeOf(() => decodeTensor(raw(3, [2], new Uint8Array(8))))).to.equal("DataLengthMismatch");
    expect(codeOf(() => decodeTensor(raw(4, Array(9).fill(1), new Uint8Array(1))))).to.equal("RankTooLarge");
    expect(codeOf(() => decodeTensor(raw(4, [1 << 16, 1 << 16], new Uint8Array(0))))).to.equal("TooManyElements");
    expect(codeOf(() => decodeTensor(new Uint8Array([1, 2, 3])))).to.equal("Malformed");
    expect(codeOf(() => decodeTensor(new Uint8Array([...raw(1, [1], new Uint8Array(4)), 0])))).to.equal("Malformed");
    const wide = raw(1, [1], new Uint8Array(4));
    wide[30] = 1; // dtype word 0x0101: ethers would mask it to 1
    expect(codeOf(() => decodeTensor(wide))).to.equal("Malformed");
    const limits = { maxRank: 8, maxElements: 1 << 24, maxTensors: 2 };
    const t: Tensor = { dtype: "uint8", shape: [1], data: new Uint8Array(1) };
    expect(codeOf(() => decodeTensorArray(encodeTensorArray([t, t, t]), limits))).to.equal("TooManyTensors");
    expect(codeOf(() => encodeTensorArray([t, t, t], limits))).to.equal("TooManyTensors");
    expect(codeOf(() => encodeTensor({ dtype: "float16", shape: [2], data: new Uint8Array(2) }))).to.equal("DataLengthMismatch");
    expect(codeOf(() => encodeTensor({ dtype: "float64" as DtypeName, shape: [1], data: new Uint8Array(8) }))).to.equal("UnknownDtype");
    expect(codeOf(() => encodeTensor({ dtype: "uint8", shape: [1.5], data: new Uint8Array(1) }))).to.equal("Malformed");
  });
});
