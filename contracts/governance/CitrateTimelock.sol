// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockControllerUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";

/// @title CitrateTimelock: OpenZeppelin's TimelockController as a genesis predeploy
/// @notice Owns what governance governs (ProtocolParams, the Treasury, the TechnicalCouncil) and runs the
///         actions of passed proposals after their delay. The CitrateGovernor is its proposer, canceller and
///         executor; the timelock administers itself.
/// @dev Set up by the inherited `initialize(uint256 minDelay, address[] proposers, address[] executors,
///      address admin)`; the constructor only disables initialisers on the implementation. State lives in
///      OpenZeppelin's ERC-7201 namespaces.
contract CitrateTimelock is TimelockControllerUpgradeable {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }
}
