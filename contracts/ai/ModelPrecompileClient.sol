// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IModelPrecompile} from "../interfaces/IModelPrecompile.sol";

/// @title ModelPrecompileClient: the MODEL precompile a contract calls, fixed by its implementation
/// @notice Gives the inheriting contract {modelPrecompile}, the MODEL precompile it runs and verifies
///         models through: `MODEL_PRECOMPILE` (0x…1000) on a Citrate chain, a contract with the same
///         interface elsewhere (a test double on a development network).
/// @dev Injected the way OpenZeppelin's `ERC2771Context` takes its trusted forwarder: an immutable set by
///      the implementation's constructor, so it sits in the implementation's code (no storage slot, the
///      same for every proxy of that implementation; an upgrade may change it). Not a constant: a node
///      whose precompiles take precedence over account code cannot host a test double at 0x…1000, so
///      the same tests run against Hardhat and a real Citrate node only if the address is a parameter.
abstract contract ModelPrecompileClient {
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IModelPrecompile private immutable _modelPrecompile;

    /// @notice The MODEL precompile given is the zero address.
    error ZeroModelPrecompile();

    /// @notice Fixes the MODEL precompile the contract calls.
    /// @dev Reverts with {ZeroModelPrecompile}.
    /// @param modelPrecompile_ `MODEL_PRECOMPILE` on a Citrate chain; elsewhere a contract implementing
    ///        {IModelPrecompile}.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IModelPrecompile modelPrecompile_) {
        if (address(modelPrecompile_) == address(0)) revert ZeroModelPrecompile();
        _modelPrecompile = modelPrecompile_;
    }

    /// @notice The MODEL precompile this contract calls.
    function modelPrecompile() public view returns (IModelPrecompile) {
        return _modelPrecompile;
    }
}
