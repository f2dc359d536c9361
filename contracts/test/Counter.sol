// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Counter
/// @notice A minimal stateful contract with an event, for node end-to-end tests.
contract Counter {
    /// @notice The current count.
    uint256 public count;

    /// @notice Emitted on every increment.
    /// @param by Who incremented.
    /// @param newCount The count after the increment.
    event Incremented(address indexed by, uint256 newCount);

    /// @notice Thrown by `fail`, to test revert data over JSON-RPC.
    /// @param code An arbitrary code echoed back.
    error Refused(uint256 code);

    /// @notice Adds one to the count.
    function increment() external {
        count += 1;
        emit Incremented(msg.sender, count);
    }

    /// @notice Always reverts with `Refused(code)`.
    /// @param code The code to revert with.
    function fail(uint256 code) external pure {
        revert Refused(code);
    }
}
