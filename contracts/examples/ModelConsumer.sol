// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IModelPrecompile, MODEL_PRECOMPILE} from "../interfaces/IModelPrecompile.sol";
import {IArtifactPrecompile, ARTIFACT_PRECOMPILE} from "../interfaces/IArtifactPrecompile.sol";

/// @title ModelConsumer: how a contract uses Citrate's AI precompiles
/// @notice Runs a registered model on chain and keeps its latest output; pins artifacts it depends on.
///         A starting point for applications: copy what you need.
contract ModelConsumer {
    /// @notice The output of the last `infer`, encoded as the MODEL precompile returns it.
    bytes public lastOutput;
    /// @notice The model the last output came from.
    bytes32 public lastModel;

    /// @notice A model ran on `input` and produced `output`.
    event InferenceStored(bytes32 indexed modelHash, address indexed caller, bytes32 inputHash, bytes output);
    /// @notice This contract asked the network to hold `cid` with `replicas` copies.
    event ArtifactPinRequested(string cid, uint32 replicas, uint256 fee);

    /// @notice Runs `modelHash` on `input` (a tensor as IModelPrecompile encodes it) and stores the output.
    /// @dev Reverts with the precompile's reason when the model is unknown or the input does not fit it.
    /// @param modelHash sha256 of the model's ONNX file.
    /// @param input the encoded input tensor(s).
    /// @return output the encoded output tensor(s).
    function infer(bytes32 modelHash, bytes calldata input) external returns (bytes memory output) {
        output = IModelPrecompile(MODEL_PRECOMPILE).executeInference(modelHash, input);
        lastOutput = output;
        lastModel = modelHash;
        emit InferenceStored(modelHash, msg.sender, keccak256(input), output);
    }

    /// @notice Asks the network to pin `cid` with `replicas` copies; `msg.value` must be `pinFee() * replicas`.
    /// @param cid the artifact's IPFS CID.
    /// @param replicas how many copies to hold.
    function pinArtifact(string calldata cid, uint32 replicas) external payable {
        IArtifactPrecompile(ARTIFACT_PRECOMPILE).pin{value: msg.value}(cid, replicas);
        emit ArtifactPinRequested(cid, replicas, msg.value);
    }
}
