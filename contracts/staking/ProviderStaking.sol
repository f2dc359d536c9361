// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IProtocolParams} from "../governance/IProtocolParams.sol";
import {ParamKeys} from "../governance/ParamKeys.sol";

/// @title ProviderStaking: stake, unbonding, slashing and reputation of inference providers
/// @notice A provider registers an endpoint, a declared capacity (how many requests it serves at once)
///         and the models it serves (by MODEL `modelHash`), locking native LAT: at least
///         `citrate.staking.minStakePerCapacity × capacity`. It may add stake, and unbond stake, which it
///         withdraws after `citrate.staking.unbondingPeriod`. Accounts holding {SLASHER_ROLE} (the
///         InferenceRouter, the Timelock) slash a share or an amount of a provider's stake, active and
///         unbonding; of each slash a share they choose is credited to a beneficiary (a challenger's
///         reward, collected with {claimReward}) and the rest goes to the Treasury. A slashed provider is
///         jailed for {jailPeriod}: it gets no assignments until it calls {unjail} afterwards with enough
///         stake. Accounts holding {REPORTER_ROLE} (the InferenceRouter) record completed and failed jobs,
///         which weigh the selection.
/// @dev Selection weight of an eligible provider: `stake × (completed + 1) / (completed + failed + 1)`.
///      Eligible: registered, available, not jailed, stake ≥ the minimum for its capacity. Each provider
///      serves at most {MAX_MODELS_PER_PROVIDER} models and each model has at most
///      {MAX_PROVIDERS_PER_MODEL} providers, which bounds the router's selection loop.
///
///      Accounting invariant: the contract's balance is `totalStaked + totalUnbonding + totalRewardsOwed`.
///      A genesis predeploy: no constructor state; state in the ERC-7201 namespace
///      `citrate.storage.ProviderStaking`; roles in OpenZeppelin's AccessControl namespace.
contract ProviderStaking is Initializable, AccessControlUpgradeable, ReentrancyGuardTransient {
    using EnumerableSet for EnumerableSet.AddressSet;
    using EnumerableSet for EnumerableSet.Bytes32Set;

    /// @notice Role allowed to slash (the InferenceRouter, the Timelock).
    bytes32 public constant SLASHER_ROLE = keccak256("citrate.role.SLASHER");
    /// @notice Role allowed to record job outcomes (the InferenceRouter).
    bytes32 public constant REPORTER_ROLE = keccak256("citrate.role.REPORTER");

    /// @notice Basis points in a whole.
    uint256 public constant BPS_DENOMINATOR = 10_000;
    /// @notice Most models one provider may serve.
    uint256 public constant MAX_MODELS_PER_PROVIDER = 32;
    /// @notice Most providers one model may have.
    uint256 public constant MAX_PROVIDERS_PER_MODEL = 64;

    /// @notice A provider as stored (models are listed by {modelsOf}).
    /// @param endpoint where the provider serves (a URL or a multiaddr).
    /// @param capacity requests it serves at once.
    /// @param stake active stake, in wei.
    /// @param unbonding stake waiting to be withdrawn, in wei (still slashable).
    /// @param unbondingReadyAt when `unbonding` may be withdrawn.
    /// @param jailedUntil earliest time {unjail} may be called (meaningful while `jailed`).
    /// @param registered whether it has registered.
    /// @param available whether it takes new assignments (the provider's own switch).
    /// @param jailed whether it is jailed.
    /// @param jobsCompleted requests it answered that were settled in its favour.
    /// @param jobsFailed requests it let time out or answered wrongly.
    /// @param timesSlashed number of slashes.
    /// @param totalSlashed wei slashed in all.
    struct Provider {
        string endpoint;
        uint32 capacity;
        uint256 stake;
        uint256 unbonding;
        uint64 unbondingReadyAt;
        uint64 jailedUntil;
        bool registered;
        bool available;
        bool jailed;
        uint64 jobsCompleted;
        uint64 jobsFailed;
        uint64 timesSlashed;
        uint256 totalSlashed;
    }

    /// @notice One eligible provider of a model, as the router weighs it.
    struct Candidate {
        address provider;
        uint256 weight;
        uint32 capacity;
    }

    /// @custom:storage-location erc7201:citrate.storage.ProviderStaking
    struct ProviderStakingStorage {
        IProtocolParams protocolParams;
        address payable treasury;
        uint64 jailPeriod;
        uint256 totalStaked;
        uint256 totalUnbonding;
        uint256 totalRewardsOwed;
        uint256 totalSlashed;
        mapping(address provider => Provider) providers;
        mapping(address provider => EnumerableSet.Bytes32Set) models;
        mapping(bytes32 modelHash => EnumerableSet.AddressSet) providersOf;
        mapping(address account => uint256) rewards;
        EnumerableSet.AddressSet all;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.ProviderStaking")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PROVIDER_STAKING_STORAGE_LOCATION =
        0xcc4b9724f06987591582574cb90bb27e12345636d2bb2c6b9a4fc0f807b95600;

    // ----- events -----

    /// @notice Staking was set up to read `protocolParams`, send slashed stake to `treasury`, and jail
    ///         slashed providers for `jailPeriod` seconds.
    event ProviderStakingInitialized(IProtocolParams indexed protocolParams, address indexed treasury, uint64 jailPeriod);

    /// @notice `provider` registered with `endpoint` and `capacity`, staking `stake` wei.
    event ProviderRegistered(address indexed provider, string endpoint, uint32 capacity, uint256 stake);

    /// @notice `provider` changed its endpoint.
    event EndpointChanged(address indexed provider, string endpoint);

    /// @notice `provider` changed its declared capacity.
    event CapacityChanged(address indexed provider, uint32 oldCapacity, uint32 newCapacity);

    /// @notice `provider` now serves (`serving` true) or no longer serves `modelHash`.
    event ModelServingChanged(address indexed provider, bytes32 indexed modelHash, bool serving);

    /// @notice `provider` switched itself available (true) or unavailable for new assignments.
    event AvailabilityChanged(address indexed provider, bool available);

    /// @notice `provider` added `amount` wei; its active stake is now `newStake`.
    event StakeAdded(address indexed provider, uint256 amount, uint256 newStake);

    /// @notice `provider` moved `amount` wei to unbonding; all its unbonding stake (`totalUnbonding`) may
    ///         be withdrawn from `readyAt`.
    event Unbonded(address indexed provider, uint256 amount, uint256 totalUnbonding, uint64 readyAt);

    /// @notice `provider` withdrew `amount` wei of unbonded stake to `to`.
    event Withdrawn(address indexed provider, address indexed to, uint256 amount);

    /// @notice `slasher` slashed `provider` by `amount` wei (`fromStake` of its active stake, the rest of
    ///         its unbonding stake): `reward` wei credited to `beneficiary`, the rest sent to the Treasury.
    event Slashed(
        address indexed provider,
        address indexed slasher,
        bytes32 indexed reason,
        uint256 amount,
        uint256 fromStake,
        address beneficiary,
        uint256 reward
    );

    /// @notice `provider` is jailed until at least `until`.
    event Jailed(address indexed provider, uint64 until);

    /// @notice `provider` left jail.
    event Unjailed(address indexed provider);

    /// @notice A job of `provider` was recorded as completed (`success` true) or failed.
    event JobRecorded(address indexed provider, bool success, uint64 jobsCompleted, uint64 jobsFailed);

    /// @notice `account` collected `amount` wei of slash rewards, sent to `to`.
    event RewardClaimed(address indexed account, address indexed to, uint256 amount);

    /// @notice The jail period changed.
    event JailPeriodChanged(uint64 oldPeriod, uint64 newPeriod);

    // ----- errors -----

    /// @notice An address must not be zero.
    error ZeroAddress();
    /// @notice An amount must be non-zero.
    error ZeroAmount();
    /// @notice `provider` is already registered.
    error AlreadyRegistered(address provider);
    /// @notice `provider` is not registered.
    error NotRegistered(address provider);
    /// @notice Capacity must be at least 1.
    error ZeroCapacity();
    /// @notice `stake` wei is less than the `required` minimum for the declared capacity.
    error InsufficientStake(uint256 stake, uint256 required);
    /// @notice `provider` has `available` wei of active stake, less than the `requested` amount.
    error UnbondExceedsStake(address provider, uint256 available, uint256 requested);
    /// @notice Nothing is unbonding for `provider`.
    error NothingToWithdraw(address provider);
    /// @notice The unbonding stake of `provider` may be withdrawn only from `readyAt`.
    error StillUnbonding(address provider, uint64 readyAt);
    /// @notice `provider` already serves `modelHash` (adding) or does not serve it (removing).
    error ServingUnchanged(address provider, bytes32 modelHash);
    /// @notice `provider` may serve at most {MAX_MODELS_PER_PROVIDER} models.
    error TooManyModels(address provider);
    /// @notice `modelHash` has {MAX_PROVIDERS_PER_MODEL} providers already.
    error TooManyProviders(bytes32 modelHash);
    /// @notice A share in basis points must be at most 10,000; `bps` is more.
    error InvalidBps(uint256 bps);
    /// @notice `provider` is not jailed.
    error NotJailed(address provider);
    /// @notice `provider` is jailed until `until`.
    error StillJailed(address provider, uint64 until);
    /// @notice `account` has no slash reward to claim.
    error NothingToClaim(address account);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the admin (the Timelock), the parameter source, the Treasury and the jail period.
    /// @dev Emits {ProviderStakingInitialized} and OpenZeppelin's `RoleGranted`. Reverts with {ZeroAddress}.
    /// @param admin holder of `DEFAULT_ADMIN_ROLE` (grants {SLASHER_ROLE} and {REPORTER_ROLE}).
    /// @param protocolParams_ the ProtocolParams the minimum stake and unbonding period are read from.
    /// @param treasury_ the Treasury that receives slashed stake.
    /// @param jailPeriod_ seconds a slashed provider stays jailed at least.
    function initialize(address admin, IProtocolParams protocolParams_, address payable treasury_, uint64 jailPeriod_)
        external
        initializer
    {
        if (admin == address(0) || address(protocolParams_) == address(0) || treasury_ == address(0)) {
            revert ZeroAddress();
        }
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        ProviderStakingStorage storage $ = _store();
        $.protocolParams = protocolParams_;
        $.treasury = treasury_;
        $.jailPeriod = jailPeriod_;
        emit ProviderStakingInitialized(protocolParams_, treasury_, jailPeriod_);
    }

    // ------------------------------------------------------------------------------------------------
    // Providers
    // ------------------------------------------------------------------------------------------------

    /// @notice Registers the caller as a provider serving `models` at `endpoint` with `capacity`,
    ///         staking `msg.value`.
    /// @dev `msg.value` must cover {minStakeFor}(`capacity`). The provider starts available. Emits
    ///      {ProviderRegistered}, {StakeAdded} and one {ModelServingChanged} per model. Reverts with
    ///      {AlreadyRegistered}, {ZeroCapacity}, {InsufficientStake}, {ServingUnchanged} (a duplicate),
    ///      {TooManyModels} or {TooManyProviders}.
    /// @param endpoint where the provider serves.
    /// @param capacity requests it serves at once (≥ 1).
    /// @param models MODEL `modelHash`es it serves.
    function register(string calldata endpoint, uint32 capacity, bytes32[] calldata models) external payable {
        ProviderStakingStorage storage $ = _store();
        Provider storage p = $.providers[msg.sender];
        if (p.registered) revert AlreadyRegistered(msg.sender);
        if (capacity == 0) revert ZeroCapacity();
        _requireStake(msg.value, capacity);
        p.registered = true;
        p.available = true;
        p.endpoint = endpoint;
        p.capacity = capacity;
        p.stake = msg.value;
        $.totalStaked += msg.value;
        $.all.add(msg.sender);
        emit ProviderRegistered(msg.sender, endpoint, capacity, msg.value);
        emit StakeAdded(msg.sender, msg.value, msg.value);
        for (uint256 i = 0; i < models.length; ++i) _addModel(msg.sender, models[i]);
    }

    /// @notice Adds `msg.value` to the caller's active stake.
    /// @dev Emits {StakeAdded}. Reverts with {NotRegistered} or {ZeroAmount}.
    function addStake() external payable {
        Provider storage p = _registered(msg.sender);
        if (msg.value == 0) revert ZeroAmount();
        p.stake += msg.value;
        _store().totalStaked += msg.value;
        emit StakeAdded(msg.sender, msg.value, p.stake);
    }

    /// @notice Changes the caller's endpoint.
    /// @dev Emits {EndpointChanged}. Reverts with {NotRegistered}.
    function setEndpoint(string calldata endpoint) external {
        _registered(msg.sender).endpoint = endpoint;
        emit EndpointChanged(msg.sender, endpoint);
    }

    /// @notice Changes the caller's declared capacity; its stake must cover the new one.
    /// @dev Emits {CapacityChanged}. Reverts with {NotRegistered}, {ZeroCapacity} or {InsufficientStake}.
    function setCapacity(uint32 capacity) external {
        Provider storage p = _registered(msg.sender);
        if (capacity == 0) revert ZeroCapacity();
        _requireStake(p.stake, capacity);
        emit CapacityChanged(msg.sender, p.capacity, capacity);
        p.capacity = capacity;
    }

    /// @notice Starts serving `models`.
    /// @dev Emits one {ModelServingChanged} per model. Reverts with {NotRegistered}, {ServingUnchanged},
    ///      {TooManyModels} or {TooManyProviders}.
    function addModels(bytes32[] calldata models) external {
        _registered(msg.sender);
        for (uint256 i = 0; i < models.length; ++i) _addModel(msg.sender, models[i]);
    }

    /// @notice Stops serving `models`.
    /// @dev Emits one {ModelServingChanged} per model. Reverts with {NotRegistered} or {ServingUnchanged}.
    function removeModels(bytes32[] calldata models) external {
        _registered(msg.sender);
        ProviderStakingStorage storage $ = _store();
        for (uint256 i = 0; i < models.length; ++i) {
            if (!$.models[msg.sender].remove(models[i])) revert ServingUnchanged(msg.sender, models[i]);
            $.providersOf[models[i]].remove(msg.sender);
            emit ModelServingChanged(msg.sender, models[i], false);
        }
    }

    /// @notice Switches the caller available or unavailable for new assignments (maintenance).
    /// @dev Emits {AvailabilityChanged}. Reverts with {NotRegistered}.
    function setAvailable(bool available) external {
        _registered(msg.sender).available = available;
        emit AvailabilityChanged(msg.sender, available);
    }

    /// @notice Moves `amount` of the caller's active stake to unbonding, withdrawable after the
    ///         unbonding period (`citrate.staking.unbondingPeriod`) from now.
    /// @dev What remains active must be zero (leaving) or cover the declared capacity. A new unbond
    ///      restarts the timer for everything unbonding. Unbonding stake can still be slashed. Emits
    ///      {Unbonded}. Reverts with {NotRegistered}, {ZeroAmount}, {UnbondExceedsStake} or
    ///      {InsufficientStake}.
    function unbond(uint256 amount) external {
        ProviderStakingStorage storage $ = _store();
        Provider storage p = _registered(msg.sender);
        if (amount == 0) revert ZeroAmount();
        if (amount > p.stake) revert UnbondExceedsStake(msg.sender, p.stake, amount);
        uint256 remaining = p.stake - amount;
        if (remaining != 0) _requireStake(remaining, p.capacity);
        p.stake = remaining;
        p.unbonding += amount;
        uint64 readyAt = uint64(block.timestamp + $.protocolParams.getParam(ParamKeys.UNBONDING_PERIOD));
        p.unbondingReadyAt = readyAt;
        $.totalStaked -= amount;
        $.totalUnbonding += amount;
        emit Unbonded(msg.sender, amount, p.unbonding, readyAt);
    }

    /// @notice Sends all of the caller's unbonded stake to `to` once the unbonding period has passed.
    /// @dev Emits {Withdrawn}. Reverts with {ZeroAddress}, {NothingToWithdraw}, {StillUnbonding}, or the
    ///      recipient's error if it rejects the payment.
    /// @param to the recipient (the provider itself, or another account).
    /// @return amount wei sent.
    function withdraw(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        ProviderStakingStorage storage $ = _store();
        Provider storage p = $.providers[msg.sender];
        amount = p.unbonding;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        if (block.timestamp < p.unbondingReadyAt) revert StillUnbonding(msg.sender, p.unbondingReadyAt);
        p.unbonding = 0;
        $.totalUnbonding -= amount;
        emit Withdrawn(msg.sender, to, amount);
        Address.sendValue(to, amount);
    }

    /// @notice Leaves jail once the jail period has passed, if the active stake covers the capacity.
    /// @dev Emits {Unjailed}. Reverts with {NotJailed}, {StillJailed} or {InsufficientStake}.
    function unjail() external {
        Provider storage p = _store().providers[msg.sender];
        if (!p.jailed) revert NotJailed(msg.sender);
        if (block.timestamp < p.jailedUntil) revert StillJailed(msg.sender, p.jailedUntil);
        _requireStake(p.stake, p.capacity);
        p.jailed = false;
        emit Unjailed(msg.sender);
    }

    /// @notice Sends all of the caller's slash rewards to `to`.
    /// @dev Emits {RewardClaimed}. Reverts with {ZeroAddress}, {NothingToClaim}, or the recipient's error.
    /// @return amount wei sent.
    function claimReward(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        ProviderStakingStorage storage $ = _store();
        amount = $.rewards[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        $.rewards[msg.sender] = 0;
        $.totalRewardsOwed -= amount;
        emit RewardClaimed(msg.sender, to, amount);
        Address.sendValue(to, amount);
    }

    // ------------------------------------------------------------------------------------------------
    // Slashers, reporters, admin
    // ------------------------------------------------------------------------------------------------

    /// @notice Slashes `bps` basis points of `provider`'s stake (active + unbonding) and jails it.
    /// @dev {SLASHER_ROLE} only. See {slashAmount}. Reverts with {InvalidBps} for `bps` > 10,000.
    /// @param provider the provider slashed.
    /// @param bps share of its active + unbonding stake slashed.
    /// @param beneficiary credited with `rewardBps` of the slashed amount (zero address: none).
    /// @param rewardBps share of the slashed amount credited to `beneficiary`.
    /// @param reason a short code logged in {Slashed} (e.g. `keccak256("citrate.slash.timeout")`).
    /// @return slashed wei slashed.
    /// @return reward wei credited to `beneficiary`.
    function slash(address provider, uint256 bps, address beneficiary, uint256 rewardBps, bytes32 reason)
        external
        onlyRole(SLASHER_ROLE)
        nonReentrant
        returns (uint256 slashed, uint256 reward)
    {
        if (bps > BPS_DENOMINATOR) revert InvalidBps(bps);
        Provider storage p = _registered(provider);
        return _slash(provider, p, Math.mulDiv(p.stake + p.unbonding, bps, BPS_DENOMINATOR), beneficiary, rewardBps, reason);
    }

    /// @notice Slashes `amount` wei of `provider`'s stake (capped at its active + unbonding stake) and
    ///         jails it.
    /// @dev {SLASHER_ROLE} only. Active stake is taken first, then unbonding stake. `rewardBps` of the
    ///      slashed amount (rounded down) is credited to `beneficiary`, the rest is sent to the Treasury.
    ///      The provider is jailed until `now + jailPeriod` even when nothing was left to slash. Emits
    ///      {Slashed} and {Jailed}. Reverts with {NotRegistered}, {InvalidBps}, or {ZeroAddress} for a
    ///      reward without a beneficiary.
    /// @return slashed wei slashed.
    /// @return reward wei credited to `beneficiary`.
    function slashAmount(address provider, uint256 amount, address beneficiary, uint256 rewardBps, bytes32 reason)
        external
        onlyRole(SLASHER_ROLE)
        nonReentrant
        returns (uint256 slashed, uint256 reward)
    {
        Provider storage p = _registered(provider);
        return _slash(provider, p, Math.min(amount, p.stake + p.unbonding), beneficiary, rewardBps, reason);
    }

    /// @notice Records a job of `provider` as completed (`success`) or failed.
    /// @dev {REPORTER_ROLE} only. Emits {JobRecorded}. Reverts with {NotRegistered}.
    function recordJob(address provider, bool success) external onlyRole(REPORTER_ROLE) {
        Provider storage p = _registered(provider);
        if (success) ++p.jobsCompleted;
        else ++p.jobsFailed;
        emit JobRecorded(provider, success, p.jobsCompleted, p.jobsFailed);
    }

    /// @notice Sets how long a slashed provider stays jailed at least, in seconds.
    /// @dev Admin only. Emits {JailPeriodChanged}.
    function setJailPeriod(uint64 jailPeriod_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        ProviderStakingStorage storage $ = _store();
        emit JailPeriodChanged($.jailPeriod, jailPeriod_);
        $.jailPeriod = jailPeriod_;
    }

    // ------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------

    /// @notice The eligible providers of `modelHash` with their selection weights and capacities.
    /// @dev Eligible: available, not jailed, active stake ≥ {minStakeFor}(capacity). Weight:
    ///      `stake × (completed + 1) / (completed + failed + 1)`. At most {MAX_PROVIDERS_PER_MODEL}.
    function candidates(bytes32 modelHash) external view returns (Candidate[] memory list) {
        ProviderStakingStorage storage $ = _store();
        EnumerableSet.AddressSet storage serving = $.providersOf[modelHash];
        uint256 n = serving.length();
        uint256 perCapacity = minStakePerCapacity();
        list = new Candidate[](n);
        uint256 count;
        for (uint256 i = 0; i < n; ++i) {
            address provider = serving.at(i);
            Provider storage p = $.providers[provider];
            if (!_eligible(p, perCapacity)) continue;
            uint256 weight = Math.mulDiv(p.stake, uint256(p.jobsCompleted) + 1, uint256(p.jobsCompleted) + p.jobsFailed + 1);
            list[count++] = Candidate(provider, weight, p.capacity);
        }
        // shrink the array to the eligible entries (memory only: the length word of `list`)
        assembly ("memory-safe") {
            mstore(list, count)
        }
    }

    /// @notice Whether `provider` may receive new assignments now (available, not jailed, enough stake).
    function isEligible(address provider) external view returns (bool) {
        Provider storage p = _store().providers[provider];
        return p.registered && _eligible(p, minStakePerCapacity());
    }

    /// @notice Whether `provider` serves `modelHash`.
    function serves(address provider, bytes32 modelHash) external view returns (bool) {
        return _store().models[provider].contains(modelHash);
    }

    /// @notice The provider record of `provider` (all zero if it never registered).
    function getProvider(address provider) external view returns (Provider memory) {
        return _store().providers[provider];
    }

    /// @notice The models `provider` serves.
    function modelsOf(address provider) external view returns (bytes32[] memory) {
        return _store().models[provider].values();
    }

    /// @notice Every provider that serves `modelHash`, eligible or not.
    function providersOf(bytes32 modelHash) external view returns (address[] memory) {
        return _store().providersOf[modelHash].values();
    }

    /// @notice Number of providers ever registered.
    function providerCount() external view returns (uint256) {
        return _store().all.length();
    }

    /// @notice Up to `limit` registered providers from position `offset`, in registration order.
    function listProviders(uint256 offset, uint256 limit) external view returns (address[] memory page) {
        EnumerableSet.AddressSet storage all = _store().all;
        uint256 total = all.length();
        uint256 count = offset >= total ? 0 : Math.min(total - offset, limit);
        page = new address[](count);
        for (uint256 i = 0; i < count; ++i) page[i] = all.at(offset + i);
    }

    /// @notice Stake required for `capacity`: `citrate.staking.minStakePerCapacity × capacity`, in wei.
    function minStakeFor(uint256 capacity) public view returns (uint256) {
        return minStakePerCapacity() * capacity;
    }

    /// @notice `citrate.staking.minStakePerCapacity` in force now, in wei.
    function minStakePerCapacity() public view returns (uint256) {
        return _store().protocolParams.getParam(ParamKeys.MIN_STAKE_PER_CAPACITY);
    }

    /// @notice Slash rewards `account` may claim, in wei.
    function rewardOf(address account) external view returns (uint256) {
        return _store().rewards[account];
    }

    /// @notice Seconds a slashed provider stays jailed at least.
    function jailPeriod() external view returns (uint64) {
        return _store().jailPeriod;
    }

    /// @notice Active stake of all providers, in wei.
    function totalStaked() external view returns (uint256) {
        return _store().totalStaked;
    }

    /// @notice Unbonding stake of all providers, in wei.
    function totalUnbonding() external view returns (uint256) {
        return _store().totalUnbonding;
    }

    /// @notice Slash rewards credited and not yet claimed, in wei.
    function totalRewardsOwed() external view returns (uint256) {
        return _store().totalRewardsOwed;
    }

    /// @notice Wei ever slashed.
    function totalSlashed() external view returns (uint256) {
        return _store().totalSlashed;
    }

    /// @notice The ProtocolParams staking reads.
    function protocolParams() external view returns (IProtocolParams) {
        return _store().protocolParams;
    }

    /// @notice The Treasury that receives slashed stake.
    function treasury() external view returns (address payable) {
        return _store().treasury;
    }

    // ------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------

    function _slash(
        address provider,
        Provider storage p,
        uint256 amount,
        address beneficiary,
        uint256 rewardBps,
        bytes32 reason
    ) private returns (uint256 slashed, uint256 reward) {
        if (rewardBps > BPS_DENOMINATOR) revert InvalidBps(rewardBps);
        if (rewardBps != 0 && beneficiary == address(0)) revert ZeroAddress();
        ProviderStakingStorage storage $ = _store();
        slashed = amount;
        uint256 fromStake = Math.min(amount, p.stake);
        uint256 fromUnbonding = amount - fromStake;
        p.stake -= fromStake;
        p.unbonding -= fromUnbonding;
        $.totalStaked -= fromStake;
        $.totalUnbonding -= fromUnbonding;
        ++p.timesSlashed;
        p.totalSlashed += amount;
        $.totalSlashed += amount;
        reward = Math.mulDiv(amount, rewardBps, BPS_DENOMINATOR);
        if (reward != 0) {
            $.rewards[beneficiary] += reward;
            $.totalRewardsOwed += reward;
        }
        uint64 until = uint64(block.timestamp) + $.jailPeriod;
        p.jailed = true;
        if (until > p.jailedUntil) p.jailedUntil = until;
        emit Slashed(provider, msg.sender, reason, amount, fromStake, beneficiary, reward);
        emit Jailed(provider, p.jailedUntil);
        uint256 toTreasury = amount - reward;
        if (toTreasury != 0) Address.sendValue($.treasury, toTreasury);
    }

    function _addModel(address provider, bytes32 modelHash) private {
        ProviderStakingStorage storage $ = _store();
        EnumerableSet.Bytes32Set storage served = $.models[provider];
        if (served.contains(modelHash)) revert ServingUnchanged(provider, modelHash);
        if (served.length() >= MAX_MODELS_PER_PROVIDER) revert TooManyModels(provider);
        EnumerableSet.AddressSet storage serving = $.providersOf[modelHash];
        if (serving.length() >= MAX_PROVIDERS_PER_MODEL) revert TooManyProviders(modelHash);
        served.add(modelHash);
        serving.add(provider);
        emit ModelServingChanged(provider, modelHash, true);
    }

    function _eligible(Provider storage p, uint256 perCapacity) private view returns (bool) {
        return p.available && !p.jailed && p.stake != 0 && p.stake >= perCapacity * p.capacity;
    }

    function _requireStake(uint256 stake, uint32 capacity) private view {
        uint256 required = minStakeFor(capacity);
        if (stake < required) revert InsufficientStake(stake, required);
    }

    function _registered(address provider) private view returns (Provider storage p) {
        p = _store().providers[provider];
        if (!p.registered) revert NotRegistered(provider);
    }

    function _store() private pure returns (ProviderStakingStorage storage $) {
        assembly {
            $.slot := PROVIDER_STAKING_STORAGE_LOCATION
        }
    }
}
