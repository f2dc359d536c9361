// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title RefundLedgerUpgradeable: pull-payment refunds owed by an escrowing contract
/// @notice A contract that escrows fees credits refunds and overpayments here with {_creditRefund};
///         each creditor collects its whole credit with {withdrawRefund}.
/// @dev Composable module for upgradeable contracts and genesis predeploys: no constructor state, no
///      initializer; its state lives in its own ERC-7201 namespace `citrate.storage.RefundLedger`, apart
///      from the inheriting contract's. It inherits ReentrancyGuardTransient so that the inheriting
///      contract gets `nonReentrant` from here and {withdrawRefund} shares the one transient lock with
///      the inheriting contract's own entry points (the guard keeps no persistent storage).
///      Invariant: {totalRefundsOwed} is the sum of {refundOf} over all accounts; the inheriting
///      contract keeps at least that much balance.
abstract contract RefundLedgerUpgradeable is ReentrancyGuardTransient {
    /// @custom:storage-location erc7201:citrate.storage.RefundLedger
    struct RefundLedgerStorage {
        uint256 totalRefundsOwed;
        mapping(address account => uint256) refunds;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.RefundLedger")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant REFUND_LEDGER_STORAGE_LOCATION =
        0xfb99b94d316b750fb07648e623628f197a11e9761400e4476bd1ac37fae93a00;

    /// @notice `amount` wei were credited to `account`; `ref` is what the inheriting contract refunds
    ///         (a request or job id, or 0 for an overpayment).
    event RefundCredited(address indexed account, uint256 indexed ref, uint256 amount);

    /// @notice `account` withdrew `amount` wei of refunds to `to`.
    event RefundWithdrawn(address indexed account, address indexed to, uint256 amount);

    /// @notice An address argument must not be the zero address.
    error ZeroAddress();
    /// @notice `account` has no refund to withdraw.
    error NothingToWithdraw(address account);

    /// @notice Sends all of the caller's refunds to `to`.
    /// @dev Emits {RefundWithdrawn}. Reverts with {ZeroAddress}, {NothingToWithdraw}, or the recipient's
    ///      error if it rejects the payment.
    /// @param to where the refunds are sent.
    /// @return amount wei sent.
    function withdrawRefund(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        RefundLedgerStorage storage $ = _refundLedgerStore();
        amount = $.refunds[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        $.refunds[msg.sender] = 0;
        $.totalRefundsOwed -= amount;
        emit RefundWithdrawn(msg.sender, to, amount);
        Address.sendValue(to, amount);
    }

    /// @notice Refunds `account` may withdraw, in wei.
    /// @param account the creditor.
    function refundOf(address account) external view returns (uint256) {
        return _refundLedgerStore().refunds[account];
    }

    /// @notice Refunds credited and not yet withdrawn, in wei.
    function totalRefundsOwed() external view returns (uint256) {
        return _refundLedgerStore().totalRefundsOwed;
    }

    /// @dev Credits `amount` wei to `account` for `ref` and emits {RefundCredited}; a zero amount changes
    ///      nothing and emits nothing. The caller must already hold the wei (escrow or `msg.value`).
    function _creditRefund(address account, uint256 ref, uint256 amount) internal {
        if (amount == 0) return;
        RefundLedgerStorage storage $ = _refundLedgerStore();
        $.refunds[account] += amount;
        $.totalRefundsOwed += amount;
        emit RefundCredited(account, ref, amount);
    }

    function _refundLedgerStore() private pure returns (RefundLedgerStorage storage $) {
        assembly {
            $.slot := REFUND_LEDGER_STORAGE_LOCATION
        }
    }
}
