// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {ERC721VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/extensions/ERC721VotesUpgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title TechnicalCouncil: non-transferable memberships, the technical chamber's voting power
/// @notice Each member holds exactly one membership token (token id = the member's address) worth one
///         vote, delegated to the member itself from the moment it is minted. Memberships cannot be
///         transferred and votes cannot be delegated to someone else. Only the owner (the Timelock, so
///         only through a governance proposal) adds and removes members.
/// @dev A genesis predeploy: no constructor state, no immutables; member list in ERC-7201 namespaced
///      storage (`citrate.storage.TechnicalCouncil`), the rest in OpenZeppelin's namespaces. The ERC-6372
///      clock is the block timestamp, like {StakedLAT}'s (see there why).
contract TechnicalCouncil is Initializable, ERC721Upgradeable, ERC721VotesUpgradeable, Ownable2StepUpgradeable {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @custom:storage-location erc7201:citrate.storage.TechnicalCouncil
    struct TechnicalCouncilStorage {
        EnumerableSet.AddressSet members;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.TechnicalCouncil")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant TECHNICAL_COUNCIL_STORAGE_LOCATION =
        0xf62597837b1892fe5038a23b2530f6f7cb1947d68a809c9fffeda36e23b0e600;

    /// @notice `member` joined the council (membership token id `uint160(member)`).
    event MemberAdded(address indexed member);

    /// @notice `member` left the council; its vote no longer counts from this timepoint on.
    event MemberRemoved(address indexed member);

    /// @notice `account` is already a member.
    error AlreadyMember(address account);

    /// @notice `account` is not a member.
    error NotMember(address account);

    /// @notice A member must not be the zero address.
    error ZeroAddress();

    /// @notice Memberships cannot move: token `tokenId` from `from` to `to` was refused.
    error MembershipNonTransferable(uint256 tokenId, address from, address to);

    /// @notice A member's vote is its own: `account` cannot delegate it to `delegatee`.
    error CouncilVoteNotDelegable(address account, address delegatee);

    /// @notice Renouncing ownership would freeze the council's membership forever, so it is disabled.
    error OwnershipCannotBeRenounced();

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the owner and the first members.
    /// @dev Emits OpenZeppelin's `OwnershipTransferred`, then for each member `Transfer`,
    ///      `DelegateChanged`, `DelegateVotesChanged` and {MemberAdded}. Reverts with {AlreadyMember}
    ///      for a duplicate or {ZeroAddress}.
    /// @param initialOwner the Timelock (or a deployer that hands ownership over with
    ///        `transferOwnership` + `acceptOwnership`).
    /// @param initialMembers the first members.
    function initialize(address initialOwner, address[] calldata initialMembers) external initializer {
        __ERC721_init("Citrate Technical Council", "CTC");
        __EIP712_init("Citrate Technical Council", "1");
        __ERC721Votes_init();
        __Ownable_init(initialOwner);
        for (uint256 i = 0; i < initialMembers.length; ++i) {
            _addMember(initialMembers[i]);
        }
    }

    /// @notice Makes `member` a member with one vote, counted from this timepoint on.
    /// @dev Owner only. Emits `Transfer`, the delegation events and {MemberAdded}. Reverts with
    ///      {AlreadyMember} or {ZeroAddress}.
    /// @param member the new member.
    function addMember(address member) external onlyOwner {
        _addMember(member);
    }

    /// @notice Removes `member`; its vote no longer counts from this timepoint on.
    /// @dev Owner only. Votes cast in proposals whose snapshot precedes the removal still count (the
    ///      snapshot rule of every Governor). Emits `Transfer`, `DelegateVotesChanged` and
    ///      {MemberRemoved}. Reverts with {NotMember}.
    /// @param member the member to remove.
    function removeMember(address member) external onlyOwner {
        if (!_store().members.remove(member)) revert NotMember(member);
        _burn(memberTokenId(member));
        emit MemberRemoved(member);
    }

    /// @notice Whether `account` is a member now.
    function isMember(address account) external view returns (bool) {
        return _store().members.contains(account);
    }

    /// @notice The current members, in no particular order.
    function members() external view returns (address[] memory) {
        return _store().members.values();
    }

    /// @notice The number of current members.
    function memberCount() external view returns (uint256) {
        return _store().members.length();
    }

    /// @notice The membership token id of `member`: its address as a number.
    function memberTokenId(address member) public pure returns (uint256) {
        return uint256(uint160(member));
    }

    /// @notice The ERC-6372 clock: the block timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice The ERC-6372 clock mode: `mode=timestamp`.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice Disabled: without an owner no member could ever be added or removed again.
    /// @dev Always reverts with {OwnershipCannotBeRenounced}.
    function renounceOwnership() public view override onlyOwner {
        revert OwnershipCannotBeRenounced();
    }

    function _addMember(address member) private {
        if (member == address(0)) revert ZeroAddress();
        if (!_store().members.add(member)) revert AlreadyMember(member);
        _delegate(member, member);
        _mint(member, memberTokenId(member));
        emit MemberAdded(member);
    }

    /// @dev Only self-delegation: a member cannot pile up other members' votes.
    function _delegate(address account, address delegatee) internal override {
        if (account != delegatee) revert CouncilVoteNotDelegable(account, delegatee);
        super._delegate(account, delegatee);
    }

    /// @dev Mints and burns only; every transfer reverts.
    function _update(address to, uint256 tokenId, address auth)
        internal
        override(ERC721Upgradeable, ERC721VotesUpgradeable)
        returns (address)
    {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) revert MembershipNonTransferable(tokenId, from, to);
        return super._update(to, tokenId, auth);
    }

    function _increaseBalance(address account, uint128 amount) internal override(ERC721Upgradeable, ERC721VotesUpgradeable) {
        super._increaseBalance(account, amount);
    }

    function _store() private pure returns (TechnicalCouncilStorage storage $) {
        assembly {
            $.slot := TECHNICAL_COUNCIL_STORAGE_LOCATION
        }
    }
}
