// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IModelPrecompile} from "../interfaces/IModelPrecompile.sol";

/// @title MockModelPrecompile: a deterministic stand-in for the MODEL precompile, for tests only
/// @notice Tests deploy it as an ordinary contract and pass its address to the constructors of the
///         contracts that call MODEL (see {ModelPrecompileClient}). A "model" is any registered hash; its
///         inference is a pure function of the hash and the input:
///         `abi.encode(expectedOutput(modelHash, input))`, one 32-byte word below 2^128.
///         `verifyInference` accepts a claimed word within `toleranceBps` of that value. {reset} forgets
///         every registration, so a test can make the precompile lose a model its registry still lists.
contract MockModelPrecompile is IModelPrecompile {
    uint256 private generation;
    mapping(uint256 generation => mapping(bytes32 modelHash => address)) private owners;
    mapping(uint256 generation => mapping(bytes32 modelHash => string)) private cids;

    event MockModelRegistered(bytes32 indexed modelHash, address indexed owner, string cid);
    event MockModelUpdated(bytes32 indexed oldHash, bytes32 indexed newHash, string cid);

    /// @notice Forgets every registration.
    function reset() external {
        ++generation;
    }

    /// @notice The account that registered `modelHash` (zero if none).
    function ownerOf(bytes32 modelHash) external view returns (address) {
        return owners[generation][modelHash];
    }

    /// @inheritdoc IModelPrecompile
    function registerModel(bytes32 modelHash, string calldata cid) external {
        require(owners[generation][modelHash] == address(0), "MODEL: already registered");
        require(bytes(cid).length != 0, "MODEL: invalid cid");
        owners[generation][modelHash] = msg.sender;
        cids[generation][modelHash] = cid;
        emit MockModelRegistered(modelHash, msg.sender, cid);
    }

    /// @inheritdoc IModelPrecompile
    function updateModel(bytes32 oldHash, bytes32 newHash, string calldata cid) external {
        require(owners[generation][oldHash] != address(0), "MODEL: unknown model");
        require(owners[generation][oldHash] == msg.sender, "MODEL: not owner");
        require(owners[generation][newHash] == address(0), "MODEL: already registered");
        require(bytes(cid).length != 0, "MODEL: invalid cid");
        delete owners[generation][oldHash];
        delete cids[generation][oldHash];
        owners[generation][newHash] = msg.sender;
        cids[generation][newHash] = cid;
        emit MockModelUpdated(oldHash, newHash, cid);
    }

    /// @inheritdoc IModelPrecompile
    function executeInference(bytes32 modelHash, bytes calldata input) external view returns (bytes memory output) {
        return abi.encode(_run(modelHash, input));
    }

    /// @inheritdoc IModelPrecompile
    function verifyInference(bytes32 modelHash, bytes calldata input, bytes calldata claimedOutput, uint32 toleranceBps)
        external
        view
        returns (bool ok)
    {
        uint256 expected = _run(modelHash, input);
        if (claimedOutput.length != 32) return false;
        uint256 claimed = abi.decode(claimedOutput, (uint256));
        uint256 diff = claimed > expected ? claimed - expected : expected - claimed;
        return diff * 10_000 <= expected * toleranceBps;
    }

    /// @inheritdoc IModelPrecompile
    function modelInfo(bytes32 modelHash)
        external
        view
        returns (string memory cid, uint64 macs, bytes memory inputsSpec, bytes memory outputsSpec)
    {
        require(owners[generation][modelHash] != address(0), "MODEL: unknown model");
        return (cids[generation][modelHash], 1, "", "");
    }

    /// @notice The output word `executeInference` returns for `modelHash` and `input`.
    function expectedOutput(bytes32 modelHash, bytes calldata input) external pure returns (uint256) {
        return _output(modelHash, input);
    }

    function _run(bytes32 modelHash, bytes calldata input) private view returns (uint256) {
        require(owners[generation][modelHash] != address(0), "MODEL: unknown model");
        require(input.length != 0, "MODEL: bad input");
        return _output(modelHash, input);
    }

    function _output(bytes32 modelHash, bytes calldata input) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(modelHash, input))) >> 128;
    }
}
