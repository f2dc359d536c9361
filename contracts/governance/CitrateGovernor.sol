// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorSettingsUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorSettingsUpgradeable.sol";
import {GovernorProposalGuardianUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorProposalGuardianUpgradeable.sol";
import {TimelockControllerUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {GovernorDualChamberUpgradeable} from "./extensions/GovernorDualChamberUpgradeable.sol";
import {GovernorClassTimelockUpgradeable} from "./extensions/GovernorClassTimelockUpgradeable.sol";
import {ProtocolParams} from "./ProtocolParams.sol";
import {TechnicalCouncil} from "./TechnicalCouncil.sol";
import {Treasury} from "../economics/Treasury.sol";

/// @title CitrateGovernor: the protocol's dual-chamber Governor
/// @notice OpenZeppelin Governor whose proposals each carry a class (see {GovernorDualChamberUpgradeable}):
///         the class decides which chambers (staked LAT, the TechnicalCouncil) must pass it and how long
///         the Timelock holds it. The class is checked against the proposal's actions, so no proposal can
///         pick a class that needs fewer chambers than its actions deserve:
///
///         - ParameterChange: only `setParam`, `setFeeSplit`, `registerParam` on ProtocolParams;
///         - TreasurySpend: only `spend`, `spendToken` on the Treasury;
///         - CouncilMembership: only `addMember`, `removeMember` on the TechnicalCouncil;
///         - Emergency: any call except to the Treasury, the TechnicalCouncil, the Governor or the Timelock
///           (the technical chamber may not spend, pick its own members or change the rules);
///         - Upgrade: any call (both chambers and the longest delay).
///
///         In these checks every action of the first three classes sends no value. {propose} (the
///         OpenZeppelin entry point) picks the narrowest of ParameterChange, TreasurySpend and
///         CouncilMembership that fits, else Upgrade; {proposeWithClass} asks for a class (needed for
///         Emergency). Proposers need `proposalThreshold()` staked LAT votes or a council seat. The
///         proposer may cancel before voting starts, the proposal guardian at any time.
/// @dev A genesis predeploy: no constructor state, no immutables; its own state lives in ERC-7201
///      namespaced storage `citrate.storage.CitrateGovernor`, the modules' in theirs.
contract CitrateGovernor is
    Initializable,
    GovernorUpgradeable,
    GovernorSettingsUpgradeable,
    GovernorDualChamberUpgradeable,
    GovernorClassTimelockUpgradeable,
    GovernorProposalGuardianUpgradeable
{
    /// @notice Everything {initialize} sets.
    /// @param stakedLAT the token chamber's vote source.
    /// @param council the technical chamber's vote source (the TechnicalCouncil).
    /// @param timelock the Timelock that executes proposals.
    /// @param protocolParams the ProtocolParams contract (target of ParameterChange proposals).
    /// @param treasury the Treasury (target of TreasurySpend proposals).
    /// @param guardian may cancel any proposal at any time (zero: proposers may cancel theirs at any time).
    /// @param votingDelay seconds between a proposal and the start of voting (its snapshot).
    /// @param votingPeriod seconds of voting.
    /// @param proposalThreshold staked LAT votes needed to propose (council members need none).
    /// @param tokenQuorumBps token chamber quorum, basis points of staked LAT supply at the snapshot.
    /// @param technicalQuorumBps technical chamber quorum, basis points of council seats at the snapshot.
    /// @param classDelays Timelock delay per class, in seconds, in {ProposalClass} order
    ///        (ParameterChange, TreasurySpend, Upgrade, CouncilMembership, Emergency); the Timelock's
    ///        minimum delay applies where it is longer.
    struct InitConfig {
        IERC5805 stakedLAT;
        IERC5805 council;
        TimelockControllerUpgradeable timelock;
        address protocolParams;
        address payable treasury;
        address guardian;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint16 tokenQuorumBps;
        uint16 technicalQuorumBps;
        uint256[5] classDelays;
    }

    /// @custom:storage-location erc7201:citrate.storage.CitrateGovernor
    struct CitrateGovernorStorage {
        address protocolParams;
        address treasury;
        uint256[5] classDelays;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.CitrateGovernor")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant CITRATE_GOVERNOR_STORAGE_LOCATION =
        0x70b8bb9b086a30ddbd4b81fbc29a3d865e71bc4516e085f5d6d5b46337a4e100;

    /// @notice The contracts that proposal classes are checked against were set.
    event GovernedContractsSet(address protocolParams, address treasury, address council);

    /// @notice The Timelock delay of `proposalClass` changed from `oldDelay` to `newDelay` seconds.
    event ClassDelaySet(ProposalClass indexed proposalClass, uint256 oldDelay, uint256 newDelay);

    /// @notice Action `index` (calling `target` with selector `selector`) is not allowed in class `proposalClass`.
    error GovernorClassActionMismatch(ProposalClass proposalClass, uint256 index, address target, bytes4 selector);

    /// @notice A governed contract address must not be zero.
    error GovernorZeroAddress();

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets up the Governor (name "CitrateGovernor").
    /// @dev Emits `VotingDelaySet`, `VotingPeriodSet`, `ProposalThresholdSet`, {ChambersSet}, two
    ///      {ChamberQuorumUpdated}, `TimelockChange`, `ProposalGuardianSet`, {GovernedContractsSet} and
    ///      five {ClassDelaySet}. Reverts with {GovernorZeroAddress}, {GovernorChamberClockMismatch},
    ///      {GovernorInvalidQuorumFraction} or OpenZeppelin's `GovernorInvalidVotingPeriod`.
    /// @param config see {InitConfig}.
    function initialize(InitConfig calldata config) external initializer {
        if (
            address(config.stakedLAT) == address(0) || address(config.council) == address(0)
                || address(config.timelock) == address(0) || config.protocolParams == address(0)
                || config.treasury == address(0)
        ) revert GovernorZeroAddress();
        __Governor_init("CitrateGovernor");
        __GovernorSettings_init(config.votingDelay, config.votingPeriod, config.proposalThreshold);
        __GovernorDualChamber_init(config.stakedLAT, config.council, config.tokenQuorumBps, config.technicalQuorumBps);
        __GovernorClassTimelock_init(config.timelock);
        _setProposalGuardian(config.guardian);
        CitrateGovernorStorage storage $ = _store();
        $.protocolParams = config.protocolParams;
        $.treasury = config.treasury;
        emit GovernedContractsSet(config.protocolParams, config.treasury, address(config.council));
        for (uint256 i = 0; i < 5; ++i) {
            _setClassDelay(ProposalClass(i), config.classDelays[i]);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Proposing
    // ------------------------------------------------------------------------------------------------

    /// @notice Creates a proposal of the narrowest class its actions fit (see {classify}).
    /// @dev OpenZeppelin's entry point; `#proposer=0x…` description suffixes restrict who may submit it.
    ///      Emits `ProposalCreated` and {ProposalClassified}.
    function propose(address[] memory targets, uint256[] memory values, bytes[] memory calldatas, string memory description)
        public
        override
        returns (uint256)
    {
        _checkLengths(targets, values, calldatas);
        return _proposeWithClass(classify(targets, values, calldatas), targets, values, calldatas, description);
    }

    /// @notice Creates a proposal of class `proposalClass`, which its actions must fit.
    /// @dev Emits `ProposalCreated` and {ProposalClassified}. Reverts with {GovernorClassActionMismatch},
    ///      OpenZeppelin's `GovernorRestrictedProposer`, `GovernorInsufficientProposerVotes`,
    ///      `GovernorInvalidProposalLength` or `GovernorUnexpectedProposalState` (the same proposal exists).
    /// @param proposalClass_ the class (decides chambers and delay).
    /// @param targets the contracts to call.
    /// @param values wei sent with each call.
    /// @param calldatas the calls' data.
    /// @param description the proposal text (its hash is part of the proposal id).
    function proposeWithClass(
        ProposalClass proposalClass_,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) external returns (uint256) {
        _checkLengths(targets, values, calldatas);
        return _proposeWithClass(proposalClass_, targets, values, calldatas, description);
    }

    /// @notice The narrowest class whose rules all actions fit: ParameterChange, TreasurySpend or
    ///         CouncilMembership, else Upgrade.
    function classify(address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
        public
        view
        returns (ProposalClass)
    {
        ProposalClass[3] memory narrow =
            [ProposalClass.ParameterChange, ProposalClass.TreasurySpend, ProposalClass.CouncilMembership];
        for (uint256 c = 0; c < narrow.length; ++c) {
            if (_firstMismatch(narrow[c], targets, values, calldatas) == type(uint256).max) return narrow[c];
        }
        return ProposalClass.Upgrade;
    }

    /// @notice Reverts with {GovernorClassActionMismatch} unless every action fits `proposalClass`.
    function validateClass(
        ProposalClass proposalClass_,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) public view {
        uint256 index = _firstMismatch(proposalClass_, targets, values, calldatas);
        if (index != type(uint256).max) {
            revert GovernorClassActionMismatch(proposalClass_, index, targets[index], _selector(calldatas[index]));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Emergency veto
    // ------------------------------------------------------------------------------------------------

    /// @notice Vetoes emergency proposal `proposalId` after its vote closed and before it is executed,
    ///         with the caller's staked LAT votes at the proposal's snapshot.
    /// @dev Counts as a token-chamber Against vote (one vote per account, so not after voting). When the
    ///      token Against votes reach the token quorum the proposal is defeated and its Timelock operation,
    ///      if queued, is cancelled. Emits {EmergencyVetoCast} and, on reaching the quorum,
    ///      {ProposalVetoed}. Reverts with {GovernorNotEmergency}, {GovernorNoVetoWeight},
    ///      `GovernorAlreadyCastVote` or `GovernorUnexpectedProposalState` (not Succeeded or Queued).
    /// @param proposalId the emergency proposal.
    /// @return vetoed whether the proposal is now vetoed.
    function vetoEmergency(uint256 proposalId) external returns (bool vetoed) {
        vetoed = _castVeto(proposalId, _msgSender());
        if (vetoed) _cancelTimelockOperation(proposalId);
    }

    // ------------------------------------------------------------------------------------------------
    // Delays and governed contracts
    // ------------------------------------------------------------------------------------------------

    /// @notice The Timelock delay asked for by `proposalClass`, in seconds.
    function classDelay(ProposalClass proposalClass_) public view returns (uint256) {
        return _store().classDelays[uint8(proposalClass_)];
    }

    /// @notice Sets the Timelock delay of `proposalClass`.
    /// @dev Only through governance. Emits {ClassDelaySet}.
    /// @param proposalClass_ the class.
    /// @param delay seconds (the Timelock's minimum delay applies where it is longer).
    function setClassDelay(ProposalClass proposalClass_, uint256 delay) external onlyGovernance {
        _setClassDelay(proposalClass_, delay);
    }

    // ------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------

    function _proposeWithClass(
        ProposalClass proposalClass_,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) private returns (uint256 proposalId) {
        address proposer = _msgSender();
        if (!_isValidDescriptionForProposer(proposer, description)) revert GovernorRestrictedProposer(proposer);
        uint256 threshold = proposalThreshold();
        if (threshold > 0) {
            (uint256 tokenWeight, uint256 technicalWeight) = _chamberWeights(proposer, clock() - 1);
            if (tokenWeight < threshold && technicalWeight == 0) {
                revert GovernorInsufficientProposerVotes(proposer, tokenWeight, threshold);
            }
        }
        validateClass(proposalClass_, targets, values, calldatas);
        proposalId = _propose(targets, values, calldatas, description, proposer);
        _classifyProposal(proposalId, proposalClass_);
    }

    /// @dev Index of the first action that does not fit `proposalClass`, or `type(uint256).max`.
    function _firstMismatch(
        ProposalClass proposalClass_,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) private view returns (uint256) {
        for (uint256 i = 0; i < targets.length; ++i) {
            if (!_actionFits(proposalClass_, targets[i], values[i], _selector(calldatas[i]))) return i;
        }
        return type(uint256).max;
    }

    function _actionFits(ProposalClass proposalClass_, address target, uint256 value, bytes4 selector)
        private
        view
        returns (bool)
    {
        CitrateGovernorStorage storage $ = _store();
        address council = address(technicalChamber());
        if (proposalClass_ == ProposalClass.Upgrade) return true;
        if (proposalClass_ == ProposalClass.Emergency) {
            return target != $.treasury && target != council && target != address(this) && target != timelock();
        }
        if (value != 0) return false;
        if (proposalClass_ == ProposalClass.ParameterChange) {
            return target == $.protocolParams
                && (selector == ProtocolParams.setParam.selector || selector == ProtocolParams.setFeeSplit.selector
                    || selector == ProtocolParams.registerParam.selector);
        }
        if (proposalClass_ == ProposalClass.TreasurySpend) {
            return target == $.treasury && (selector == Treasury.spend.selector || selector == Treasury.spendToken.selector);
        }
        return target == council
            && (selector == TechnicalCouncil.addMember.selector || selector == TechnicalCouncil.removeMember.selector);
    }

    function _selector(bytes memory data) private pure returns (bytes4 selector) {
        if (data.length < 4) return bytes4(0);
        assembly ("memory-safe") {
            selector := mload(add(data, 0x20))
        }
    }

    function _checkLengths(address[] memory targets, uint256[] memory values, bytes[] memory calldatas) private pure {
        if (targets.length != values.length || targets.length != calldatas.length || targets.length == 0) {
            revert GovernorInvalidProposalLength(targets.length, calldatas.length, values.length);
        }
    }

    function _setClassDelay(ProposalClass proposalClass_, uint256 delay) private {
        CitrateGovernorStorage storage $ = _store();
        emit ClassDelaySet(proposalClass_, $.classDelays[uint8(proposalClass_)], delay);
        $.classDelays[uint8(proposalClass_)] = delay;
    }

    function _queueDelay(uint256 proposalId) internal view override returns (uint256) {
        return classDelay(proposalClass(proposalId));
    }

    function _store() private pure returns (CitrateGovernorStorage storage $) {
        assembly {
            $.slot := CITRATE_GOVERNOR_STORAGE_LOCATION
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Overrides required by Solidity
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc GovernorUpgradeable
    function votingDelay() public view override(GovernorUpgradeable, GovernorSettingsUpgradeable) returns (uint256) {
        return super.votingDelay();
    }

    /// @inheritdoc GovernorUpgradeable
    function votingPeriod() public view override(GovernorUpgradeable, GovernorSettingsUpgradeable) returns (uint256) {
        return super.votingPeriod();
    }

    /// @inheritdoc GovernorUpgradeable
    function proposalThreshold() public view override(GovernorUpgradeable, GovernorSettingsUpgradeable) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc GovernorUpgradeable
    function state(uint256 proposalId)
        public
        view
        override(GovernorUpgradeable, GovernorClassTimelockUpgradeable)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }

    /// @inheritdoc GovernorUpgradeable
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(GovernorUpgradeable, GovernorClassTimelockUpgradeable)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc GovernorDualChamberUpgradeable
    function clock() public view override(GovernorUpgradeable, GovernorDualChamberUpgradeable) returns (uint48) {
        return super.clock();
    }

    /// @inheritdoc GovernorDualChamberUpgradeable
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public view override(GovernorUpgradeable, GovernorDualChamberUpgradeable) returns (string memory) {
        return super.CLOCK_MODE();
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorClassTimelockUpgradeable) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorClassTimelockUpgradeable) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(address[] memory targets, uint256[] memory values, bytes[] memory calldatas, bytes32 descriptionHash)
        internal
        override(GovernorUpgradeable, GovernorClassTimelockUpgradeable)
        returns (uint256)
    {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(GovernorUpgradeable, GovernorClassTimelockUpgradeable) returns (address) {
        return super._executor();
    }

    function _validateCancel(uint256 proposalId, address caller)
        internal
        view
        override(GovernorUpgradeable, GovernorProposalGuardianUpgradeable)
        returns (bool)
    {
        return super._validateCancel(proposalId, caller);
    }
}
