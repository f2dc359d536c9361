/**
 * The MODEL precompile's gas schedule. Every price is known before the work starts: registration by
 * the model file's size, inference by its input bytes and its multiply-accumulates (at the
 * governance-set `gasPerMac`, default 1). A call whose gas does not cover the price runs out of gas
 * and nothing runs.
 */

/** registerModel / updateModel: fixed part (covers the storage writes and the session set-up). */
export const REGISTER_BASE_GAS = 200_000n;
/** registerModel / updateModel: per byte of the ONNX file (hashing, parsing, validation). */
export const REGISTER_GAS_PER_MODEL_BYTE = 10n;
/** executeInference / verifyInference: fixed part. */
export const INFERENCE_BASE_GAS = 30_000n;
/** executeInference / verifyInference: per byte of `input` (decoding, copying into the runtime). */
export const INFERENCE_GAS_PER_INPUT_BYTE = 8n;
/** verifyInference: per byte of `claimedOutput` (decoding, comparing). */
export const VERIFY_GAS_PER_CLAIM_BYTE = 8n;
/** modelInfo. */
export const MODEL_INFO_GAS = 10_000n;
/** A call that fails before it can be priced (bad selector, calldata that does not decode). */
export const MALFORMED_CALL_GAS = 3_000n;
/** The default price of one multiply-accumulate; governance may change it at epoch boundaries. */
export const DEFAULT_GAS_PER_MAC = 1n;

export function registerGas(modelBytes: number): bigint {
  return REGISTER_BASE_GAS + REGISTER_GAS_PER_MODEL_BYTE * BigInt(modelBytes);
}

export function inferenceGas(inputBytes: number, macs: bigint, gasPerMac: bigint): bigint {
  return INFERENCE_BASE_GAS + INFERENCE_GAS_PER_INPUT_BYTE * BigInt(inputBytes) + gasPerMac * macs;
}
