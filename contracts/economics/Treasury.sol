// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title Treasury: the protocol's funds, spent only by its owner
/// @notice Receives native LAT (the treasury share of fees and of block rewards, donations) and holds
///         ERC-20 tokens; only its owner (the Timelock, once governance lands) can spend them, each
///         spending with a reason that is logged.
/// @dev A genesis predeploy: no constructor state; ownership lives in OpenZeppelin's ERC-7201 namespace
///      and is set by {initialize}. The reentrancy guard uses transient storage (EIP-1153), so it needs no
///      initialisation either. Native LAT credited by the node itself (the treasury share of block
///      rewards) arrives without a call and so without a {Deposited} event; indexers see it in the
///      node's reward accounting.
contract Treasury is Initializable, Ownable2StepUpgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice `from` sent `amount` wei of native LAT to the Treasury.
    event Deposited(address indexed from, uint256 amount);

    /// @notice The owner sent `amount` wei of native LAT to `to`, for `reason`.
    event Spent(address indexed to, uint256 amount, string reason);

    /// @notice The owner sent `amount` of `token` to `to`, for `reason`.
    event TokenSpent(IERC20 indexed token, address indexed to, uint256 amount, string reason);

    /// @notice The recipient (or token) must not be the zero address.
    error ZeroAddress();

    /// @notice A spending must move a non-zero amount.
    error ZeroAmount();

    /// @notice The Treasury holds `available` wei of native LAT, less than the `requested` amount.
    error InsufficientBalance(uint256 available, uint256 requested);

    /// @notice The Treasury holds `available` of `token`, less than the `requested` amount.
    error InsufficientTokenBalance(IERC20 token, uint256 available, uint256 requested);

    /// @notice Renouncing ownership would lock the Treasury's funds forever, so it is disabled.
    error OwnershipCannotBeRenounced();

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the owner, the only account that can spend.
    /// @dev Emits OpenZeppelin's `OwnershipTransferred`.
    /// @param initialOwner the Timelock, or a deployer that hands ownership over to it with
    ///        `transferOwnership` + `acceptOwnership`.
    function initialize(address initialOwner) external initializer {
        __Ownable_init(initialOwner);
    }

    /// @notice Accepts native LAT from anyone. Emits {Deposited}.
    receive() external payable {
        emit Deposited(msg.sender, msg.value);
    }

    /// @notice Sends `amount` wei of native LAT to `to`.
    /// @dev Owner only; emits {Spent}. Reverts with {ZeroAddress}, {ZeroAmount}, {InsufficientBalance}, or
    ///      with the recipient's own error (OpenZeppelin's `FailedCall` if it gave none) if it rejects the
    ///      payment.
    /// @param to the recipient.
    /// @param amount wei to send.
    /// @param reason why (a proposal reference, an invoice…), logged in the event.
    function spend(address payable to, uint256 amount, string calldata reason) external onlyOwner nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 available = address(this).balance;
        if (amount > available) revert InsufficientBalance(available, amount);
        emit Spent(to, amount, reason);
        Address.sendValue(to, amount);
    }

    /// @notice Sends `amount` of the ERC-20 `token` to `to`.
    /// @dev Owner only; emits {TokenSpent}. Reverts with {ZeroAddress} (token or recipient),
    ///      {ZeroAmount}, {InsufficientTokenBalance}, or OpenZeppelin's `SafeERC20FailedOperation` if the
    ///      token reports a failed transfer.
    /// @param token the token to send.
    /// @param to the recipient.
    /// @param amount token units to send.
    /// @param reason why, logged in the event.
    function spendToken(IERC20 token, address to, uint256 amount, string calldata reason)
        external
        onlyOwner
        nonReentrant
    {
        if (address(token) == address(0) || to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 available = token.balanceOf(address(this));
        if (amount > available) revert InsufficientTokenBalance(token, available, amount);
        emit TokenSpent(token, to, amount, reason);
        token.safeTransfer(to, amount);
    }

    /// @notice Disabled: without an owner the Treasury's funds could never be spent again.
    /// @dev Always reverts with {OwnershipCannotBeRenounced}.
    function renounceOwnership() public view override onlyOwner {
        revert OwnershipCannotBeRenounced();
    }
}
