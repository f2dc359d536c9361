// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {FeeSplitter} from "../economics/FeeSplitter.sol";
import {RefundLedgerUpgradeable} from "../economics/RefundLedgerUpgradeable.sol";
import {IModelPrecompile} from "../interfaces/IModelPrecompile.sol";
import {ProviderStaking} from "../staking/ProviderStaking.sol";
import {ModelPrecompileClient} from "./ModelPrecompileClient.sol";
import {ModelRegistry} from "./ModelRegistry.sol";

/// @title LoRAFactory: fine-tuning jobs, adapters as model versions, creator royalties
/// @notice A user who may run a base model posts a fine-tuning job ({createJob}: base model, dataset CID,
///         LoRA rank, epochs), escrowing the fee for the work. An eligible staked provider claims it
///         ({claimJob}) and, before {jobTimeout}, submits the result ({submitResult}: the adapted model's
///         ONNX file by CID and sha256 hash, and its evaluation metric). The adapter is registered in the
///         ModelRegistry as a model derived from the base, owned by the job's creator; the adapter's pin
///         fee (the registry's `pinCost()`) is paid out of the job fee and the provider is paid the rest
///         through the FeeSplitter. {inferWithLoRA} runs an adapter on chain: of its price,
///         {royaltyBps} is paid to the adapter's owner and the rest to the base model's owner, both
///         through the FeeSplitter. The owner of two adapters of the same base may register their merge
///         ({mergeAdapters}) as a model derived from both, paying its pin fee.
/// @dev An adapter on Citrate is a complete ONNX model (the base with the LoRA deltas applied), because
///      the MODEL precompile runs whole graphs; its registry parents record where it came from. A merge
///      is the base with the deltas of both adapters applied (e.g. their weighted sum), computed off
///      chain; it is an adapter of the same base. No stuck escrow: an unclaimed job is cancelled by its
///      creator, a claimed one expires after its deadline (anyone may call {expireJob}); both refund the
///      fee (pull: {withdrawRefund}, kept by {RefundLedgerUpgradeable}).
///      Invariant: balance == {totalEscrowed} + {totalRefundsOwed}.
///      Needs the registry's VERSION_REGISTRAR_ROLE and staking's REPORTER_ROLE. A genesis predeploy: the
///      implementation's constructor only fixes the MODEL precompile it calls ({modelPrecompile}, an
///      immutable); state in the ERC-7201 namespace `citrate.storage.LoRAFactory`.
contract LoRAFactory is Initializable, Ownable2StepUpgradeable, RefundLedgerUpgradeable, ModelPrecompileClient {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice Basis points in a whole.
    uint256 public constant BPS_DENOMINATOR = 10_000;
    /// @notice Largest LoRA rank a job may ask for.
    uint32 public constant MAX_RANK = 1_024;

    /// @notice Where a job stands.
    enum JobStatus {
        None,
        Open,
        Claimed,
        Completed,
        Cancelled,
        Expired
    }

    /// @notice A fine-tuning job.
    /// @param creator who posted and paid for it (owner of the adapter).
    /// @param provider who claimed it (zero while open).
    /// @param status where it stands.
    /// @param deadline last second at which the provider may submit (once claimed).
    /// @param rank LoRA rank.
    /// @param epochs training epochs.
    /// @param baseModelId registry id of the base model.
    /// @param fee escrowed payment for the provider, in wei.
    /// @param adapterModelId registry id of the adapter (once completed).
    /// @param metric evaluation metric reported by the provider (e.g. accuracy × 10^4).
    /// @param datasetCid IPFS CID of the training data.
    struct Job {
        address creator;
        address provider;
        JobStatus status;
        uint64 deadline;
        uint32 rank;
        uint32 epochs;
        uint256 baseModelId;
        uint256 fee;
        uint256 adapterModelId;
        uint256 metric;
        string datasetCid;
    }

    /// @notice An adapter registered through the factory.
    /// @param baseModelId the base model it adapts (0: not an adapter).
    /// @param jobId the job that produced it (0 for a merge).
    /// @param royaltyBps share of each {inferWithLoRA} fee paid to the adapter's owner.
    struct Adapter {
        uint256 baseModelId;
        uint256 jobId;
        uint16 royaltyBps;
    }

    /// @notice What the provider submits for a job.
    /// @param cid IPFS CID of the adapted ONNX file.
    /// @param modelHash sha256 of that file.
    /// @param size its size in bytes.
    /// @param metric evaluation metric (e.g. accuracy × 10^4).
    struct JobResult {
        string cid;
        bytes32 modelHash;
        uint64 size;
        uint256 metric;
    }

    /// @dev Who is paid what for one {inferWithLoRA}.
    struct LoRAPayment {
        address adapterOwner;
        address baseOwner;
        uint256 price;
        uint256 royalty;
        bytes32 modelHash;
    }

    /// @custom:storage-location erc7201:citrate.storage.LoRAFactory
    struct LoRAFactoryStorage {
        ModelRegistry registry;
        ProviderStaking staking;
        FeeSplitter feeSplitter;
        uint16 royaltyBps;
        uint64 jobTimeout;
        uint256 jobCount;
        uint256 totalEscrowed;
        mapping(uint256 jobId => Job) jobs;
        mapping(uint256 modelId => Adapter) adapters;
        EnumerableSet.UintSet openJobs;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.LoRAFactory")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant LORA_FACTORY_STORAGE_LOCATION =
        0xb7953354989b7a752387be969b7cbdecdee950b254d3581ee78d227975d1f200;

    // ----- events -----

    /// @notice The factory was wired to its registry, staking and fee splitter.
    event LoRAFactoryInitialized(ModelRegistry registry, ProviderStaking staking, FeeSplitter feeSplitter);

    /// @notice `creator` posted job `jobId` to fine-tune `baseModelId`, escrowing `fee` wei.
    event JobCreated(
        uint256 indexed jobId,
        address indexed creator,
        uint256 indexed baseModelId,
        uint256 fee,
        string datasetCid,
        uint32 rank,
        uint32 epochs
    );

    /// @notice `provider` claimed `jobId` and must submit by `deadline`.
    event JobClaimed(uint256 indexed jobId, address indexed provider, uint64 deadline);

    /// @notice `provider` completed `jobId`: adapter `adapterModelId` (file `cid`, hash `modelHash`)
    ///         scored `metric`. Of the job's `fee`, `pinCost` wei paid the ARTIFACT pin of the adapter and
    ///         the rest went to the provider through the FeeSplitter.
    event JobCompleted(
        uint256 indexed jobId,
        address indexed provider,
        uint256 indexed adapterModelId,
        bytes32 modelHash,
        string cid,
        uint256 metric,
        uint256 fee,
        uint256 pinCost
    );

    /// @notice The creator cancelled the unclaimed `jobId`; its fee is refunded.
    event JobCancelled(uint256 indexed jobId);

    /// @notice `provider` did not submit `jobId` in time; its fee is refunded.
    event JobExpired(uint256 indexed jobId, address indexed provider);

    /// @notice `adapterModelId` was recorded as an adapter of `baseModelId` (from `jobId`, 0 for a merge)
    ///         paying its owner `royaltyBps` of each on-chain inference.
    event AdapterRegistered(uint256 indexed adapterModelId, uint256 indexed baseModelId, uint256 jobId, uint16 royaltyBps);

    /// @notice `owner` merged `adapterA` and `adapterB` into `mergedModelId`.
    event AdaptersMerged(uint256 indexed mergedModelId, uint256 indexed adapterA, uint256 indexed adapterB, address owner);

    /// @notice `caller` ran adapter `adapterModelId` on chain, paying `fee` wei: `royalty` for its owner,
    ///         the rest for the base model's owner.
    event LoRAInference(
        uint256 indexed adapterModelId,
        address indexed caller,
        uint256 fee,
        uint256 royalty,
        bytes32 inputHash,
        bytes output
    );

    /// @notice The royalty share of new adapters changed.
    event RoyaltyChanged(uint16 oldRoyaltyBps, uint16 newRoyaltyBps);

    /// @notice The time a provider has to submit a claimed job changed.
    event JobTimeoutChanged(uint64 oldTimeout, uint64 newTimeout);

    // ----- errors -----

    /// @notice A job's `fee` must exceed `pinCost`, the adapter's pin fee paid out of it (the registry's
    ///         `pinCost()`), so that the provider is paid something.
    error JobFeeTooLow(uint256 fee, uint256 pinCost);
    /// @notice `user` may not use `modelId` (unknown, inactive, or its access policy).
    error ModelNotAllowed(uint256 modelId, address user);
    /// @notice A job needs a dataset CID, a rank in [1, {MAX_RANK}] and at least one epoch.
    error InvalidJob(uint32 rank, uint32 epochs);
    /// @notice `jobId` is `status`, not the status the action needs.
    error InvalidJobStatus(uint256 jobId, JobStatus status);
    /// @notice `account` is not an eligible staked provider.
    error NotEligibleProvider(address account);
    /// @notice `account` may not do this to `jobId` (not its creator, or not its provider).
    error NotJobParty(uint256 jobId, address account);
    /// @notice The deadline of `jobId` (`deadline`) has passed.
    error JobDeadlinePassed(uint256 jobId, uint64 deadline);
    /// @notice `jobId` may expire only after `deadline`.
    error JobNotExpired(uint256 jobId, uint64 deadline);
    /// @notice A result needs a CID and a non-zero hash.
    error InvalidResult();
    /// @notice `modelId` is not an adapter registered through the factory.
    error NotAnAdapter(uint256 modelId);
    /// @notice Adapters of different bases (`baseA`, `baseB`) cannot be merged.
    error DifferentBases(uint256 baseA, uint256 baseB);
    /// @notice An adapter cannot be merged with itself.
    error SameAdapter(uint256 modelId);
    /// @notice `account` is not the owner of `modelId`.
    error NotModelOwner(uint256 modelId, address account);
    /// @notice The adapter costs `price` wei; `sent` were sent.
    error InsufficientPayment(uint256 sent, uint256 price);
    /// @notice An input must not be empty.
    error EmptyInput();
    /// @notice A share in basis points must be at most 10,000.
    error InvalidBps(uint256 bps);
    /// @notice The job timeout must be at least one second.
    error ZeroTimeout();
    /// @notice Renouncing ownership would freeze the factory's settings, so it is disabled.
    error OwnershipCannotBeRenounced();

    /// @notice Fixes the MODEL precompile this implementation calls and disables its initialisers (only a
    ///         proxy is initialised).
    /// @dev Reverts with {ZeroModelPrecompile}.
    /// @param modelPrecompile_ the MODEL precompile: `MODEL_PRECOMPILE` on a Citrate chain.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(IModelPrecompile modelPrecompile_) ModelPrecompileClient(modelPrecompile_) {
        _disableInitializers();
    }

    /// @notice Sets the owner (the Timelock), the contracts the factory uses, the royalty and the timeout.
    /// @dev Emits {LoRAFactoryInitialized}, {RoyaltyChanged}, {JobTimeoutChanged} and OpenZeppelin's
    ///      `OwnershipTransferred`. Reverts with {ZeroAddress}, {InvalidBps} or {ZeroTimeout}.
    /// @param initialOwner may change the royalty and the timeout.
    /// @param registry_ the ModelRegistry (must grant this factory VERSION_REGISTRAR_ROLE).
    /// @param staking_ the ProviderStaking (must grant this factory REPORTER_ROLE).
    /// @param feeSplitter_ the FeeSplitter payments go through.
    /// @param royaltyBps_ share of an adapter's inference fee paid to its owner.
    /// @param jobTimeout_ seconds a provider has to submit a claimed job.
    function initialize(
        address initialOwner,
        ModelRegistry registry_,
        ProviderStaking staking_,
        FeeSplitter feeSplitter_,
        uint16 royaltyBps_,
        uint64 jobTimeout_
    ) external initializer {
        __Ownable_init(initialOwner);
        if (address(registry_) == address(0) || address(staking_) == address(0) || address(feeSplitter_) == address(0)) {
            revert ZeroAddress();
        }
        LoRAFactoryStorage storage $ = _store();
        $.registry = registry_;
        $.staking = staking_;
        $.feeSplitter = feeSplitter_;
        emit LoRAFactoryInitialized(registry_, staking_, feeSplitter_);
        _setRoyalty(royaltyBps_);
        _setJobTimeout(jobTimeout_);
    }

    // ------------------------------------------------------------------------------------------------
    // Jobs
    // ------------------------------------------------------------------------------------------------

    /// @notice Posts a job to fine-tune `baseModelId` on `datasetCid`, escrowing `msg.value`: on
    ///         completion it pays the adapter's pin fee, and the rest pays the provider.
    /// @dev `msg.value` must exceed the registry's `pinCost()` now; the pin fee may still change before
    ///      the result comes (see {submitResult}). The caller must be allowed to use the base model.
    ///      Emits {JobCreated}. Reverts with {JobFeeTooLow}, {InvalidJob} or {ModelNotAllowed}.
    /// @return jobId the new job's id.
    function createJob(uint256 baseModelId, string calldata datasetCid, uint32 rank, uint32 epochs)
        external
        payable
        nonReentrant
        returns (uint256 jobId)
    {
        LoRAFactoryStorage storage $ = _store();
        uint256 pinCost = $.registry.pinCost();
        if (msg.value <= pinCost) revert JobFeeTooLow(msg.value, pinCost);
        if (bytes(datasetCid).length == 0 || rank == 0 || rank > MAX_RANK || epochs == 0) revert InvalidJob(rank, epochs);
        if (!$.registry.canUse(baseModelId, msg.sender)) revert ModelNotAllowed(baseModelId, msg.sender);
        jobId = ++$.jobCount;
        Job storage job = $.jobs[jobId];
        job.creator = msg.sender;
        job.status = JobStatus.Open;
        job.rank = rank;
        job.epochs = epochs;
        job.baseModelId = baseModelId;
        job.fee = msg.value;
        job.datasetCid = datasetCid;
        $.totalEscrowed += msg.value;
        $.openJobs.add(jobId);
        emit JobCreated(jobId, msg.sender, baseModelId, msg.value, datasetCid, rank, epochs);
    }

    /// @notice An eligible staked provider takes `jobId`; it must submit within {jobTimeout}.
    /// @dev Emits {JobClaimed}. Reverts with {InvalidJobStatus} or {NotEligibleProvider}.
    function claimJob(uint256 jobId) external {
        LoRAFactoryStorage storage $ = _store();
        Job storage job = _inStatus(jobId, JobStatus.Open);
        if (!$.staking.isEligible(msg.sender)) revert NotEligibleProvider(msg.sender);
        uint64 deadline = uint64(block.timestamp) + $.jobTimeout;
        job.provider = msg.sender;
        job.status = JobStatus.Claimed;
        job.deadline = deadline;
        $.openJobs.remove(jobId);
        emit JobClaimed(jobId, msg.sender, deadline);
    }

    /// @notice The provider of `jobId` submits the adapted model: it is registered as a model derived
    ///         from the base, owned by the job's creator; its pin fee is paid out of the job fee and the
    ///         provider is paid the rest.
    /// @dev Before the deadline. The adapter takes the base model's name (suffixed), framework, price and
    ///      access policy; its owner may change them. If the pin fee has risen to the job fee or above,
    ///      the result cannot be taken ({JobFeeTooLow}); the job then expires and the creator is refunded.
    ///      Emits {JobCompleted}, {AdapterRegistered} and the registry's `ModelRegistered`; records a
    ///      completed job in staking. Reverts with {InvalidJobStatus}, {NotJobParty}, {JobDeadlinePassed},
    ///      {InvalidResult}, {JobFeeTooLow}, or the registry's errors (e.g. `ModelHashTaken`).
    /// @return adapterModelId the adapter's registry id.
    function submitResult(uint256 jobId, JobResult calldata result)
        external
        nonReentrant
        returns (uint256 adapterModelId)
    {
        LoRAFactoryStorage storage $ = _store();
        Job storage job = _inStatus(jobId, JobStatus.Claimed);
        if (job.provider != msg.sender) revert NotJobParty(jobId, msg.sender);
        if (block.timestamp > job.deadline) revert JobDeadlinePassed(jobId, job.deadline);
        if (bytes(result.cid).length == 0 || result.modelHash == bytes32(0)) revert InvalidResult();
        uint256 fee = job.fee;
        uint256 pinCost = $.registry.pinCost();
        if (fee <= pinCost) revert JobFeeTooLow(fee, pinCost);
        job.status = JobStatus.Completed;
        $.totalEscrowed -= fee;
        uint256[] memory parents = new uint256[](1);
        parents[0] = job.baseModelId;
        string memory label = string.concat("lora-", Strings.toString(jobId));
        adapterModelId = _registerAdapter(job.creator, parents, label, result, jobId, pinCost);
        job.adapterModelId = adapterModelId;
        job.metric = result.metric;
        emit JobCompleted(jobId, msg.sender, adapterModelId, result.modelHash, result.cid, result.metric, fee, pinCost);
        $.staking.recordJob(msg.sender, true);
        $.feeSplitter.splitFee{value: fee - pinCost}(msg.sender);
    }

    /// @notice The creator cancels its unclaimed `jobId`; the fee is refunded.
    /// @dev Emits {JobCancelled} and {RefundCredited}. Reverts with {InvalidJobStatus} or {NotJobParty}.
    function cancelJob(uint256 jobId) external {
        LoRAFactoryStorage storage $ = _store();
        Job storage job = _inStatus(jobId, JobStatus.Open);
        if (job.creator != msg.sender) revert NotJobParty(jobId, msg.sender);
        job.status = JobStatus.Cancelled;
        $.openJobs.remove(jobId);
        emit JobCancelled(jobId);
        _refund(jobId, job);
    }

    /// @notice Ends the claimed `jobId` whose provider missed its deadline; the fee is refunded and the
    ///         failure recorded in staking.
    /// @dev Anyone may call it after the deadline. Emits {JobExpired} and {RefundCredited}. Reverts with
    ///      {InvalidJobStatus} or {JobNotExpired}.
    function expireJob(uint256 jobId) external {
        Job storage job = _inStatus(jobId, JobStatus.Claimed);
        if (block.timestamp <= job.deadline) revert JobNotExpired(jobId, job.deadline);
        job.status = JobStatus.Expired;
        emit JobExpired(jobId, job.provider);
        _refund(jobId, job);
        _store().staking.recordJob(job.provider, false);
    }

    // ------------------------------------------------------------------------------------------------
    // Adapters
    // ------------------------------------------------------------------------------------------------

    /// @notice Registers the merge of two adapters of the same base (owned by the caller) as a new
    ///         adapter of that base, derived from both and owned by the caller.
    /// @dev The merged file (the base with both adapters' deltas applied) is computed off chain. It takes
    ///      the price and access policy of `adapterA`. `msg.value` must be exactly the registry's
    ///      `pinCost()` (forwarded to pin the merged file). Emits {AdaptersMerged}, {AdapterRegistered}
    ///      and the registry's `ModelRegistered`. Reverts with {SameAdapter}, {NotAnAdapter},
    ///      {DifferentBases}, {NotModelOwner}, {InvalidResult}, or the registry's errors (a wrong value:
    ///      its `WrongRegistrationPayment`).
    /// @return mergedModelId the merged adapter's registry id.
    function mergeAdapters(uint256 adapterA, uint256 adapterB, string calldata cid, bytes32 modelHash, uint64 size)
        external
        payable
        nonReentrant
        returns (uint256 mergedModelId)
    {
        if (adapterA == adapterB) revert SameAdapter(adapterA);
        uint256 baseA = _adapter(adapterA).baseModelId;
        uint256 baseB = _adapter(adapterB).baseModelId;
        if (baseA != baseB) revert DifferentBases(baseA, baseB);
        _requireOwner(adapterA);
        _requireOwner(adapterB);
        if (bytes(cid).length == 0 || modelHash == bytes32(0)) revert InvalidResult();
        uint256[] memory parents = new uint256[](2);
        parents[0] = adapterA;
        parents[1] = adapterB;
        string memory label =
            string.concat("merge-", Strings.toString(adapterA), "-", Strings.toString(adapterB));
        mergedModelId = _registerAdapter(msg.sender, parents, label, JobResult(cid, modelHash, size, 0), 0, msg.value);
        emit AdaptersMerged(mergedModelId, adapterA, adapterB, msg.sender);
    }

    /// @notice Runs adapter `adapterModelId` on `input` in this transaction and pays its price:
    ///         the adapter's royalty share for its owner, the rest for the base model's owner, both
    ///         through the FeeSplitter.
    /// @dev The caller must be allowed to use the adapter; `msg.value` must cover its price and the
    ///      excess is credited back. Emits {LoRAInference}. Reverts with {EmptyInput}, {NotAnAdapter},
    ///      {ModelNotAllowed}, {InsufficientPayment}, or the MODEL precompile's revert.
    /// @return output the output tensor(s).
    function inferWithLoRA(uint256 adapterModelId, bytes calldata input)
        external
        payable
        nonReentrant
        returns (bytes memory output)
    {
        if (input.length == 0) revert EmptyInput();
        LoRAPayment memory payment = _paymentFor(adapterModelId);
        if (msg.value < payment.price) revert InsufficientPayment(msg.value, payment.price);
        if (msg.value != payment.price) _creditRefund(msg.sender, 0, msg.value - payment.price);
        output = modelPrecompile().executeInference(payment.modelHash, input);
        emit LoRAInference(adapterModelId, msg.sender, payment.price, payment.royalty, keccak256(input), output);
        FeeSplitter splitter = _store().feeSplitter;
        if (payment.royalty != 0) splitter.splitFee{value: payment.royalty}(payment.adapterOwner);
        if (payment.price != payment.royalty) {
            splitter.splitFee{value: payment.price - payment.royalty}(payment.baseOwner);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------------------------------------

    /// @notice Sets the royalty share recorded for adapters registered from now on, in basis points.
    /// @dev Owner only. Emits {RoyaltyChanged}. Reverts with {InvalidBps}.
    function setRoyaltyBps(uint16 royaltyBps_) external onlyOwner {
        _setRoyalty(royaltyBps_);
    }

    /// @notice Sets the seconds a provider has to submit a job claimed from now on.
    /// @dev Owner only. Emits {JobTimeoutChanged}. Reverts with {ZeroTimeout}.
    function setJobTimeout(uint64 jobTimeout_) external onlyOwner {
        _setJobTimeout(jobTimeout_);
    }

    /// @notice Disabled: without an owner the factory's settings could never change again.
    /// @dev Always reverts with {OwnershipCannotBeRenounced}.
    function renounceOwnership() public view override onlyOwner {
        revert OwnershipCannotBeRenounced();
    }

    // ------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------

    /// @notice The job `jobId` (status `None` if it does not exist).
    function getJob(uint256 jobId) external view returns (Job memory) {
        return _store().jobs[jobId];
    }

    /// @notice Number of jobs ever posted (ids run from 1 to this).
    function jobCount() external view returns (uint256) {
        return _store().jobCount;
    }

    /// @notice Ids of the jobs open for claiming.
    function openJobs() external view returns (uint256[] memory) {
        return _store().openJobs.values();
    }

    /// @notice The adapter record of `modelId` (`baseModelId` 0 if it is not an adapter).
    function adapterOf(uint256 modelId) external view returns (Adapter memory) {
        return _store().adapters[modelId];
    }

    /// @notice Fees escrowed in open and claimed jobs, in wei.
    function totalEscrowed() external view returns (uint256) {
        return _store().totalEscrowed;
    }

    /// @notice Royalty share recorded for new adapters, in basis points.
    function royaltyBps() external view returns (uint16) {
        return _store().royaltyBps;
    }

    /// @notice Seconds a provider has to submit a claimed job.
    function jobTimeout() external view returns (uint64) {
        return _store().jobTimeout;
    }

    /// @notice The ModelRegistry.
    function registry() external view returns (ModelRegistry) {
        return _store().registry;
    }

    /// @notice The ProviderStaking.
    function staking() external view returns (ProviderStaking) {
        return _store().staking;
    }

    /// @notice The FeeSplitter.
    function feeSplitter() external view returns (FeeSplitter) {
        return _store().feeSplitter;
    }

    // ------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------

    /// @dev Registers an adapter derived from `parents` (its base is the first parent's base, or the
    ///      first parent itself for a job) with the first parent's name, framework, price and policy,
    ///      sending `pinValue` wei for its pin fee. `file` names the adapter's ONNX file (its metric unused).
    function _registerAdapter(
        address owner,
        uint256[] memory parents,
        string memory label,
        JobResult memory file,
        uint256 jobId,
        uint256 pinValue
    ) private returns (uint256 adapterModelId) {
        LoRAFactoryStorage storage $ = _store();
        ModelRegistry registry_ = $.registry;
        ModelRegistry.ModelSpec memory parent = registry_.getModel(parents[0]).spec;
        ModelRegistry.ModelSpec memory spec = ModelRegistry.ModelSpec({
            name: string.concat(parent.name, "+", label),
            framework: parent.framework,
            version: label,
            cid: file.cid,
            modelHash: file.modelHash,
            size: file.size,
            price: parent.price,
            policy: parent.policy
        });
        adapterModelId = registry_.registerDerived{value: pinValue}(owner, parents, spec);
        uint256 baseModelId = jobId == 0 ? $.adapters[parents[0]].baseModelId : parents[0];
        uint16 royalty = $.royaltyBps;
        $.adapters[adapterModelId] = Adapter(baseModelId, jobId, royalty);
        emit AdapterRegistered(adapterModelId, baseModelId, jobId, royalty);
    }

    /// @dev The price of `adapterModelId` for the caller and its split; reverts unless the caller may use it.
    function _paymentFor(uint256 adapterModelId) private view returns (LoRAPayment memory payment) {
        Adapter storage adapter = _adapter(adapterModelId);
        ModelRegistry registry_ = _store().registry;
        bool allowed;
        (payment.adapterOwner, payment.price, payment.modelHash, allowed) = registry_.usage(adapterModelId, msg.sender);
        if (!allowed) revert ModelNotAllowed(adapterModelId, msg.sender);
        (payment.baseOwner,,,) = registry_.usage(adapter.baseModelId, msg.sender);
        payment.royalty = Math.mulDiv(payment.price, adapter.royaltyBps, BPS_DENOMINATOR);
    }

    function _refund(uint256 jobId, Job storage job) private {
        LoRAFactoryStorage storage $ = _store();
        uint256 fee = job.fee;
        $.totalEscrowed -= fee;
        _creditRefund(job.creator, jobId, fee);
    }

    function _adapter(uint256 modelId) private view returns (Adapter storage adapter) {
        adapter = _store().adapters[modelId];
        if (adapter.baseModelId == 0) revert NotAnAdapter(modelId);
    }

    function _requireOwner(uint256 modelId) private view {
        (address owner,,,) = _store().registry.usage(modelId, msg.sender);
        if (owner != msg.sender) revert NotModelOwner(modelId, msg.sender);
    }

    function _inStatus(uint256 jobId, JobStatus status) private view returns (Job storage job) {
        job = _store().jobs[jobId];
        if (job.status != status) revert InvalidJobStatus(jobId, job.status);
    }

    function _setRoyalty(uint16 royaltyBps_) private {
        if (royaltyBps_ > BPS_DENOMINATOR) revert InvalidBps(royaltyBps_);
        LoRAFactoryStorage storage $ = _store();
        emit RoyaltyChanged($.royaltyBps, royaltyBps_);
        $.royaltyBps = royaltyBps_;
    }

    function _setJobTimeout(uint64 jobTimeout_) private {
        if (jobTimeout_ == 0) revert ZeroTimeout();
        LoRAFactoryStorage storage $ = _store();
        emit JobTimeoutChanged($.jobTimeout, jobTimeout_);
        $.jobTimeout = jobTimeout_;
    }

    function _store() private pure returns (LoRAFactoryStorage storage $) {
        assembly {
            $.slot := LORA_FACTORY_STORAGE_LOCATION
        }
    }
}
