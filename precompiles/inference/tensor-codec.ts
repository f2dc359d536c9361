/**
 * The MODEL precompile's tensor encoding (see `contracts/interfaces/IModelPrecompile.sol`):
 * one tensor is `abi.encode(uint8 dtype, uint32[] shape, bytes data)`, several are
 * `abi.encode(bytes[] tensors)`. Pure: bytes in, tensors out, and back. Decoding is strict: only the
 * canonical ABI encoding of a valid tensor is accepted, so every node reads the same calldata the same way.
 */
import { AbiDecodingError, decodeAbi, encodeAbi, type AbiType, type AbiTuple } from "./abi.js";

/** Element types by name; the numbers are the ABI's dtype codes. */
export const DTYPE_CODES = { float32: 1, int32: 2, int64: 3, uint8: 4, float16: 5 } as const;

export type DtypeName = keyof typeof DTYPE_CODES;
export type DtypeCode = (typeof DTYPE_CODES)[DtypeName];

/** Bytes per element of each dtype. */
export const DTYPE_SIZES: Readonly<Record<DtypeName, number>> = { float32: 4, int32: 4, int64: 8, uint8: 1, float16: 2 };

const DTYPE_BY_CODE: ReadonlyMap<number, DtypeName> = new Map(
  (Object.entries(DTYPE_CODES) as [DtypeName, DtypeCode][]).map(([name, code]) => [code, name]),
);

/** A dense tensor: elements little-endian in row-major order. */
export interface Tensor {
  readonly dtype: DtypeName;
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

/** Bounds a decoded (or encoded) tensor must stay within. */
export interface TensorLimits {
  /** Most dimensions a tensor may have. */
  readonly maxRank: number;
  /** Most elements one tensor may hold. */
  readonly maxElements: number;
  /** Most tensors in one `bytes[]` list. */
  readonly maxTensors: number;
}

export const DEFAULT_TENSOR_LIMITS: TensorLimits = { maxRank: 8, maxElements: 1 << 24, maxTensors: 16 };

export type TensorCodecErrorCode =
  | "Malformed"
  | "UnknownDtype"
  | "RankTooLarge"
  | "TooManyElements"
  | "DataLengthMismatch"
  | "TooManyTensors"
  | "TensorCountMismatch";

/** A tensor that does not decode, or breaks a rule of the encoding. */
export class TensorCodecError extends Error {
  override readonly name = "TensorCodecError";
  constructor(
    readonly code: TensorCodecErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const TENSOR_TYPES = ["uint8", "uint32[]", "bytes"] as const;
const LIST_TYPES = ["bytes[]"] as const;

/** The dtype name for an ABI code. */
export function dtypeOfCode(code: number): DtypeName {
  const name = DTYPE_BY_CODE.get(code);
  if (name === undefined) throw new TensorCodecError("UnknownDtype", `unknown dtype code ${code} (known: 1 float32, 2 int32, 3 int64, 4 uint8, 5 float16)`);
  return name;
}

/** Number of elements of `shape`, checked against `maxElements`. */
export function elementCount(shape: readonly number[], limits: TensorLimits = DEFAULT_TENSOR_LIMITS): number {
  if (shape.length > limits.maxRank) throw new TensorCodecError("RankTooLarge", `rank ${shape.length} exceeds the limit ${limits.maxRank}`);
  let count = 1;
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0 || dim > 0xffffffff) throw new TensorCodecError("Malformed", `dimension ${dim} is not a uint32`);
    count *= dim;
    if (count > limits.maxElements) throw new TensorCodecError("TooManyElements", `shape [${shape.join(",")}] exceeds ${limits.maxElements} elements`);
  }
  return count;
}

/** Checks a tensor against the encoding's rules (dtype, rank, element count, data length). */
export function validateTensor(tensor: Tensor, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): void {
  if (!(tensor.dtype in DTYPE_CODES)) throw new TensorCodecError("UnknownDtype", `unknown dtype ${String(tensor.dtype)}`);
  const expected = elementCount(tensor.shape, limits) * DTYPE_SIZES[tensor.dtype];
  if (tensor.data.length !== expected) {
    throw new TensorCodecError(
      "DataLengthMismatch",
      `${tensor.dtype}[${tensor.shape.join(",")}] needs ${expected} data bytes, got ${tensor.data.length}`,
    );
  }
}

/** `abi.encode(uint8 dtype, uint32[] shape, bytes data)`. */
export function encodeTensor(tensor: Tensor, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Uint8Array {
  validateTensor(tensor, limits);
  return encodeAbi(TENSOR_TYPES, [DTYPE_CODES[tensor.dtype], tensor.shape, tensor.data]);
}

/** Decodes one tensor; throws `TensorCodecError` for anything but a canonical, valid encoding. */
export function decodeTensor(encoded: Uint8Array, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Tensor {
  const [code, shape, data] = decodeStrict(TENSOR_TYPES, encoded, "tensor");
  const tensor: Tensor = { dtype: dtypeOfCode(code), shape, data };
  validateTensor(tensor, limits);
  return tensor;
}

/** `abi.encode(bytes[] tensors)`, each element one encoded tensor. */
export function encodeTensorArray(tensors: readonly Tensor[], limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Uint8Array {
  if (tensors.length > limits.maxTensors) throw new TensorCodecError("TooManyTensors", `${tensors.length} tensors exceed the limit ${limits.maxTensors}`);
  return encodeAbi(LIST_TYPES, [tensors.map((tensor) => encodeTensor(tensor, limits))]);
}

/** Decodes `abi.encode(bytes[] tensors)`. */
export function decodeTensorArray(encoded: Uint8Array, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Tensor[] {
  const [elements] = decodeStrict(LIST_TYPES, encoded, "tensor list");
  if (elements.length > limits.maxTensors) throw new TensorCodecError("TooManyTensors", `${elements.length} tensors exceed the limit ${limits.maxTensors}`);
  return elements.map((element) => decodeTensor(element, limits));
}

/**
 * A model's inputs or outputs as the interface carries them: one tensor on its own, several as a
 * `bytes[]` list in declared order.
 */
export function encodeTensors(tensors: readonly Tensor[], limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Uint8Array {
  return tensors.length === 1 ? encodeTensor(tensors[0], limits) : encodeTensorArray(tensors, limits);
}

/** Decodes `count` tensors in the form `encodeTensors` gives them. */
export function decodeTensors(encoded: Uint8Array, count: number, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Tensor[] {
  const tensors = count === 1 ? [decodeTensor(encoded, limits)] : decodeTensorArray(encoded, limits);
  if (tensors.length !== count) throw new TensorCodecError("TensorCountMismatch", `expected ${count} tensors, got ${tensors.length}`);
  return tensors;
}

function decodeStrict<const T extends readonly AbiType[]>(types: T, encoded: Uint8Array, what: string): AbiTuple<T> {
  try {
    return decodeAbi(types, encoded);
  } catch (error) {
    if (error instanceof AbiDecodingError) throw new TensorCodecError("Malformed", `${what} is not abi.encode(${types.join(",")}): ${error.message}`);
    throw error;
  }
}
