// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IProtocolParams} from "../governance/IProtocolParams.sol";

/// @title FeeSplitter: splits every fee into provider, treasury and burn shares
/// @notice Anyone (the InferenceRouter, the ModelRegistry, a user) pays a fee for a provider with
///         {splitFee}. The fee is split by the basis points in force in {ProtocolParams} at that moment:
///         the treasury share goes to the Treasury, the burn share to {BURN_ADDRESS}, and the provider's
///         share is credited to the provider, who collects it with {withdraw} (pull payment).
/// @dev Rounding: the treasury and burn shares are rounded down and the provider receives the
///      remainder, so `providerShare + treasuryShare + burnShare == amount` for every amount, and no wei
///      is created or lost. The accounting totals satisfy, at every moment,
///      `totalPaid == totalToTreasury + totalBurned + totalWithdrawn + totalWithdrawable` and the
///      contract's balance is at least `totalWithdrawable`.
///
///      Burning: native LAT cannot be destroyed by a contract, so the burn share is sent to
///      {BURN_ADDRESS} (`0x…dEaD`), an address whose key nobody holds, and counted in {totalBurned}.
///      Circulating supply = minted − balance of `0x…dEaD`.
///
///      A genesis predeploy: no constructor state, no immutables; its state lives in the ERC-7201
///      namespace `citrate.storage.FeeSplitter` and is set by {initialize}. It has no owner: its two
///      addresses (ProtocolParams, Treasury) are fixed at initialisation.
contract FeeSplitter is Initializable, ReentrancyGuardTransient {
    /// @notice Where burned fees go: an address nobody controls.
    address payable public constant BURN_ADDRESS = payable(0x000000000000000000000000000000000000dEaD);

    /// @notice Basis points in a whole.
    uint256 public constant BPS_DENOMINATOR = 10_000;

    /// @custom:storage-location erc7201:citrate.storage.FeeSplitter
    struct FeeSplitterStorage {
        IProtocolParams protocolParams;
        address payable treasury;
        mapping(address provider => uint256) withdrawable;
        uint256 totalPaid;
        uint256 totalToTreasury;
        uint256 totalBurned;
        uint256 totalWithdrawn;
        uint256 totalWithdrawable;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.FeeSplitter")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant FEE_SPLITTER_STORAGE_LOCATION =
        0x1cc92a8bfaa627a70c7f14d1e29910f4ca013eeb88a07649857cbb7022fdda00;

    /// @notice The splitter was set up to read `protocolParams` and pay `treasury`.
    event FeeSplitterInitialized(IProtocolParams indexed protocolParams, address indexed treasury);

    /// @notice `payer` paid a fee of `amount` wei for `provider`, split into the three shares.
    event FeeSplit(
        address indexed payer,
        address indexed provider,
        uint256 amount,
        uint256 providerShare,
        uint256 treasuryShare,
        uint256 burnShare
    );

    /// @notice `provider` withdrew `amount` wei of its credited shares, sent to `to`.
    event Withdrawn(address indexed provider, address indexed to, uint256 amount);

    /// @notice An address (provider, recipient, ProtocolParams, Treasury) must not be zero.
    error ZeroAddress();

    /// @notice A fee must be at least 1 wei.
    error ZeroFee();

    /// @notice `provider` has nothing to withdraw.
    error NothingToWithdraw(address provider);

    /// @notice A fee split must sum to 10,000 basis points (ProtocolParams guarantees it; this guards the
    ///         splitter against a broken parameter source).
    error InvalidFeeSplit(uint256 providerBps, uint256 treasuryBps, uint256 burnBps);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the parameter source and the Treasury. Emits {FeeSplitterInitialized}.
    /// @dev Reverts with {ZeroAddress} if either is zero.
    /// @param protocolParams_ the ProtocolParams contract the split is read from.
    /// @param treasury_ the Treasury that receives the treasury share.
    function initialize(IProtocolParams protocolParams_, address payable treasury_) external initializer {
        if (address(protocolParams_) == address(0) || treasury_ == address(0)) revert ZeroAddress();
        FeeSplitterStorage storage $ = _store();
        $.protocolParams = protocolParams_;
        $.treasury = treasury_;
        emit FeeSplitterInitialized(protocolParams_, treasury_);
    }

    /// @notice Pays `msg.value` as a fee for `provider`, split by the fee split in force now.
    /// @dev Credits the provider's share to {withdrawable}, sends the treasury share to the Treasury and
    ///      the burn share to {BURN_ADDRESS} (a zero share is not sent). Emits {FeeSplit}. Reverts with
    ///      {ZeroAddress}, {ZeroFee} or {InvalidFeeSplit}.
    /// @param provider the provider credited with its share.
    /// @return providerShare wei credited to `provider`.
    /// @return treasuryShare wei sent to the Treasury.
    /// @return burnShare wei burned.
    function splitFee(address provider)
        external
        payable
        nonReentrant
        returns (uint256 providerShare, uint256 treasuryShare, uint256 burnShare)
    {
        if (provider == address(0)) revert ZeroAddress();
        if (msg.value == 0) revert ZeroFee();
        FeeSplitterStorage storage $ = _store();
        (uint256 providerBps, uint256 treasuryBps, uint256 burnBps) = $.protocolParams.feeSplit();
        (providerShare, treasuryShare, burnShare) = splitAmount(msg.value, providerBps, treasuryBps, burnBps);

        $.withdrawable[provider] += providerShare;
        $.totalWithdrawable += providerShare;
        $.totalPaid += msg.value;
        $.totalToTreasury += treasuryShare;
        $.totalBurned += burnShare;
        emit FeeSplit(msg.sender, provider, msg.value, providerShare, treasuryShare, burnShare);

        if (treasuryShare != 0) Address.sendValue($.treasury, treasuryShare);
        if (burnShare != 0) Address.sendValue(BURN_ADDRESS, burnShare);
    }

    /// @notice Sends all of the caller's credited shares to the caller.
    /// @dev Emits {Withdrawn}. Reverts with {NothingToWithdraw}, or with the caller's own error
    ///      (OpenZeppelin's `FailedCall` if it gave none) if it rejects the payment.
    /// @return amount wei sent.
    function withdraw() external nonReentrant returns (uint256 amount) {
        return _withdraw(payable(msg.sender));
    }

    /// @notice Sends all of the caller's credited shares to `to` (for providers that cannot receive
    ///         native LAT themselves).
    /// @dev Emits {Withdrawn}. Reverts with {ZeroAddress}, {NothingToWithdraw}, or with the recipient's
    ///      error if it rejects the payment.
    /// @param to the recipient.
    /// @return amount wei sent.
    function withdrawTo(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        return _withdraw(to);
    }

    /// @notice How `amount` would be split by the fee split in force now.
    function previewSplit(uint256 amount)
        external
        view
        returns (uint256 providerShare, uint256 treasuryShare, uint256 burnShare)
    {
        (uint256 providerBps, uint256 treasuryBps, uint256 burnBps) = _store().protocolParams.feeSplit();
        return splitAmount(amount, providerBps, treasuryBps, burnBps);
    }

    /// @notice Splits `amount` by the given basis points: treasury and burn shares rounded down, the
    ///         provider gets the remainder, so the three shares always sum to `amount`.
    /// @dev Reverts with {InvalidFeeSplit} unless the three sum to 10,000. Exact for every `uint256`.
    function splitAmount(uint256 amount, uint256 providerBps, uint256 treasuryBps, uint256 burnBps)
        public
        pure
        returns (uint256 providerShare, uint256 treasuryShare, uint256 burnShare)
    {
        if (
            providerBps > BPS_DENOMINATOR || treasuryBps > BPS_DENOMINATOR || burnBps > BPS_DENOMINATOR
                || providerBps + treasuryBps + burnBps != BPS_DENOMINATOR
        ) revert InvalidFeeSplit(providerBps, treasuryBps, burnBps);
        treasuryShare = Math.mulDiv(amount, treasuryBps, BPS_DENOMINATOR);
        burnShare = Math.mulDiv(amount, burnBps, BPS_DENOMINATOR);
        // treasuryShare + burnShare <= amount * (treasuryBps + burnBps) / 10,000 <= amount: no underflow.
        providerShare = amount - treasuryShare - burnShare;
    }

    /// @notice The ProtocolParams contract the fee split is read from.
    function protocolParams() external view returns (IProtocolParams) {
        return _store().protocolParams;
    }

    /// @notice The Treasury that receives the treasury share.
    function treasury() external view returns (address payable) {
        return _store().treasury;
    }

    /// @notice Wei credited to `provider` and not yet withdrawn.
    function withdrawable(address provider) external view returns (uint256) {
        return _store().withdrawable[provider];
    }

    /// @notice Total wei ever paid as fees.
    function totalPaid() external view returns (uint256) {
        return _store().totalPaid;
    }

    /// @notice Total wei ever sent to the Treasury.
    function totalToTreasury() external view returns (uint256) {
        return _store().totalToTreasury;
    }

    /// @notice Total wei ever burned.
    function totalBurned() external view returns (uint256) {
        return _store().totalBurned;
    }

    /// @notice Total wei ever withdrawn by providers.
    function totalWithdrawn() external view returns (uint256) {
        return _store().totalWithdrawn;
    }

    /// @notice Wei credited to all providers and not yet withdrawn (the balance this contract owes).
    function totalWithdrawable() external view returns (uint256) {
        return _store().totalWithdrawable;
    }

    function _withdraw(address payable to) private returns (uint256 amount) {
        FeeSplitterStorage storage $ = _store();
        amount = $.withdrawable[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        $.withdrawable[msg.sender] = 0;
        $.totalWithdrawable -= amount;
        $.totalWithdrawn += amount;
        emit Withdrawn(msg.sender, to, amount);
        Address.sendValue(to, amount);
    }

    function _store() private pure returns (FeeSplitterStorage storage $) {
        assembly {
            $.slot := FEE_SPLITTER_STORAGE_LOCATION
        }
    }
}
