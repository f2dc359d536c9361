// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title MockFeeSplitSource: a parameter source that returns any fee split, even an invalid one
/// @notice Mock for tests only: proves the FeeSplitter refuses a split that does not sum to 10,000.
contract MockFeeSplitSource {
    uint256 public providerBps;
    uint256 public treasuryBps;
    uint256 public burnBps;

    constructor(uint256 providerBps_, uint256 treasuryBps_, uint256 burnBps_) {
        providerBps = providerBps_;
        treasuryBps = treasuryBps_;
        burnBps = burnBps_;
    }

    /// @notice The configured split, as `IProtocolParams.feeSplit` returns it.
    function feeSplit() external view returns (uint256, uint256, uint256) {
        return (providerBps, treasuryBps, burnBps);
    }
}
