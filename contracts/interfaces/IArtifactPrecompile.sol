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
///      Kubo computes them (`--cid-version=1`), given as strings (base58btc CIDv0 or base32 CIDv1).
///      A request is keyed by `cidHash = keccak256(binary CIDv1 of cid)`, so a CIDv0 and its CIDv1 form
///      name the same request. Every function reverts with `Error(string)` ("ARTIFACT: …") on a CID that
///      does not parse or exceeds 128 characters, on malformed calldata, on a state change inside a
///      static call, and when value is sent to a function other than `pin`.
interface IArtifactPrecompile {
    /// @notice `requester` asked for `replicas` copies of the artifact `cid` and paid `fee` wei.
    event PinRequested(bytes32 indexed cidHash, address indexed requester, string cid, uint32 replicas, uint256 fee);

    /// @notice The requester asked storage provider `provider` to hold a replica of `cid`.
    event ReplicationRequested(bytes32 indexed cidHash, address indexed provider, string cid);

    /// @notice Storage provider `provider` attested that it holds `cid`; `confirmed` providers have now.
    event PinConfirmed(bytes32 indexed cidHash, address indexed provider, string cid, uint32 confirmed);

    /// @notice `requester` withdrew the pin request for `cid`.
    event Unpinned(bytes32 indexed cidHash, address indexed requester, string cid);

    /// @notice Requests that the artifact `cid` be held by `replicas` storage providers.
    /// @dev The caller becomes the request's requester (see `unpin`). `msg.value` must equal
    ///      `pinFee() * replicas` exactly (the precompile cannot refund an overpayment); the fee stays in
    ///      the precompile's account. Reverts if `replicas` is 0, `cid` is not a valid CID, the value is
    ///      wrong, or there is already an active request for `cid`. Emits `PinRequested`.
    /// @param cid IPFS CID of the artifact.
    /// @param replicas number of providers that should hold a copy.
    function pin(string calldata cid, uint32 replicas) external payable;

    /// @notice The fee in wei per requested replica that `pin` charges now.
    /// @dev Set by governance (ProtocolParams); a change takes effect at the next epoch boundary.
    function pinFee() external view returns (uint256);

    /// @notice Reports the pin request for `cid`.
    /// @param cid IPFS CID of the artifact.
    /// @return state `ARTIFACT_STATE_NONE` (0), `ARTIFACT_STATE_PENDING` (1) or `ARTIFACT_STATE_PINNED` (2).
    /// @return requested replicas requested (0 when there is no request).
    /// @return confirmed providers that have confirmed holding the artifact.
    function status(string calldata cid) external view returns (uint8 state, uint32 requested, uint32 confirmed);

    /// @notice Asks storage provider `provider` to hold a replica of the artifact `cid`.
    /// @dev The replica counts towards `confirmed` only once `provider` calls `confirm`. Only the
    ///      requester may call it. Reverts if there is no active pin request for `cid` or `provider` is
    ///      the zero address. Emits `ReplicationRequested`.
    /// @param cid IPFS CID of the artifact.
    /// @param provider the storage provider asked to replicate it.
    function replicate(string calldata cid, address provider) external;

    /// @notice Withdraws the pin request for `cid`; providers may then drop the data.
    /// @dev Only the requester (the account that called `pin`) may call it. Afterwards `status` reports
    ///      `ARTIFACT_STATE_NONE` and earlier confirmations no longer count (a new `pin` starts afresh).
    ///      The fee is not refunded. Emits `Unpinned`.
    /// @param cid IPFS CID of the artifact.
    function unpin(string calldata cid) external;

    /// @notice A storage provider (the caller) attests that it holds the artifact `cid`.
    /// @dev Counts once per provider. Reverts if there is no active pin request for `cid` or the caller
    ///      has already confirmed it. Confirmations beyond `requested` still count. Emits `PinConfirmed`.
    /// @param cid IPFS CID of the artifact.
    function confirm(string calldata cid) external;
}
