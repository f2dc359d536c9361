/**
 * The MODEL precompile's ABI (`contracts/interfaces/IModelPrecompile.sol`): selectors from the Solidity
 * signatures, argument and return types, and the spec encoding `modelInfo` returns.
 */
import { id } from "ethers";
import { encodeAbi, type AbiType } from "../inference/abi.js";
import type { TensorSpec } from "../inference/onnx-model.js";
import { DTYPE_CODES } from "../inference/tensor-codec.js";

/** The precompile's address on every Citrate chain. */
export const MODEL_PRECOMPILE_ADDRESS = "0x0000000000000000000000000000000000001000";

interface FunctionAbi {
  readonly signature: string;
  readonly params: readonly AbiType[];
}

export const MODEL_FUNCTIONS = {
  registerModel: { signature: "registerModel(bytes32,string)", params: ["bytes32", "string"] },
  updateModel: { signature: "updateModel(bytes32,bytes32,string)", params: ["bytes32", "bytes32", "string"] },
  executeInference: { signature: "executeInference(bytes32,bytes)", params: ["bytes32", "bytes"] },
  verifyInference: { signature: "verifyInference(bytes32,bytes,bytes,uint32)", params: ["bytes32", "bytes", "bytes", "uint32"] },
  modelInfo: { signature: "modelInfo(bytes32)", params: ["bytes32"] },
} as const satisfies Record<string, FunctionAbi>;

export type ModelFunction = keyof typeof MODEL_FUNCTIONS;

/** The 4-byte selector of `signature`, as `0x…` hex. */
export function selectorOf(signature: string): string {
  return id(signature).slice(0, 10);
}

export const FUNCTION_BY_SELECTOR: ReadonlyMap<string, ModelFunction> = new Map(
  (Object.keys(MODEL_FUNCTIONS) as ModelFunction[]).map((name) => [selectorOf(MODEL_FUNCTIONS[name].signature), name]),
);

/** `abi.encode(bytes[] specs)`, each spec `abi.encode(string name, uint8 dtype, int64[] shape)`. */
export function encodeSpecs(specs: readonly TensorSpec[]): Uint8Array {
  return encodeAbi(["bytes[]"], [specs.map((spec) => encodeAbi(["string", "uint8", "int64[]"], [spec.name, DTYPE_CODES[spec.dtype], spec.shape.map(BigInt)]))]);
}
