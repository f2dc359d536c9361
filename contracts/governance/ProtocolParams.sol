// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IProtocolParams} from "./IProtocolParams.sol";
import {ParamKeys} from "./ParamKeys.sol";

/// @title ProtocolParams: bounded protocol parameters that change at epoch boundaries
/// @notice Holds every protocol parameter of a Citrate chain (fee split, staking, inference market and
///         the node's own settings) as a `uint256` under a `bytes32` key from {ParamKeys}. Each key has
///         bounds, registered as data with the key; no value outside them is ever accepted. Its owner (the
///         Timelock, once governance lands) schedules changes; a change made during epoch `e` is in force
///         from the first block of epoch `e + 1`. The node reads the parameters at each epoch boundary.
/// @dev A genesis predeploy: it has no constructor state, all of it lives in ERC-7201 namespaced storage
///      (`citrate.storage.ProtocolParams`, OpenZeppelin's own namespaces for ownership and
///      initialisation), and it is set up by {initialize}. The implementation's constructor disables
///      initialisers so that the implementation itself can never be taken over.
///
///      Each key stores the value in force since `sinceEpoch` and at most one pending change. A pending
///      change is promoted lazily: reads compare its activation epoch with the current epoch, and the
///      next write to the key folds it into the stored value. The three fee split keys always sum to
///      10,000 basis points: they are registered together at initialisation and change together through
///      {setFeeSplit}, always with the same activation epoch.
contract ProtocolParams is IProtocolParams, Initializable, Ownable2StepUpgradeable {
    /// @notice Basis points in a whole.
    uint256 public constant BPS_DENOMINATOR = 10_000;

    /// @dev One key's state. Epoch numbers fit in 64 bits for any chain that will ever run.
    struct Param {
        uint256 value;
        uint256 pendingValue;
        uint256 min;
        uint256 max;
        uint64 sinceEpoch;
        uint64 activationEpoch;
        bool hasPending;
        bool registered;
    }

    /// @custom:storage-location erc7201:citrate.storage.ProtocolParams
    struct ProtocolParamsStorage {
        uint256 epochLength;
        bytes32[] keys;
        mapping(bytes32 key => Param) params;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.ProtocolParams")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PROTOCOL_PARAMS_STORAGE_LOCATION =
        0x0bd52ceb31582336c27c721dccc826fb3576f1cc4b43cd0b8c8258fc52c4c400;

    function _store() private pure returns (ProtocolParamsStorage storage $) {
        assembly {
            $.slot := PROTOCOL_PARAMS_STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the owner, the epoch length and registers the initial keys.
    /// @dev `specs` must contain the three fee split keys, whose initial values sum to 10,000; every
    ///      initial value is in force from the current epoch (epoch 0 at genesis). Emits
    ///      {EpochLengthSet}, one {ParamRegistered} per key and OpenZeppelin's `OwnershipTransferred`.
    /// @param initialOwner the account allowed to change parameters (the Timelock, or a deployer that
    ///        hands ownership over to it with `transferOwnership` + `acceptOwnership`).
    /// @param epochLength_ blocks per epoch (non-zero).
    /// @param specs the keys to register, with their bounds and initial values.
    function initialize(address initialOwner, uint256 epochLength_, ParamSpec[] calldata specs)
        external
        initializer
    {
        __Ownable_init(initialOwner);
        if (epochLength_ == 0) revert ZeroEpochLength();
        _store().epochLength = epochLength_;
        emit EpochLengthSet(epochLength_);

        for (uint256 i = 0; i < specs.length; ++i) {
            ParamSpec calldata spec = specs[i];
            _register(spec.key, spec.min, spec.max, spec.initial);
        }

        (uint256 providerBps, uint256 treasuryBps, uint256 burnBps) = feeSplit();
        uint256 total = providerBps + treasuryBps + burnBps;
        if (total != BPS_DENOMINATOR) revert FeeSplitMustSum(total);
    }

    // ------------------------------------------------------------------------------------------------
    // Owner actions
    // ------------------------------------------------------------------------------------------------

    /// @notice Schedules `key` to become `value` at the start of the next epoch.
    /// @dev A second change of the same key in the same epoch replaces the first. Emits
    ///      {ParamChangeScheduled}. Reverts with {UnknownParam}, {ParamOutOfBounds}, or
    ///      {FeeSplitKeyUseSetFeeSplit} for the three fee split keys (use {setFeeSplit}).
    /// @param key a registered key other than a fee split key.
    /// @param value the new value, within the key's bounds.
    function setParam(bytes32 key, uint256 value) external onlyOwner {
        if (_isFeeSplitKey(key)) revert FeeSplitKeyUseSetFeeSplit(key);
        Param storage param = _checkedParam(key, value);
        _schedule(key, param, value);
    }

    /// @notice Schedules a new fee split for the start of the next epoch; the three shares change together.
    /// @dev Each share must lie within its key's bounds and the three must sum to 10,000. Emits one
    ///      {ParamChangeScheduled} per fee split key, all with the same activation epoch. Reverts with
    ///      {ParamOutOfBounds} or {FeeSplitMustSum}.
    /// @param providerBps share credited to the provider, in basis points.
    /// @param treasuryBps share sent to the Treasury, in basis points.
    /// @param burnBps share burned, in basis points.
    function setFeeSplit(uint256 providerBps, uint256 treasuryBps, uint256 burnBps) external onlyOwner {
        Param storage provider = _checkedParam(ParamKeys.FEE_PROVIDER_BPS, providerBps);
        Param storage treasury = _checkedParam(ParamKeys.FEE_TREASURY_BPS, treasuryBps);
        Param storage burn = _checkedParam(ParamKeys.FEE_BURN_BPS, burnBps);
        uint256 total = providerBps + treasuryBps + burnBps;
        if (total != BPS_DENOMINATOR) revert FeeSplitMustSum(total);
        _schedule(ParamKeys.FEE_PROVIDER_BPS, provider, providerBps);
        _schedule(ParamKeys.FEE_TREASURY_BPS, treasury, treasuryBps);
        _schedule(ParamKeys.FEE_BURN_BPS, burn, burnBps);
    }

    /// @notice Registers a new key with its bounds; `initial` is in force from the current epoch.
    /// @dev For keys added by governance after genesis. Emits {ParamRegistered}. Reverts with
    ///      {ParamAlreadyRegistered} or {InvalidParamSpec} (zero key, or not `min <= initial <= max`).
    /// @param key the new key (by convention `keccak256("citrate.<area>.<name>")`).
    /// @param min lowest value allowed (inclusive).
    /// @param max highest value allowed (inclusive).
    /// @param initial the value in force from now on.
    function registerParam(bytes32 key, uint256 min, uint256 max, uint256 initial) external onlyOwner {
        _register(key, min, max, initial);
    }

    /// @notice Disabled: without an owner no parameter could ever change again.
    /// @dev Always reverts with {OwnershipCannotBeRenounced}; hand ownership over with
    ///      `transferOwnership` + `acceptOwnership` instead.
    function renounceOwnership() public view override onlyOwner {
        revert OwnershipCannotBeRenounced();
    }

    // ------------------------------------------------------------------------------------------------
    // Reads
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IProtocolParams
    function getParam(bytes32 key) public view returns (uint256) {
        (uint256 value,) = _inForce(_param(key), currentEpoch());
        return value;
    }

    /// @inheritdoc IProtocolParams
    function paramAt(bytes32 key, uint256 epoch) public view returns (uint256) {
        Param storage param = _param(key);
        if (param.hasPending && epoch >= param.activationEpoch) return param.pendingValue;
        if (epoch < param.sinceEpoch) revert ParamHistoryUnavailable(key, epoch, param.sinceEpoch);
        return param.value;
    }

    /// @inheritdoc IProtocolParams
    function pendingParam(bytes32 key) external view returns (uint256 value, uint256 activationEpoch, bool hasPending) {
        Param storage param = _param(key);
        if (param.hasPending && currentEpoch() < param.activationEpoch) {
            return (param.pendingValue, param.activationEpoch, true);
        }
        return (0, 0, false);
    }

    /// @notice Everything known about `key` now: value in force, pending change, bounds.
    /// @dev Reverts with {UnknownParam} for an unregistered key.
    function paramInfo(bytes32 key) public view returns (ParamInfo memory info) {
        Param storage param = _param(key);
        uint256 epoch = currentEpoch();
        (info.value, info.sinceEpoch) = _inForce(param, epoch);
        if (param.hasPending && epoch < param.activationEpoch) {
            info.pendingValue = param.pendingValue;
            info.activationEpoch = param.activationEpoch;
            info.hasPending = true;
        }
        info.min = param.min;
        info.max = param.max;
    }

    /// @notice Every registered key with its {ParamInfo}, in registration order (for `citrate_getParams`).
    function allParams() external view returns (bytes32[] memory keys, ParamInfo[] memory infos) {
        keys = _store().keys;
        infos = new ParamInfo[](keys.length);
        for (uint256 i = 0; i < keys.length; ++i) {
            infos[i] = paramInfo(keys[i]);
        }
    }

    /// @notice Every registered key with its value during `epoch` (what the node applies for that epoch).
    /// @dev Reverts with {ParamHistoryUnavailable} if some key's value in `epoch` is no longer stored.
    function paramsAt(uint256 epoch) external view returns (bytes32[] memory keys, uint256[] memory values) {
        keys = _store().keys;
        values = new uint256[](keys.length);
        for (uint256 i = 0; i < keys.length; ++i) {
            values[i] = paramAt(keys[i], epoch);
        }
    }

    /// @inheritdoc IProtocolParams
    function feeSplit() public view returns (uint256 providerBps, uint256 treasuryBps, uint256 burnBps) {
        return (
            getParam(ParamKeys.FEE_PROVIDER_BPS),
            getParam(ParamKeys.FEE_TREASURY_BPS),
            getParam(ParamKeys.FEE_BURN_BPS)
        );
    }

    /// @notice All registered keys, in registration order.
    function paramKeys() external view returns (bytes32[] memory) {
        return _store().keys;
    }

    /// @notice Whether `key` is registered.
    function isParam(bytes32 key) external view returns (bool) {
        return _store().params[key].registered;
    }

    /// @notice The bounds of `key` (inclusive). Reverts with {UnknownParam} for an unregistered key.
    function bounds(bytes32 key) external view returns (uint256 min, uint256 max) {
        Param storage param = _param(key);
        return (param.min, param.max);
    }

    /// @notice Blocks per epoch, fixed at initialisation.
    function epochLength() public view returns (uint256) {
        return _store().epochLength;
    }

    /// @notice The current epoch: `block.number / epochLength`.
    function currentEpoch() public view returns (uint256) {
        return block.number / _store().epochLength;
    }

    /// @notice The first block of `epoch`: `epoch * epochLength`.
    function epochStartBlock(uint256 epoch) external view returns (uint256) {
        return epoch * _store().epochLength;
    }

    // ------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------

    function _register(bytes32 key, uint256 min, uint256 max, uint256 initial) private {
        ProtocolParamsStorage storage $ = _store();
        if ($.params[key].registered) revert ParamAlreadyRegistered(key);
        if (key == bytes32(0) || min > max || initial < min || initial > max) {
            revert InvalidParamSpec(key, min, max, initial);
        }
        uint256 epoch = currentEpoch();
        $.params[key] = Param({
            value: initial,
            pendingValue: 0,
            min: min,
            max: max,
            sinceEpoch: SafeCast.toUint64(epoch),
            activationEpoch: 0,
            hasPending: false,
            registered: true
        });
        $.keys.push(key);
        emit ParamRegistered(key, min, max, initial, epoch);
    }

    /// @dev Schedules `value` for the next epoch, first folding an already active pending change into
    ///      the stored value (so that the event's old value and `sinceEpoch` stay exact).
    function _schedule(bytes32 key, Param storage param, uint256 value) private {
        uint256 epoch = currentEpoch();
        if (param.hasPending && epoch >= param.activationEpoch) {
            param.value = param.pendingValue;
            param.sinceEpoch = param.activationEpoch;
        }
        uint256 activationEpoch = epoch + 1;
        param.pendingValue = value;
        param.activationEpoch = SafeCast.toUint64(activationEpoch);
        param.hasPending = true;
        emit ParamChangeScheduled(key, param.value, value, activationEpoch);
    }

    /// @dev The value in force in `epoch` (not before the stored value's own epoch) and the epoch since
    ///      which it is.
    function _inForce(Param storage param, uint256 epoch) private view returns (uint256 value, uint256 since) {
        if (param.hasPending && epoch >= param.activationEpoch) return (param.pendingValue, param.activationEpoch);
        return (param.value, param.sinceEpoch);
    }

    function _param(bytes32 key) private view returns (Param storage param) {
        param = _store().params[key];
        if (!param.registered) revert UnknownParam(key);
    }

    function _checkedParam(bytes32 key, uint256 value) private view returns (Param storage param) {
        param = _param(key);
        if (value < param.min || value > param.max) revert ParamOutOfBounds(key, value, param.min, param.max);
    }

    function _isFeeSplitKey(bytes32 key) private pure returns (bool) {
        return key == ParamKeys.FEE_PROVIDER_BPS || key == ParamKeys.FEE_TREASURY_BPS || key == ParamKeys.FEE_BURN_BPS;
    }
}
