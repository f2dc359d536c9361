// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CallProbe: a test account that calls contracts, re-enters them or rejects payments
/// @notice Mock for tests only. `execute` makes the probe the caller of any function; when armed, the
///         probe's `receive` calls back into a target (to prove reentrancy guards hold); when rejecting,
///         `receive` reverts with empty data.
contract CallProbe {
    address public reentryTarget;
    bytes public reentryData;
    bool public rejectPayments;

    /// @notice On the next payment received, call `target` with `data` (once).
    function arm(address target, bytes calldata data) external {
        reentryTarget = target;
        reentryData = data;
    }

    /// @notice Make `receive` revert (with no data) while `reject` is true.
    function setRejectPayments(bool reject) external {
        rejectPayments = reject;
    }

    /// @notice Calls `target` with `data` and `msg.value`, bubbling up any revert.
    function execute(address target, bytes calldata data) external payable returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call{value: msg.value}(data);
        if (!ok) _bubble(result);
    }

    receive() external payable {
        if (rejectPayments) revert();
        address target = reentryTarget;
        if (target != address(0)) {
            reentryTarget = address(0);
            (bool ok, bytes memory result) = target.call(reentryData);
            if (!ok) _bubble(result);
        }
    }

    function _bubble(bytes memory result) private pure {
        assembly {
            revert(add(result, 0x20), mload(result))
        }
    }
}
