// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {ERC20VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20VotesUpgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

/// @title DAOToken: the voting token of an application DAO made by the GovernanceFactory
/// @notice A fixed-supply ERC20Votes token (with ERC-2612 permits) minted once to its initial holders,
///         each delegated to itself so that its votes count at once. Clock: the block timestamp, as in
///         the protocol's own governance.
/// @dev Deployed as a minimal-proxy clone and initialised in the factory's transaction.
contract DAOToken is Initializable, ERC20Upgradeable, ERC20PermitUpgradeable, ERC20VotesUpgradeable {
    /// @notice `holders` and `amounts` must have the same length; they have `holders` and `amounts` entries.
    error HoldersAmountsMismatch(uint256 holders, uint256 amounts);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Names the token and mints `amounts[i]` to `holders[i]`, each self-delegated.
    /// @dev Emits `Transfer` and the delegation events per holder. Reverts with {HoldersAmountsMismatch}
    ///      or OpenZeppelin's `ERC20InvalidReceiver` for the zero address.
    /// @param name_ token name (also the EIP-712 domain name).
    /// @param symbol_ token symbol.
    /// @param holders initial holders.
    /// @param amounts their balances.
    function initialize(string calldata name_, string calldata symbol_, address[] calldata holders, uint256[] calldata amounts)
        external
        initializer
    {
        if (holders.length != amounts.length) revert HoldersAmountsMismatch(holders.length, amounts.length);
        __ERC20_init(name_, symbol_);
        __ERC20Permit_init(name_);
        __ERC20Votes_init();
        for (uint256 i = 0; i < holders.length; ++i) {
            if (holders[i] != address(0) && delegates(holders[i]) == address(0)) _delegate(holders[i], holders[i]);
            _mint(holders[i], amounts[i]);
        }
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

    function _update(address from, address to, uint256 value) internal override(ERC20Upgradeable, ERC20VotesUpgradeable) {
        super._update(from, to, value);
    }
}
