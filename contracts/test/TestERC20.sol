// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestERC20: a mintable ERC-20 whose transfers can be made to return false
/// @notice Mock for tests only.
contract TestERC20 is ERC20 {
    bool public failTransfers;

    constructor() ERC20("Test Token", "TST") {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice While `fail` is true, `transfer` returns false and moves nothing.
    function setFailTransfers(bool fail) external {
        failTransfers = fail;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (failTransfers) return false;
        return super.transfer(to, value);
    }
}
