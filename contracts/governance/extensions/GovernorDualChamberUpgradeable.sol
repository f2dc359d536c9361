// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title GovernorDualChamber: two-chamber vote counting where a proposal's class picks the chambers
/// @notice Extension of OpenZeppelin's {Governor} that counts every vote in two chambers at once: the
///         token chamber (votes of an ERC-5805 token, e.g. staked LAT) and the technical chamber (votes of
///         a second ERC-5805 token, e.g. council memberships). Each proposal carries a {ProposalClass}
///         that decides which chambers must pass it:
///
///         | class               | token chamber          | technical chamber |
///         |---------------------|------------------------|-------------------|
///         | ParameterChange     | quorum + majority      | quorum + majority |
///         | TreasurySpend       | quorum + majority      | -                 |
///         | Upgrade             | quorum + majority      | quorum + majority |
///         | CouncilMembership   | quorum + majority      | -                 |
///         | Emergency           | veto (see below)       | quorum + majority |
///
///         A chamber passes when its For + Abstain votes reach its quorum and its For votes exceed its
///         Against votes. Quorum = ⌈past total supply at the snapshot × quorum fraction⌉, with the
///         fraction (basis points) frozen when the proposal is created.
///
///         Emergency: the technical chamber alone passes it, but the token chamber can veto it from the
///         start of voting until it is executed: token Against votes (cast with `castVote` while voting
///         is open, or with {_castVeto} once it has closed) that reach the token quorum defeat it.
/// @dev Support values follow Governor Bravo (0 Against, 1 For, 2 Abstain). One vote per account per
///      proposal, counted in each chamber with the account's weight there at the snapshot. `_getVotes`
///      (and so the proposal threshold) uses the token chamber. The Governor's clock is the token
///      chamber's; both chambers must use the same clock mode. State lives in ERC-7201 namespaced
///      storage `citrate.storage.GovernorDualChamber`.
abstract contract GovernorDualChamberUpgradeable is Initializable, GovernorUpgradeable {
    /// @notice What a proposal does, which decides the chambers that must pass it.
    enum ProposalClass {
        ParameterChange,
        TreasurySpend,
        Upgrade,
        CouncilMembership,
        Emergency
    }

    /// @notice The two chambers.
    enum Chamber {
        Token,
        Technical
    }

    /// @notice Governor Bravo vote types.
    enum VoteType {
        Against,
        For,
        Abstain
    }

    /// @notice One chamber's votes on one proposal.
    struct Tally {
        uint256 againstVotes;
        uint256 forVotes;
        uint256 abstainVotes;
    }

    struct ProposalTally {
        ProposalClass proposalClass;
        uint16 tokenQuorumBps;
        uint16 technicalQuorumBps;
        Tally token;
        Tally technical;
        mapping(address voter => bool) hasVoted;
    }

    /// @custom:storage-location erc7201:citrate.storage.GovernorDualChamber
    struct GovernorDualChamberStorage {
        IERC5805 tokenChamber;
        IERC5805 technicalChamber;
        uint16 tokenQuorumBps;
        uint16 technicalQuorumBps;
        mapping(uint256 proposalId => ProposalTally) tallies;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.GovernorDualChamber")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant GOVERNOR_DUAL_CHAMBER_STORAGE_LOCATION =
        0x549d1a4ae51e9973754162bd993faaa3c0327d9fadae492f5d554adcded7ad00;

    /// @notice Basis points in a whole (quorum fractions are in basis points).
    uint256 public constant QUORUM_DENOMINATOR = 10_000;

    /// @notice The two chambers' vote sources were set.
    event ChambersSet(address tokenChamber, address technicalChamber);

    /// @notice The quorum fraction of `chamber` changed from `oldBps` to `newBps` (for proposals created from now on).
    event ChamberQuorumUpdated(Chamber indexed chamber, uint256 oldBps, uint256 newBps);

    /// @notice Proposal `proposalId` has class `proposalClass` and these frozen quorum fractions.
    event ProposalClassified(uint256 indexed proposalId, ProposalClass proposalClass, uint256 tokenQuorumBps, uint256 technicalQuorumBps);

    /// @notice `voter` voted `support` on `proposalId` with `tokenWeight` token votes and `technicalWeight` council votes.
    event ChamberVotesCast(address indexed voter, uint256 indexed proposalId, uint8 support, uint256 tokenWeight, uint256 technicalWeight);

    /// @notice `voter` vetoed emergency proposal `proposalId` after voting closed, with `weight` token votes.
    event EmergencyVetoCast(address indexed voter, uint256 indexed proposalId, uint256 weight);

    /// @notice The token chamber's Against votes on emergency proposal `proposalId` reached its quorum: it is defeated.
    event ProposalVetoed(uint256 indexed proposalId);

    /// @notice A quorum fraction must be at most 10,000 basis points; `bps` is not.
    error GovernorInvalidQuorumFraction(uint256 bps);

    /// @notice Both chambers must share a clock: the token chamber's is `tokenMode`, the technical one's `technicalMode`.
    error GovernorChamberClockMismatch(string tokenMode, string technicalMode);

    /// @notice Only emergency proposals can be vetoed; `proposalId` has class `proposalClass`.
    error GovernorNotEmergency(uint256 proposalId, ProposalClass proposalClass);

    /// @notice `voter` had no token votes at the snapshot of `proposalId`, so it cannot veto it.
    error GovernorNoVetoWeight(address voter, uint256 proposalId);

    function __GovernorDualChamber_init(
        IERC5805 tokenChamber_,
        IERC5805 technicalChamber_,
        uint16 tokenQuorumBps_,
        uint16 technicalQuorumBps_
    ) internal onlyInitializing {
        string memory tokenMode = tokenChamber_.CLOCK_MODE();
        string memory technicalMode = technicalChamber_.CLOCK_MODE();
        if (keccak256(bytes(tokenMode)) != keccak256(bytes(technicalMode))) {
            revert GovernorChamberClockMismatch(tokenMode, technicalMode);
        }
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        $.tokenChamber = tokenChamber_;
        $.technicalChamber = technicalChamber_;
        emit ChambersSet(address(tokenChamber_), address(technicalChamber_));
        _setChamberQuorum(Chamber.Token, tokenQuorumBps_);
        _setChamberQuorum(Chamber.Technical, technicalQuorumBps_);
    }

    // ------------------------------------------------------------------------------------------------
    // Configuration
    // ------------------------------------------------------------------------------------------------

    /// @notice The token chamber's vote source (staked LAT).
    function tokenChamber() public view returns (IERC5805) {
        return _dualChamberStore().tokenChamber;
    }

    /// @notice The technical chamber's vote source (the council).
    function technicalChamber() public view returns (IERC5805) {
        return _dualChamberStore().technicalChamber;
    }

    /// @notice The current quorum fraction of `chamber`, in basis points (applies to new proposals).
    function chamberQuorumBps(Chamber chamber) public view returns (uint256) {
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        return chamber == Chamber.Token ? $.tokenQuorumBps : $.technicalQuorumBps;
    }

    /// @notice Sets the quorum fraction of `chamber` for proposals created from now on.
    /// @dev Only through governance. Emits {ChamberQuorumUpdated}. Reverts with {GovernorInvalidQuorumFraction}.
    /// @param chamber the chamber.
    /// @param bps the new fraction, in basis points (at most 10,000).
    function setChamberQuorum(Chamber chamber, uint16 bps) external onlyGovernance {
        _setChamberQuorum(chamber, bps);
    }

    /// @notice Which chambers a class needs.
    /// @return tokenMustPass the token chamber must reach quorum and majority.
    /// @return technicalMustPass the technical chamber must reach quorum and majority.
    /// @return tokenCanVeto token Against votes reaching the token quorum defeat the proposal.
    function classRequirements(ProposalClass proposalClass_)
        public
        pure
        returns (bool tokenMustPass, bool technicalMustPass, bool tokenCanVeto)
    {
        if (proposalClass_ == ProposalClass.Emergency) return (false, true, true);
        bool both = proposalClass_ == ProposalClass.ParameterChange || proposalClass_ == ProposalClass.Upgrade;
        return (true, both, false);
    }

    // ------------------------------------------------------------------------------------------------
    // Clock (ERC-6372): the token chamber's
    // ------------------------------------------------------------------------------------------------

    /// @notice The Governor's clock: the token chamber's (the block timestamp for staked LAT).
    function clock() public view virtual override returns (uint48) {
        return _dualChamberStore().tokenChamber.clock();
    }

    /// @notice The Governor's clock mode: the token chamber's (`mode=timestamp` for staked LAT).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public view virtual override returns (string memory) {
        return _dualChamberStore().tokenChamber.CLOCK_MODE();
    }

    // ------------------------------------------------------------------------------------------------
    // Counting
    // ------------------------------------------------------------------------------------------------

    /// @notice Bravo support values; quorum counts For and Abstain; two chambers.
    // solhint-disable-next-line func-name-mixedcase
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        return "support=bravo&quorum=for,abstain&chambers=token,technical";
    }

    /// @notice Whether `account` has voted on (or vetoed) `proposalId`.
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        return _dualChamberStore().tallies[proposalId].hasVoted[account];
    }

    /// @notice The token quorum at `timepoint` under the current token quorum fraction.
    /// @dev Part of {IGovernor}; a proposal's own quorums (fractions frozen at creation) are in {proposalQuorums}.
    function quorum(uint256 timepoint) public view virtual override returns (uint256) {
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        return _quorumOf($.tokenChamber, timepoint, $.tokenQuorumBps);
    }

    /// @notice The class of `proposalId`.
    function proposalClass(uint256 proposalId) public view returns (ProposalClass) {
        return _dualChamberStore().tallies[proposalId].proposalClass;
    }

    /// @notice The token chamber's votes on `proposalId` (the OpenZeppelin `proposalVotes` shape).
    function proposalVotes(uint256 proposalId)
        public
        view
        returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)
    {
        Tally storage token = _dualChamberStore().tallies[proposalId].token;
        return (token.againstVotes, token.forVotes, token.abstainVotes);
    }

    /// @notice Both chambers' votes on `proposalId`.
    function chamberVotes(uint256 proposalId) public view returns (Tally memory token, Tally memory technical) {
        ProposalTally storage tally = _dualChamberStore().tallies[proposalId];
        return (tally.token, tally.technical);
    }

    /// @notice Both chambers' quorums for `proposalId` (at its snapshot, with its frozen fractions).
    function proposalQuorums(uint256 proposalId) public view returns (uint256 tokenQuorum, uint256 technicalQuorum) {
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        ProposalTally storage tally = $.tallies[proposalId];
        uint256 snapshot = proposalSnapshot(proposalId);
        tokenQuorum = _quorumOf($.tokenChamber, snapshot, tally.tokenQuorumBps);
        technicalQuorum = _quorumOf($.technicalChamber, snapshot, tally.technicalQuorumBps);
    }

    /// @notice Whether emergency proposal `proposalId` has been vetoed by the token chamber.
    function isVetoed(uint256 proposalId) public view returns (bool) {
        ProposalTally storage tally = _dualChamberStore().tallies[proposalId];
        // Before voting opens there are no votes (and the snapshot's supply is not final yet).
        if (tally.proposalClass != ProposalClass.Emergency || proposalSnapshot(proposalId) >= clock()) return false;
        (uint256 tokenQuorum,) = proposalQuorums(proposalId);
        return tally.token.againstVotes > 0 && tally.token.againstVotes >= tokenQuorum;
    }

    /// @dev Both chambers' voting weight of `account` at `timepoint`.
    function _chamberWeights(address account, uint256 timepoint) internal view returns (uint256 tokenWeight, uint256 technicalWeight) {
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        return ($.tokenChamber.getPastVotes(account, timepoint), $.technicalChamber.getPastVotes(account, timepoint));
    }

    /// @dev Records the class of a new proposal and freezes the current quorum fractions for it.
    function _classifyProposal(uint256 proposalId, ProposalClass proposalClass_) internal {
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        ProposalTally storage tally = $.tallies[proposalId];
        tally.proposalClass = proposalClass_;
        tally.tokenQuorumBps = $.tokenQuorumBps;
        tally.technicalQuorumBps = $.technicalQuorumBps;
        emit ProposalClassified(proposalId, proposalClass_, $.tokenQuorumBps, $.technicalQuorumBps);
    }

    /// @dev All chambers the class needs reached their quorum.
    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage tally = _dualChamberStore().tallies[proposalId];
        (bool tokenMustPass, bool technicalMustPass,) = classRequirements(tally.proposalClass);
        (uint256 tokenQuorum, uint256 technicalQuorum) = proposalQuorums(proposalId);
        if (tokenMustPass && tally.token.forVotes + tally.token.abstainVotes < tokenQuorum) return false;
        if (technicalMustPass && tally.technical.forVotes + tally.technical.abstainVotes < technicalQuorum) return false;
        return true;
    }

    /// @dev All chambers the class needs have more For than Against votes, and no veto stands.
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage tally = _dualChamberStore().tallies[proposalId];
        (bool tokenMustPass, bool technicalMustPass, bool tokenCanVeto) = classRequirements(tally.proposalClass);
        if (tokenMustPass && tally.token.forVotes <= tally.token.againstVotes) return false;
        if (technicalMustPass && tally.technical.forVotes <= tally.technical.againstVotes) return false;
        if (tokenCanVeto && isVetoed(proposalId)) return false;
        return true;
    }

    /// @dev The token chamber's weight (so the proposal threshold is counted in staked LAT).
    function _getVotes(address account, uint256 timepoint, bytes memory /* params */)
        internal
        view
        virtual
        override
        returns (uint256)
    {
        return _dualChamberStore().tokenChamber.getPastVotes(account, timepoint);
    }

    /// @dev Counts `totalWeight` (the token weight) in the token chamber and the account's council weight
    ///      at the snapshot in the technical chamber. Returns the token weight (logged by `VoteCast`).
    function _countVote(uint256 proposalId, address account, uint8 support, uint256 totalWeight, bytes memory /* params */)
        internal
        virtual
        override
        returns (uint256)
    {
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        ProposalTally storage tally = $.tallies[proposalId];
        if (tally.hasVoted[account]) revert GovernorAlreadyCastVote(account);
        tally.hasVoted[account] = true;
        uint256 technicalWeight = $.technicalChamber.getPastVotes(account, proposalSnapshot(proposalId));
        bool wasVetoed = isVetoed(proposalId);
        if (support == uint8(VoteType.Against)) {
            tally.token.againstVotes += totalWeight;
            tally.technical.againstVotes += technicalWeight;
        } else if (support == uint8(VoteType.For)) {
            tally.token.forVotes += totalWeight;
            tally.technical.forVotes += technicalWeight;
        } else if (support == uint8(VoteType.Abstain)) {
            tally.token.abstainVotes += totalWeight;
            tally.technical.abstainVotes += technicalWeight;
        } else {
            revert GovernorInvalidVoteType();
        }
        emit ChamberVotesCast(account, proposalId, support, totalWeight, technicalWeight);
        if (!wasVetoed && isVetoed(proposalId)) emit ProposalVetoed(proposalId);
        return totalWeight;
    }

    /// @dev A token-chamber veto of emergency proposal `proposalId` after voting closed (Succeeded or
    ///      Queued), counted as Against with the voter's token weight at the snapshot. Returns whether the
    ///      proposal is now vetoed. Reverts with {GovernorNotEmergency}, `GovernorUnexpectedProposalState`,
    ///      `GovernorAlreadyCastVote` or {GovernorNoVetoWeight}.
    function _castVeto(uint256 proposalId, address voter) internal returns (bool vetoed) {
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        ProposalTally storage tally = $.tallies[proposalId];
        _validateStateBitmap(
            proposalId,
            _encodeStateBitmap(ProposalState.Succeeded) | _encodeStateBitmap(ProposalState.Queued)
        );
        if (tally.proposalClass != ProposalClass.Emergency) revert GovernorNotEmergency(proposalId, tally.proposalClass);
        if (tally.hasVoted[voter]) revert GovernorAlreadyCastVote(voter);
        uint256 weight = $.tokenChamber.getPastVotes(voter, proposalSnapshot(proposalId));
        if (weight == 0) revert GovernorNoVetoWeight(voter, proposalId);
        tally.hasVoted[voter] = true;
        tally.token.againstVotes += weight;
        emit EmergencyVetoCast(voter, proposalId, weight);
        vetoed = isVetoed(proposalId);
        if (vetoed) emit ProposalVetoed(proposalId);
    }

    function _setChamberQuorum(Chamber chamber, uint16 bps) private {
        if (bps > QUORUM_DENOMINATOR) revert GovernorInvalidQuorumFraction(bps);
        GovernorDualChamberStorage storage $ = _dualChamberStore();
        uint256 oldBps;
        if (chamber == Chamber.Token) {
            oldBps = $.tokenQuorumBps;
            $.tokenQuorumBps = bps;
        } else {
            oldBps = $.technicalQuorumBps;
            $.technicalQuorumBps = bps;
        }
        emit ChamberQuorumUpdated(chamber, oldBps, bps);
    }

    function _quorumOf(IERC5805 chamber, uint256 timepoint, uint256 bps) private view returns (uint256) {
        return Math.mulDiv(chamber.getPastTotalSupply(timepoint), bps, QUORUM_DENOMINATOR, Math.Rounding.Ceil);
    }

    function _dualChamberStore() private pure returns (GovernorDualChamberStorage storage $) {
        assembly {
            $.slot := GOVERNOR_DUAL_CHAMBER_STORAGE_LOCATION
        }
    }
}
