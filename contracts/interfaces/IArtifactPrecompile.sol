// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Address of the ARTIFACT precompile on every Citrate chain.
address constant ARTIFACT_PRECOMPILE = 0x0000000000000000000000000000000000001002;

/// @dev `IArtifactPrecompile.status` states: no active pin request for the CID.
uint8 constant ARTIFACT_STATE_NONE = 0;
/// @dev `IArtifactPrecompile.status` states: requested, fewer confirmations than replicas requested.
uint8 constant ARTIFACT_STATE_PENDING = 1;
/// @dev `IArtifactPrecompile.status` states: at least as many confirmations as replicas requested.
uint8 constant ARTIFACT_STATE_PINNED = 2;

/// @title ARTIFACT precompile: replicated pinning of IPFS artifacts (model files, adapters, datasets)
/// @notice Lives at `ARTIFACT_PRECOMPILE` (0x…1002) on every Citrate chain.
/// @dev Consensus state records pin requests and providers' confirmations only; the data itself is
///      fetched and pinned by each node's artifact manager, outside consensus. CIDs are IPFS CIDs as
///      Kubo computes them (`--cid-version=1`).
interface IArtifactPrecompile {
    /// @notice Requests that the artifact `cid` be held by `replicas` storage providers.
    /// @dev The caller becomes the request's requester (see `unpin`). Reverts if `replicas` is 0 or `cid`
    ///      is not a valid CID.
    /// @param cid IPFS CID of the artifact.
    /// @param replicas number of providers that should hold a copy.
    function pin(string calldata cid, uint32 replicas) external;

    /// @notice Reports the pin request for `cid`.
    /// @param cid IPFS CID of the artifact.
    /// @return state `ARTIFACT_STATE_NONE` (0), `ARTIFACT_STATE_PENDING` (1) or `ARTIFACT_STATE_PINNED` (2).
    /// @return requested replicas requested (0 when there is no request).
    /// @return confirmed providers that have confirmed holding the artifact.
    function status(string calldata cid) external view returns (uint8 state, uint32 requested, uint32 confirmed);

    /// @notice Asks storage provider `provider` to hold a replica of the artifact `cid`.
    /// @dev The replica counts towards `confirmed` only once `provider` calls `confirm`. Reverts if there
    ///      is no active pin request for `cid`.
    /// @param cid IPFS CID of the artifact.
    /// @param provider the storage provider asked to replicate it.
    function replicate(string calldata cid, address provider) external;

    /// @notice Withdraws the pin request for `cid`; providers may then drop the data.
    /// @dev Only the requester (the account that called `pin`) may call it. Afterwards `status` reports
    ///      `ARTIFACT_STATE_NONE`.
    /// @param cid IPFS CID of the artifact.
    function unpin(string calldata cid) external;

    /// @notice A storage provider (the caller) attests that it holds the artifact `cid`.
    /// @dev Counts once per provider. Reverts if there is no active pin request for `cid` or the caller
    ///      has already confirmed it.
    /// @param cid IPFS CID of the artifact.
    function confirm(string calldata cid) external;
}
