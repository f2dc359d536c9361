// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {
    IArtifactPrecompile,
    ARTIFACT_STATE_NONE,
    ARTIFACT_STATE_PENDING,
    ARTIFACT_STATE_PINNED
} from "../interfaces/IArtifactPrecompile.sol";

/// @title MockArtifactPrecompile: a stand-in for the ARTIFACT precompile, for tests only
/// @notice Tests install its runtime code at 0x…1002 with `hardhat_setCode` (no constructor state). It
///         records pin requests and confirmations the way the interface describes, in its own storage;
///         {reset} forgets them all (storage at the fixed address outlives `hardhat_setCode`).
contract MockArtifactPrecompile is IArtifactPrecompile {
    struct PinRequest {
        address requester;
        uint32 requested;
        uint32 confirmed;
        uint256 round;
    }

    uint256 private generation;
    mapping(uint256 generation => mapping(string cid => PinRequest)) private requests;
    mapping(uint256 generation => mapping(string cid => mapping(uint256 round => mapping(address provider => bool))))
        private confirmedBy;

    event MockPinned(string cid, address indexed requester, uint32 replicas);
    event MockReplicated(string cid, address indexed provider);
    event MockUnpinned(string cid);
    event MockConfirmed(string cid, address indexed provider);

    /// @notice Forgets every pin request.
    function reset() external {
        ++generation;
    }

    /// @inheritdoc IArtifactPrecompile
    function pin(string calldata cid, uint32 replicas) external {
        require(replicas != 0, "ARTIFACT: zero replicas");
        require(bytes(cid).length != 0, "ARTIFACT: invalid cid");
        PinRequest storage request = requests[generation][cid];
        request.requester = msg.sender;
        request.requested = replicas;
        emit MockPinned(cid, msg.sender, replicas);
    }

    /// @inheritdoc IArtifactPrecompile
    function status(string calldata cid) external view returns (uint8 state, uint32 requested, uint32 confirmed) {
        PinRequest storage request = requests[generation][cid];
        if (request.requested == 0) return (ARTIFACT_STATE_NONE, 0, 0);
        state = request.confirmed >= request.requested ? ARTIFACT_STATE_PINNED : ARTIFACT_STATE_PENDING;
        return (state, request.requested, request.confirmed);
    }

    /// @inheritdoc IArtifactPrecompile
    function replicate(string calldata cid, address provider) external {
        require(requests[generation][cid].requested != 0, "ARTIFACT: not pinned");
        emit MockReplicated(cid, provider);
    }

    /// @inheritdoc IArtifactPrecompile
    function unpin(string calldata cid) external {
        PinRequest storage request = requests[generation][cid];
        require(request.requested != 0, "ARTIFACT: not pinned");
        require(request.requester == msg.sender, "ARTIFACT: not requester");
        request.requested = 0;
        request.confirmed = 0;
        ++request.round;
        emit MockUnpinned(cid);
    }

    /// @inheritdoc IArtifactPrecompile
    function confirm(string calldata cid) external {
        PinRequest storage request = requests[generation][cid];
        require(request.requested != 0, "ARTIFACT: not pinned");
        require(!confirmedBy[generation][cid][request.round][msg.sender], "ARTIFACT: already confirmed");
        confirmedBy[generation][cid][request.round][msg.sender] = true;
        ++request.confirmed;
        emit MockConfirmed(cid, msg.sender);
    }
}
