// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {TimelockControllerUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title GovernorClassTimelock: a TimelockController binding where each proposal has its own delay
/// @notice OpenZeppelin's {GovernorTimelockControl}, except that a queued proposal waits
///         `max(_queueDelay(proposalId), timelock.getMinDelay())` rather than always the timelock's minimum
///         delay, so that a governor can give some proposals (upgrades) a longer delay than others.
/// @dev The Governor must hold the timelock's PROPOSER and CANCELLER roles, and should be its only
///      EXECUTOR (an open executor role would let anyone run a queued operation that the Governor later
///      considers defeated, e.g. a vetoed emergency). State lives in ERC-7201 namespaced storage
///      `citrate.storage.GovernorClassTimelock`.
abstract contract GovernorClassTimelockUpgradeable is Initializable, GovernorUpgradeable {
    /// @custom:storage-location erc7201:citrate.storage.GovernorClassTimelock
    struct GovernorClassTimelockStorage {
        TimelockControllerUpgradeable timelock;
        mapping(uint256 proposalId => bytes32) timelockIds;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.GovernorClassTimelock")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant GOVERNOR_CLASS_TIMELOCK_STORAGE_LOCATION =
        0x5dfed724b0bad626bf38747e75d490f933d8455aeb1caa1bbd0f2848a6687600;

    /// @notice The timelock that executes proposals changed (set once, at initialisation).
    event TimelockChange(address oldTimelock, address newTimelock);

    /// @notice Proposal `proposalId` was scheduled in the timelock as operation `operationId`, `delay` seconds ahead.
    event ProposalScheduled(uint256 indexed proposalId, bytes32 operationId, uint256 delay);

    function __GovernorClassTimelock_init(TimelockControllerUpgradeable timelock_) internal onlyInitializing {
        _classTimelockStore().timelock = timelock_;
        emit TimelockChange(address(0), address(timelock_));
    }

    /// @notice The timelock that executes proposals (and owns what they govern).
    function timelock() public view returns (address) {
        return address(_classTimelockStore().timelock);
    }

    /// @notice The timelock operation id of queued proposal `proposalId` (zero if not queued).
    function proposalTimelockId(uint256 proposalId) public view returns (bytes32) {
        return _classTimelockStore().timelockIds[proposalId];
    }

    /// @notice The state of `proposalId`, reading the timelock for queued proposals (as {GovernorTimelockControl}).
    function state(uint256 proposalId) public view virtual override returns (ProposalState) {
        ProposalState currentState = super.state(proposalId);
        if (currentState != ProposalState.Queued) return currentState;
        GovernorClassTimelockStorage storage $ = _classTimelockStore();
        bytes32 queueId = $.timelockIds[proposalId];
        if ($.timelock.isOperationPending(queueId)) return ProposalState.Queued;
        if ($.timelock.isOperationDone(queueId)) return ProposalState.Executed;
        return ProposalState.Canceled;
    }

    /// @notice Every proposal goes through the timelock.
    function proposalNeedsQueuing(uint256) public view virtual override returns (bool) {
        return true;
    }

    /// @dev The delay a proposal asks for; the timelock's minimum delay applies when it is longer.
    function _queueDelay(uint256 proposalId) internal view virtual returns (uint256);

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal virtual override returns (uint48) {
        GovernorClassTimelockStorage storage $ = _classTimelockStore();
        uint256 delay = Math.max(_queueDelay(proposalId), $.timelock.getMinDelay());
        bytes32 salt = _timelockSalt(descriptionHash);
        bytes32 operationId = $.timelock.hashOperationBatch(targets, values, calldatas, 0, salt);
        $.timelockIds[proposalId] = operationId;
        $.timelock.scheduleBatch(targets, values, calldatas, 0, salt, delay);
        emit ProposalScheduled(proposalId, operationId, delay);
        return SafeCast.toUint48(block.timestamp + delay);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal virtual override {
        GovernorClassTimelockStorage storage $ = _classTimelockStore();
        $.timelock.executeBatch{value: msg.value}(targets, values, calldatas, 0, _timelockSalt(descriptionHash));
        delete $.timelockIds[proposalId];
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal virtual override returns (uint256 proposalId) {
        proposalId = super._cancel(targets, values, calldatas, descriptionHash);
        _cancelTimelockOperation(proposalId);
    }

    /// @dev Cancels the timelock operation of `proposalId`, if it has one pending.
    function _cancelTimelockOperation(uint256 proposalId) internal {
        GovernorClassTimelockStorage storage $ = _classTimelockStore();
        bytes32 operationId = $.timelockIds[proposalId];
        if (operationId != 0) {
            $.timelock.cancel(operationId);
            delete $.timelockIds[proposalId];
        }
    }

    function _executor() internal view virtual override returns (address) {
        return address(_classTimelockStore().timelock);
    }

    /// @dev The governor's address in the salt keeps operations of two governors on one timelock apart.
    function _timelockSalt(bytes32 descriptionHash) private view returns (bytes32) {
        return bytes20(address(this)) ^ descriptionHash;
    }

    function _classTimelockStore() private pure returns (GovernorClassTimelockStorage storage $) {
        assembly {
            $.slot := GOVERNOR_CLASS_TIMELOCK_STORAGE_LOCATION
        }
    }
}
