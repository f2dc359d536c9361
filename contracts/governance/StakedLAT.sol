// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {ERC20VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20VotesUpgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title StakedLAT: native LAT locked 1:1 as an ERC20Votes token, the token chamber's voting power
/// @notice Deposit native LAT with {deposit} to receive the same amount of stLAT; {withdraw} burns stLAT
///         and sends the LAT back. Voting power follows delegation (ERC20Votes); a first deposit
///         delegates the depositor to itself so that its stake counts at once, and {delegate} moves it.
/// @dev A genesis predeploy: no constructor state, no immutables; OpenZeppelin's ERC-7201 namespaces
///      hold all state and {initialize} sets it up. The ERC-6372 clock is the block timestamp
///      (`mode=timestamp`): on a BlockDAG, parallel blocks share heights, and a dev node mines only on
///      demand, so block numbers measure neither order nor time; both governance chambers and the
///      Governor use this clock.
contract StakedLAT is Initializable, ERC20Upgradeable, ERC20PermitUpgradeable, ERC20VotesUpgradeable, ReentrancyGuardTransient {
    /// @notice `account` deposited `amount` wei of LAT and received as much stLAT.
    event Deposited(address indexed account, uint256 amount);

    /// @notice `account` burned `amount` stLAT and `to` received as much LAT.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);

    /// @notice A deposit or withdrawal must move a non-zero amount.
    error ZeroAmount();

    /// @notice The recipient must not be the zero address.
    error ZeroAddress();

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the token's name ("Staked LAT"), symbol ("stLAT") and EIP-712 domain.
    /// @dev Takes no arguments: the genesis builder runs it as is. Emits OpenZeppelin's `Initialized`.
    function initialize() external initializer {
        __ERC20_init("Staked LAT", "stLAT");
        __ERC20Permit_init("Staked LAT");
        __ERC20Votes_init();
    }

    /// @notice Locks `msg.value` wei of LAT and mints as much stLAT to the caller.
    /// @dev Delegates the caller to itself if it has no delegate yet. Emits {Deposited}, ERC-20
    ///      `Transfer` and the ERC-5805 delegation events. Reverts with {ZeroAmount}.
    function deposit() external payable {
        if (msg.value == 0) revert ZeroAmount();
        address account = _msgSender();
        if (delegates(account) == address(0)) _delegate(account, account);
        _mint(account, msg.value);
        emit Deposited(account, msg.value);
    }

    /// @notice Burns `amount` stLAT of the caller and sends as much LAT to the caller.
    /// @dev Burns before sending (checks-effects-interactions) under a reentrancy guard. Emits
    ///      {Withdrawn}. Reverts with {ZeroAmount}, OpenZeppelin's `ERC20InsufficientBalance`, or
    ///      `FailedCall` if the caller rejects the payment.
    /// @param amount stLAT to burn, in wei.
    function withdraw(uint256 amount) external nonReentrant {
        _withdraw(_msgSender(), payable(_msgSender()), amount);
    }

    /// @notice Burns `amount` stLAT of the caller and sends as much LAT to `to`.
    /// @dev As {withdraw}, for callers that cannot receive LAT themselves. Reverts with {ZeroAddress} too.
    /// @param to the recipient of the LAT.
    /// @param amount stLAT to burn, in wei.
    function withdrawTo(address payable to, uint256 amount) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        _withdraw(_msgSender(), to, amount);
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

    /// @inheritdoc ERC20PermitUpgradeable
    function nonces(address owner) public view override(ERC20PermitUpgradeable, NoncesUpgradeable) returns (uint256) {
        return super.nonces(owner);
    }

    function _withdraw(address account, address payable to, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        _burn(account, amount);
        emit Withdrawn(account, to, amount);
        Address.sendValue(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20Upgradeable, ERC20VotesUpgradeable) {
        super._update(from, to, value);
    }
}
