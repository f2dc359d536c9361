// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Address of the MODEL precompile on every Citrate chain.
address constant MODEL_PRECOMPILE = 0x0000000000000000000000000000000000001000;

/// @title MODEL precompile: ONNX models registered by content hash, run on-chain
/// @notice Lives at `MODEL_PRECOMPILE` (0x…1000) on every Citrate chain:
///         `IModelPrecompile(MODEL_PRECOMPILE).executeInference(modelHash, input)`.
/// @dev Model identity: `modelHash` is the sha256 of the ONNX file's bytes; `cid` is the IPFS CID of
///      that same file. The node fetches the artifact by CID, checks that it hashes to `modelHash` and
///      validates its ONNX graph before the model may run.
///
///      Tensor encoding, used for every input and output:
///      - one tensor is `abi.encode(uint8 dtype, uint32[] shape, bytes data)` where
///        dtype 1 = float32, 2 = int32, 3 = int64, 4 = uint8, 5 = float16, and `data` holds the
///        elements little-endian in row-major (C) order, `product(shape) * sizeof(dtype)` bytes;
///      - a model with one input (output) takes (returns) that one tensor; a model with several takes
///        (returns) `abi.encode(bytes[] tensors)`, each element one tensor encoded as above, in the
///        model's declared input (output) order.
///
///      Inference on this path is deterministic: every node computes bit-identical outputs. Gas grows
///      with the model's work (multiply-accumulates and bytes moved), not a flat fee. Malformed input
///      reverts with a reason.
interface IModelPrecompile {
    /// @notice Registers an ONNX model under its content hash.
    /// @dev The caller becomes the model's owner. The artifact behind `cid` must hash (sha256) to
    ///      `modelHash` and hold a valid ONNX graph before the model may run. Reverts if `modelHash` is
    ///      already registered or `cid` is not a valid CID.
    /// @param modelHash sha256 of the ONNX file.
    /// @param cid IPFS CID of the ONNX file.
    function registerModel(bytes32 modelHash, string calldata cid) external;

    /// @notice Replaces a registered model with a new version (new file, new hash).
    /// @dev Only the owner of `oldHash` may call it; the owner carries over to `newHash`. Reverts if
    ///      `oldHash` is unknown, `newHash` is already registered or `cid` is not a valid CID.
    /// @param oldHash sha256 of the ONNX file being replaced.
    /// @param newHash sha256 of the new ONNX file.
    /// @param cid IPFS CID of the new ONNX file.
    function updateModel(bytes32 oldHash, bytes32 newHash, string calldata cid) external;

    /// @notice Runs a registered model on `input` and returns its output.
    /// @dev Deterministic execution (bit-identical on every node). Reverts if the model is unknown or
    ///      not yet validated, if `input` does not decode or does not match the model's declared inputs
    ///      (count, dtype, shape), or if the gas given does not cover the model's work.
    /// @param modelHash sha256 of the model's ONNX file.
    /// @param input the input tensor(s), encoded as described on the interface.
    /// @return output the output tensor(s), encoded as described on the interface.
    function executeInference(bytes32 modelHash, bytes calldata input) external returns (bytes memory output);

    /// @notice Re-executes a model deterministically and checks a claimed output against the result.
    /// @dev Returns true when `claimedOutput` has the same tensors (count, dtype, shape) as the
    ///      recomputed output and every element is within tolerance: floating-point elements may differ
    ///      from the recomputed value by at most `toleranceBps` basis points of it (1 bps = 0.01 %;
    ///      0 demands identical values), integer elements must be equal. A `claimedOutput` that does not
    ///      decode returns false. Reverts like `executeInference` for an unknown model or a bad `input`.
    /// @param modelHash sha256 of the model's ONNX file.
    /// @param input the input tensor(s) the claim was computed from.
    /// @param claimedOutput the output tensor(s) being checked.
    /// @param toleranceBps allowed relative difference per floating-point element, in basis points.
    /// @return ok whether the claimed output matches within the tolerance.
    function verifyInference(bytes32 modelHash, bytes calldata input, bytes calldata claimedOutput, uint32 toleranceBps)
        external
        returns (bool ok);

    /// @notice Describes a registered model.
    /// @dev `inputsSpec` and `outputsSpec` are `abi.encode(bytes[] specs)`, one spec per declared input
    ///      (output) in order, each `abi.encode(string name, uint8 dtype, int64[] shape)` with the dtype
    ///      codes above and -1 for a dimension the model leaves dynamic. Reverts if the model is unknown.
    /// @param modelHash sha256 of the model's ONNX file.
    /// @return cid IPFS CID of the ONNX file.
    /// @return macs multiply-accumulate operations of one inference (the basis of its gas cost).
    /// @return inputsSpec the declared inputs.
    /// @return outputsSpec the declared outputs.
    function modelInfo(bytes32 modelHash)
        external
        view
        returns (string memory cid, uint64 macs, bytes memory inputsSpec, bytes memory outputsSpec);
}
