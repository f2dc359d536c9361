// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title TestProxy: OpenZeppelin's ERC1967Proxy, compiled for tests
/// @notice Tests deploy protocol contracts behind it with their `initialize` calldata, as the Ignition
///         modules and the genesis builder do.
contract TestProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory data) payable ERC1967Proxy(implementation, data) {}
}
