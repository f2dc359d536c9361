// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ParamKeys} from "../governance/ParamKeys.sol";

/// @title ParamKeysHarness: exposes the ParamKeys constants so tests can pin them to their names
/// @notice Test helper only.
contract ParamKeysHarness {
    /// @notice Every key in ParamKeys, in the order of docs/contracts.md.
    function all() external pure returns (bytes32[18] memory) {
        return [
            ParamKeys.FEE_PROVIDER_BPS,
            ParamKeys.FEE_TREASURY_BPS,
            ParamKeys.FEE_BURN_BPS,
            ParamKeys.MIN_STAKE_PER_CAPACITY,
            ParamKeys.UNBONDING_PERIOD,
            ParamKeys.CHALLENGE_WINDOW,
            ParamKeys.REQUEST_TIMEOUT,
            ParamKeys.REGISTRATION_FEE,
            ParamKeys.SLASH_TIMEOUT_BPS,
            ParamKeys.SLASH_WRONG_RESULT_BPS,
            ParamKeys.MIN_GAS_PRICE,
            ParamKeys.BLOCK_GAS_LIMIT,
            ParamKeys.BLOCK_REWARD,
            ParamKeys.REWARD_HALVING_INTERVAL,
            ParamKeys.TREASURY_SHARE_BPS,
            ParamKeys.TARGET_BLOCK_TIME,
            ParamKeys.INFERENCE_GAS_PER_MAC,
            ParamKeys.PIN_FEE
        ];
    }
}
