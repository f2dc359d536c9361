// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ParamKeys: the names of Citrate's protocol parameters
/// @notice Every protocol parameter lives in {ProtocolParams} under a `bytes32` key, the keccak256 of a
///         dotted name (`ParamKeys.BLOCK_REWARD == keccak256("citrate.node.blockReward")`). Off-chain
///         tools compute the same key with `ethers.id("citrate.node.blockReward")`.
/// @dev The unit of each value is part of its name's contract; docs/contracts.md lists units, bounds and
///      the initial values of the dev chain. Keys under `citrate.node.*` are read by the node itself at
///      each epoch boundary.
library ParamKeys {
    // ----- fee split (basis points; the three always sum to 10,000; change them with setFeeSplit) -----

    /// @notice Share of every fee credited to the provider that served it, in basis points.
    bytes32 internal constant FEE_PROVIDER_BPS = keccak256("citrate.fee.providerBps");
    /// @notice Share of every fee sent to the Treasury, in basis points.
    bytes32 internal constant FEE_TREASURY_BPS = keccak256("citrate.fee.treasuryBps");
    /// @notice Share of every fee burned, in basis points.
    bytes32 internal constant FEE_BURN_BPS = keccak256("citrate.fee.burnBps");

    // ----- staking and the inference market -----

    /// @notice Stake a provider must lock per unit of declared capacity, in wei.
    bytes32 internal constant MIN_STAKE_PER_CAPACITY = keccak256("citrate.staking.minStakePerCapacity");
    /// @notice Time between a request to unstake and the withdrawal of that stake, in seconds.
    bytes32 internal constant UNBONDING_PERIOD = keccak256("citrate.staking.unbondingPeriod");
    /// @notice Time during which a submitted inference result may be challenged, in seconds.
    bytes32 internal constant CHALLENGE_WINDOW = keccak256("citrate.inference.challengeWindow");
    /// @notice Time a provider has to answer an assigned request before it times out, in seconds.
    bytes32 internal constant REQUEST_TIMEOUT = keccak256("citrate.inference.requestTimeout");
    /// @notice Fee to register a model in the ModelRegistry, in wei.
    bytes32 internal constant REGISTRATION_FEE = keccak256("citrate.registry.registrationFee");
    /// @notice Share of a provider's stake slashed when a request times out, in basis points.
    bytes32 internal constant SLASH_TIMEOUT_BPS = keccak256("citrate.slash.timeoutBps");
    /// @notice Share of a provider's stake slashed for a result proven wrong, in basis points.
    bytes32 internal constant SLASH_WRONG_RESULT_BPS = keccak256("citrate.slash.wrongResultBps");

    // ----- read by the node at each epoch boundary -----

    /// @notice Lowest gas price (max fee per gas) the node accepts, in wei.
    bytes32 internal constant MIN_GAS_PRICE = keccak256("citrate.node.minGasPrice");
    /// @notice Gas limit of a block, in gas.
    bytes32 internal constant BLOCK_GAS_LIMIT = keccak256("citrate.node.blockGasLimit");
    /// @notice Reward of a blue block before the first halving, in wei.
    bytes32 internal constant BLOCK_REWARD = keccak256("citrate.node.blockReward");
    /// @notice The block reward halves every this many accepted (blue) blocks.
    bytes32 internal constant REWARD_HALVING_INTERVAL = keccak256("citrate.node.rewardHalvingInterval");
    /// @notice Share of each block reward paid to the Treasury, in basis points.
    bytes32 internal constant TREASURY_SHARE_BPS = keccak256("citrate.node.treasuryShareBps");
    /// @notice Target time between blocks, in milliseconds.
    bytes32 internal constant TARGET_BLOCK_TIME = keccak256("citrate.node.targetBlockTime");
    /// @notice Gas charged by the MODEL precompile per multiply-accumulate of a model, in gas.
    bytes32 internal constant INFERENCE_GAS_PER_MAC = keccak256("citrate.node.inferenceGasPerMac");
    /// @notice Fee per replica of an ARTIFACT `pin` request, in wei.
    bytes32 internal constant PIN_FEE = keccak256("citrate.node.pinFee");
}
