// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IProtocolParams: Citrate's bounded protocol parameters
/// @notice Parameters are `uint256` values under `bytes32` keys (see {ParamKeys}). Each key has bounds
///         fixed when it is registered; a change is scheduled for the next epoch boundary and every value
///         that is ever in force lies within its key's bounds.
/// @dev Epochs are counted in blocks: `epoch = block.number / epochLength`. A value scheduled during
///      epoch `e` is in force from the first block of epoch `e + 1`, block `(e + 1) * epochLength`.
interface IProtocolParams {
    /// @notice A key to register: its bounds (inclusive) and its first value.
    struct ParamSpec {
        bytes32 key;
        uint256 min;
        uint256 max;
        uint256 initial;
    }

    /// @notice Everything known about one key (what `citrate_getParams` reports).
    /// @param value value in force now.
    /// @param sinceEpoch first epoch in which `value` was in force.
    /// @param pendingValue value scheduled to take effect at `activationEpoch` (meaningful if `hasPending`).
    /// @param activationEpoch epoch from which `pendingValue` is in force (0 if none).
    /// @param hasPending whether a change is scheduled and not yet in force.
    /// @param min lowest value allowed.
    /// @param max highest value allowed.
    struct ParamInfo {
        uint256 value;
        uint256 sinceEpoch;
        uint256 pendingValue;
        uint256 activationEpoch;
        bool hasPending;
        uint256 min;
        uint256 max;
    }

    // ----- events -----

    /// @notice The epoch length was set (once, at initialisation).
    event EpochLengthSet(uint256 epochLength);

    /// @notice `key` was registered with bounds `[min, max]`; `initial` is in force from `sinceEpoch`.
    event ParamRegistered(bytes32 indexed key, uint256 min, uint256 max, uint256 initial, uint256 sinceEpoch);

    /// @notice `key` changes from `oldValue` (in force now) to `newValue` at the start of
    ///         `activationEpoch`. A later event for the same key and the same `activationEpoch` replaces
    ///         this one (only the last change scheduled in an epoch takes effect).
    event ParamChangeScheduled(bytes32 indexed key, uint256 oldValue, uint256 newValue, uint256 activationEpoch);

    // ----- errors -----

    /// @notice `key` is not a registered parameter.
    error UnknownParam(bytes32 key);

    /// @notice `value` lies outside `key`'s bounds `[min, max]`.
    error ParamOutOfBounds(bytes32 key, uint256 value, uint256 min, uint256 max);

    /// @notice `key` is already registered.
    error ParamAlreadyRegistered(bytes32 key);

    /// @notice A key to register must be non-zero and satisfy `min <= initial <= max`.
    error InvalidParamSpec(bytes32 key, uint256 min, uint256 max, uint256 initial);

    /// @notice `key` is one of the three fee split keys, which change together through `setFeeSplit`.
    error FeeSplitKeyUseSetFeeSplit(bytes32 key);

    /// @notice The fee split must sum to 10,000 basis points; this one sums to `total`.
    error FeeSplitMustSum(uint256 total);

    /// @notice The epoch length must be at least one block.
    error ZeroEpochLength();

    /// @notice The value of `key` in `epoch` is no longer stored: the earliest epoch known is `earliestEpoch`.
    /// @dev Indexers rebuild older values from `ParamRegistered` and `ParamChangeScheduled` events.
    error ParamHistoryUnavailable(bytes32 key, uint256 epoch, uint256 earliestEpoch);

    /// @notice Renouncing ownership would freeze every parameter forever, so it is disabled.
    error OwnershipCannotBeRenounced();

    // ----- reads -----

    /// @notice The value of `key` in force now (a scheduled value once its activation epoch has begun).
    /// @dev Reverts with {UnknownParam} for an unregistered key.
    function getParam(bytes32 key) external view returns (uint256);

    /// @notice The value of `key` in force during `epoch`, as scheduled now.
    /// @dev Exact for every epoch from the one in which the current value took effect; for later epochs
    ///      it includes the pending change. Reverts with {ParamHistoryUnavailable} for earlier epochs.
    function paramAt(bytes32 key, uint256 epoch) external view returns (uint256);

    /// @notice The change of `key` scheduled and not yet in force, if any.
    /// @return value the scheduled value (0 if none).
    /// @return activationEpoch the epoch from which it is in force (0 if none).
    /// @return hasPending whether a change is scheduled and not yet in force.
    function pendingParam(bytes32 key) external view returns (uint256 value, uint256 activationEpoch, bool hasPending);

    /// @notice The fee split in force now, in basis points (sums to 10,000).
    function feeSplit() external view returns (uint256 providerBps, uint256 treasuryBps, uint256 burnBps);
}
