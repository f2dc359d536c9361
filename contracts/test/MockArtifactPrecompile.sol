// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {
    IArtifactPrecompile,
    ARTIFACT_STATE_NONE,
    ARTIFACT_STATE_PENDING,
    ARTIFACT_STATE_PINNED
} from "../interfaces/IArtifactPrecompile.sol";

/// @title MockArtifactPrecompile: a stand-in for the ARTIFACT precompile, for tests only
/// @notice Tests deploy it as an ordinary contract and pass its address to the ModelRegistry's
///         constructor; the pin fee starts at 0 and {setPinFee} changes it. It follows the rules of
///         `precompiles/artifact/artifact-precompile.ts`: `pin` takes exactly `pinFee() * replicas` wei
///         (kept in this account), one active request per CID, only the requester replicates and
///         unpins, each provider confirms once per request, and the interface's events.
/// @dev Unlike the precompile it does not parse CIDs: a CID is any non-empty string of at most 128
///      bytes, and `cidHash` is `keccak256(bytes(cid))` rather than the hash of its binary CIDv1.
contract MockArtifactPrecompile is IArtifactPrecompile {
    struct PinRequest {
        address requester;
        uint32 requested;
        uint32 confirmed;
        uint256 round;
    }

    uint256 private fee;
    mapping(string cid => PinRequest) private requests;
    mapping(string cid => mapping(uint256 round => mapping(address provider => bool))) private confirmedBy;

    /// @notice Sets the fee per replica that {pin} charges (governance's job on a real chain).
    function setPinFee(uint256 newFee) external {
        fee = newFee;
    }

    /// @inheritdoc IArtifactPrecompile
    function pinFee() external view returns (uint256) {
        return fee;
    }

    /// @inheritdoc IArtifactPrecompile
    function pin(string calldata cid, uint32 replicas) external payable {
        bytes32 cidHash = _cidHash(cid);
        require(replicas != 0, "ARTIFACT: replicas must be at least 1");
        PinRequest storage request = requests[cid];
        require(request.requester == address(0), "ARTIFACT: cid already has an active pin request");
        uint256 due = fee * replicas;
        require(msg.value == due, "ARTIFACT: wrong pin fee");
        request.requester = msg.sender;
        request.requested = replicas;
        request.confirmed = 0;
        ++request.round;
        emit PinRequested(cidHash, msg.sender, cid, replicas, due);
    }

    /// @inheritdoc IArtifactPrecompile
    function status(string calldata cid) external view returns (uint8 state, uint32 requested, uint32 confirmed) {
        _cidHash(cid);
        PinRequest storage request = requests[cid];
        if (request.requester == address(0)) return (ARTIFACT_STATE_NONE, 0, 0);
        state = request.confirmed >= request.requested ? ARTIFACT_STATE_PINNED : ARTIFACT_STATE_PENDING;
        return (state, request.requested, request.confirmed);
    }

    /// @inheritdoc IArtifactPrecompile
    function replicate(string calldata cid, address provider) external {
        bytes32 cidHash = _cidHash(cid);
        PinRequest storage request = _active(cid);
        require(request.requester == msg.sender, "ARTIFACT: only the requester may ask for replicas");
        require(provider != address(0), "ARTIFACT: provider is the zero address");
        emit ReplicationRequested(cidHash, provider, cid);
    }

    /// @inheritdoc IArtifactPrecompile
    function unpin(string calldata cid) external {
        bytes32 cidHash = _cidHash(cid);
        PinRequest storage request = _active(cid);
        require(request.requester == msg.sender, "ARTIFACT: only the requester may unpin");
        request.requester = address(0);
        request.requested = 0;
        request.confirmed = 0;
        emit Unpinned(cidHash, msg.sender, cid);
    }

    /// @inheritdoc IArtifactPrecompile
    function confirm(string calldata cid) external {
        bytes32 cidHash = _cidHash(cid);
        PinRequest storage request = _active(cid);
        require(!confirmedBy[cid][request.round][msg.sender], "ARTIFACT: already confirmed");
        confirmedBy[cid][request.round][msg.sender] = true;
        ++request.confirmed;
        emit PinConfirmed(cidHash, msg.sender, cid, request.confirmed);
    }

    function _active(string calldata cid) private view returns (PinRequest storage request) {
        request = requests[cid];
        require(request.requester != address(0), "ARTIFACT: no active pin request");
    }

    function _cidHash(string calldata cid) private pure returns (bytes32) {
        require(bytes(cid).length != 0 && bytes(cid).length <= 128, "ARTIFACT: invalid cid");
        return keccak256(bytes(cid));
    }
}
