// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {FeeSplitter} from "../economics/FeeSplitter.sol";
import {RefundLedgerUpgradeable} from "../economics/RefundLedgerUpgradeable.sol";
import {IProtocolParams} from "../governance/IProtocolParams.sol";
import {ParamKeys} from "../governance/ParamKeys.sol";
import {IModelPrecompile} from "../interfaces/IModelPrecompile.sol";
import {ProviderStaking} from "../staking/ProviderStaking.sol";
import {ModelPrecompileClient} from "./ModelPrecompileClient.sol";
import {ModelRegistry} from "./ModelRegistry.sol";

/// @title InferenceRouter: the inference market
/// @notice Two ways to run a registered model:
///         - **Market requests.** {requestInference} (input bytes) or {requestInferenceByCid} (input on
///           IPFS) escrows the model's price and assigns a staked provider, chosen at random weighted by
///           stake and reputation ({ProviderStaking.candidates}), seeded by `block.prevrandao` and the
///           request id. The provider answers with {submitResult} / {submitResultCid} before
///           `citrate.inference.requestTimeout`; for `citrate.inference.challengeWindow` afterwards anyone
///           may {challenge} the result, which the MODEL precompile's `verifyInference` decides on chain.
///           A wrong result slashes the provider (`citrate.slash.wrongResultBps`, a share of it rewarding
///           the challenger), and refunds the requester; a correct one settles the request at once. After
///           the window, {finalize} pays the fee through the FeeSplitter to the provider. A request
///           without an answer {expire}s after the timeout: the provider is slashed
///           (`citrate.slash.timeoutBps`) and the requester refunded.
///         - **On-chain inference.** {inferNow} runs the model in the transaction through the MODEL
///           precompile's `executeInference` and pays its price through the FeeSplitter to the model's
///           owner.
/// @dev No stuck escrow: every request is `Assigned`, then `Submitted`, then ends `Finalized` (paid) or
///      `Overturned` / `Expired` (refunded); every transition out of `Assigned` and `Submitted` is open to
///      anyone once its time has come. Refunds and overpayments are credited and collected with
///      {withdrawRefund} (pull payments, kept by {RefundLedgerUpgradeable}). Invariant: balance == {totalEscrowed} + {totalRefundsOwed}.
///      A genesis predeploy: the implementation's constructor only fixes the MODEL precompile it calls
///      ({modelPrecompile}, an immutable); state in the ERC-7201 namespace
///      `citrate.storage.InferenceRouter`. Needs {ProviderStaking.SLASHER_ROLE} and
///      {ProviderStaking.REPORTER_ROLE}.
contract InferenceRouter is Initializable, Ownable2StepUpgradeable, RefundLedgerUpgradeable, ModelPrecompileClient {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice Basis points in a whole.
    uint256 public constant BPS_DENOMINATOR = 10_000;
    /// @notice Slash reason of a request that timed out.
    bytes32 public constant REASON_TIMEOUT = keccak256("citrate.slash.timeout");
    /// @notice Slash reason of a result proven wrong.
    bytes32 public constant REASON_WRONG_RESULT = keccak256("citrate.slash.wrongResult");

    /// @notice Where a request stands.
    enum RequestStatus {
        None,
        Assigned,
        Submitted,
        Finalized,
        Overturned,
        Expired
    }

    /// @notice A market request.
    /// @param requester who asked (and is refunded if it fails).
    /// @param provider the provider assigned.
    /// @param status where it stands.
    /// @param resultDeadline last second at which the provider may submit.
    /// @param challengeDeadline first second at which the result may be finalised (challenges before it).
    /// @param modelId the registry id of the model.
    /// @param modelHash the MODEL hash of the model.
    /// @param fee escrowed fee, in wei.
    /// @param inputHash keccak256 of the input bytes.
    /// @param outputHash keccak256 of the output bytes (once submitted).
    struct Request {
        address requester;
        address provider;
        RequestStatus status;
        uint64 resultDeadline;
        uint64 challengeDeadline;
        uint256 modelId;
        bytes32 modelHash;
        uint256 fee;
        bytes32 inputHash;
        bytes32 outputHash;
    }

    /// @custom:storage-location erc7201:citrate.storage.InferenceRouter
    struct InferenceRouterStorage {
        IProtocolParams protocolParams;
        ModelRegistry registry;
        ProviderStaking staking;
        FeeSplitter feeSplitter;
        uint32 toleranceBps;
        uint16 challengerRewardBps;
        uint256 requestCount;
        uint256 totalEscrowed;
        mapping(uint256 requestId => Request) requests;
        mapping(address provider => EnumerableSet.UintSet) assigned;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.InferenceRouter")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant INFERENCE_ROUTER_STORAGE_LOCATION =
        0x4377a0d28dc081d58aedfc59861795738e7b21a5d32c9c4a84e3e8c419418100;

    // ----- events -----

    /// @notice The router was wired to its parameter source, registry, staking and fee splitter.
    event InferenceRouterInitialized(
        IProtocolParams protocolParams, ModelRegistry registry, ProviderStaking staking, FeeSplitter feeSplitter
    );

    /// @notice Request `requestId` for `modelHash` was escrowed (`fee` wei) and assigned to `provider`,
    ///         who must answer by `resultDeadline`. `input` is the input bytes (empty when given by
    ///         `inputCid`); `inputHash` is keccak256 of the input bytes either way.
    event InferenceRequested(
        uint256 indexed requestId,
        bytes32 indexed modelHash,
        address indexed provider,
        address requester,
        uint256 modelId,
        uint256 fee,
        bytes32 inputHash,
        bytes input,
        string inputCid,
        uint64 resultDeadline
    );

    /// @notice `provider` answered `requestId` with `output` (empty when given by `outputCid`), whose
    ///         keccak256 is `outputHash`; it may be challenged until `challengeDeadline`.
    event ResultSubmitted(
        uint256 indexed requestId,
        address indexed provider,
        bytes32 outputHash,
        bytes output,
        string outputCid,
        uint64 challengeDeadline
    );

    /// @notice `challenger` proved the result of `requestId` wrong: the provider lost `slashed` wei,
    ///         `reward` of which was credited to the challenger (in ProviderStaking); the fee is refunded.
    event ResultOverturned(uint256 indexed requestId, address indexed challenger, uint256 slashed, uint256 reward);

    /// @notice `challenger` challenged `requestId` and the result was verified correct.
    event ChallengeRejected(uint256 indexed requestId, address indexed challenger);

    /// @notice `requestId` was settled: `fee` wei paid through the FeeSplitter for `provider`.
    event RequestFinalized(uint256 indexed requestId, address indexed provider, uint256 fee);

    /// @notice `requestId` got no answer in time: `provider` lost `slashed` wei; the fee is refunded.
    event RequestExpired(uint256 indexed requestId, address indexed provider, uint256 slashed);

    /// @notice `caller` ran `modelHash` on chain, paying `fee` wei for the model owner `modelOwner`.
    event InferenceExecuted(
        bytes32 indexed modelHash,
        address indexed caller,
        address indexed modelOwner,
        uint256 fee,
        bytes32 inputHash,
        bytes output
    );

    /// @notice The tolerance passed to `verifyInference` changed.
    event ToleranceChanged(uint32 oldToleranceBps, uint32 newToleranceBps);

    /// @notice The challenger's share of a wrong-result slash changed.
    event ChallengerRewardChanged(uint16 oldRewardBps, uint16 newRewardBps);

    // ----- errors -----

    /// @notice No model is registered under `modelHash`.
    error UnknownModel(bytes32 modelHash);
    /// @notice `user` may not run `modelHash` (inactive model, or its access policy).
    error ModelNotAllowed(bytes32 modelHash, address user);
    /// @notice The model costs `price` wei; `sent` were sent.
    error InsufficientPayment(uint256 sent, uint256 price);
    /// @notice No eligible provider with free capacity serves `modelHash`.
    error NoProviderAvailable(bytes32 modelHash);
    /// @notice `requestId` is `status`, not the status the action needs.
    error InvalidRequestStatus(uint256 requestId, RequestStatus status);
    /// @notice `account` is not the provider assigned to `requestId`.
    error NotAssignedProvider(uint256 requestId, address account);
    /// @notice The result deadline of `requestId` (`deadline`) has passed.
    error ResultDeadlinePassed(uint256 requestId, uint64 deadline);
    /// @notice `requestId` may expire only after `deadline`.
    error NotExpired(uint256 requestId, uint64 deadline);
    /// @notice The challenge window of `requestId` closed at `deadline`.
    error ChallengeWindowClosed(uint256 requestId, uint64 deadline);
    /// @notice The challenge window of `requestId` is open until `deadline`.
    error ChallengeWindowOpen(uint256 requestId, uint64 deadline);
    /// @notice The bytes given hash to `given`, not the request's `expected` hash.
    error HashMismatch(bytes32 expected, bytes32 given);
    /// @notice An input or output must not be empty, and an output hash not zero.
    error EmptyData();
    /// @notice A share in basis points must be at most 10,000.
    error InvalidBps(uint256 bps);
    /// @notice Renouncing ownership would freeze the router's settings, so it is disabled.
    error OwnershipCannotBeRenounced();

    /// @notice Fixes the MODEL precompile this implementation calls and disables its initialisers (only a
    ///         proxy is initialised).
    /// @dev Reverts with {ZeroModelPrecompile}.
    /// @param modelPrecompile_ the MODEL precompile: `MODEL_PRECOMPILE` on a Citrate chain.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(IModelPrecompile modelPrecompile_) ModelPrecompileClient(modelPrecompile_) {
        _disableInitializers();
    }

    /// @notice Sets the owner (the Timelock), the contracts the router uses, the verification tolerance
    ///         and the challenger's reward share.
    /// @dev Emits {InferenceRouterInitialized}, {ToleranceChanged}, {ChallengerRewardChanged} and
    ///      OpenZeppelin's `OwnershipTransferred`. Reverts with {ZeroAddress} or {InvalidBps}.
    /// @param initialOwner may change the tolerance and the reward share.
    /// @param protocolParams_ source of the timeout, challenge window and slash shares.
    /// @param registry_ the ModelRegistry.
    /// @param staking_ the ProviderStaking (must grant this router SLASHER_ROLE and REPORTER_ROLE).
    /// @param feeSplitter_ the FeeSplitter fees are paid through.
    /// @param toleranceBps_ tolerance passed to `verifyInference`, in basis points.
    /// @param challengerRewardBps_ share of a wrong-result slash credited to the challenger.
    function initialize(
        address initialOwner,
        IProtocolParams protocolParams_,
        ModelRegistry registry_,
        ProviderStaking staking_,
        FeeSplitter feeSplitter_,
        uint32 toleranceBps_,
        uint16 challengerRewardBps_
    ) external initializer {
        __Ownable_init(initialOwner);
        if (
            address(protocolParams_) == address(0) || address(registry_) == address(0)
                || address(staking_) == address(0) || address(feeSplitter_) == address(0)
        ) revert ZeroAddress();
        InferenceRouterStorage storage $ = _store();
        $.protocolParams = protocolParams_;
        $.registry = registry_;
        $.staking = staking_;
        $.feeSplitter = feeSplitter_;
        emit InferenceRouterInitialized(protocolParams_, registry_, staking_, feeSplitter_);
        _setTolerance(toleranceBps_);
        _setChallengerReward(challengerRewardBps_);
    }

    // ------------------------------------------------------------------------------------------------
    // Market requests
    // ------------------------------------------------------------------------------------------------

    /// @notice Requests an inference of `modelHash` on `input`, escrowing the model's price; an
    ///         eligible provider is assigned at once.
    /// @dev `msg.value` is the most the caller pays: the model's price is escrowed and any excess
    ///      credited back ({RefundCredited}). Emits {InferenceRequested}. Reverts with {EmptyData},
    ///      {UnknownModel}, {ModelNotAllowed}, {InsufficientPayment} or {NoProviderAvailable}.
    /// @param modelHash the MODEL hash of a registered model.
    /// @param input the input tensor(s), encoded as the MODEL precompile expects.
    /// @return requestId the new request's id.
    function requestInference(bytes32 modelHash, bytes calldata input)
        external
        payable
        nonReentrant
        returns (uint256 requestId)
    {
        if (input.length == 0) revert EmptyData();
        return _request(modelHash, keccak256(input), input, "");
    }

    /// @notice Requests an inference of `modelHash` on an input stored on IPFS under `inputCid`.
    /// @dev Like {requestInference}; `inputHash` (keccak256 of the input bytes) is what a challenge
    ///      checks the input against. Reverts with {EmptyData} for an empty CID or a zero hash.
    /// @param modelHash the MODEL hash of a registered model.
    /// @param inputCid IPFS CID of the input bytes.
    /// @param inputHash keccak256 of the input bytes.
    /// @return requestId the new request's id.
    function requestInferenceByCid(bytes32 modelHash, string calldata inputCid, bytes32 inputHash)
        external
        payable
        nonReentrant
        returns (uint256 requestId)
    {
        if (bytes(inputCid).length == 0 || inputHash == bytes32(0)) revert EmptyData();
        return _request(modelHash, inputHash, "", inputCid);
    }

    /// @notice The assigned provider answers `requestId` with the output bytes.
    /// @dev Before the result deadline. Opens the challenge window. Emits {ResultSubmitted}. Reverts with
    ///      {InvalidRequestStatus}, {NotAssignedProvider}, {ResultDeadlinePassed} or {EmptyData}.
    function submitResult(uint256 requestId, bytes calldata output) external {
        if (output.length == 0) revert EmptyData();
        _submit(requestId, keccak256(output), output, "");
    }

    /// @notice The assigned provider answers `requestId` with an output stored on IPFS.
    /// @dev Like {submitResult}; a challenger must present bytes hashing (keccak256) to `outputHash`.
    ///      Reverts with {EmptyData} for an empty CID or a zero hash.
    function submitResultCid(uint256 requestId, string calldata outputCid, bytes32 outputHash) external {
        if (bytes(outputCid).length == 0 || outputHash == bytes32(0)) revert EmptyData();
        _submit(requestId, outputHash, "", outputCid);
    }

    /// @notice Challenges the result of `requestId`: the MODEL precompile re-executes the model on `input`
    ///         and checks `claimedOutput` within {toleranceBps}.
    /// @dev During the challenge window; `input` and `claimedOutput` must hash to the request's input and
    ///      output hashes. A wrong result: the provider is slashed `citrate.slash.wrongResultBps` of its
    ///      stake ({challengerRewardBps} of it credited to the caller in ProviderStaking), its failure
    ///      recorded, the fee refunded ({ResultOverturned}, {RefundCredited}). A correct result: the
    ///      request is settled at once ({ChallengeRejected}, {RequestFinalized}). Reverts with
    ///      {InvalidRequestStatus}, {ChallengeWindowClosed}, {HashMismatch}, or the precompile's revert.
    /// @return overturned whether the result was wrong.
    function challenge(uint256 requestId, bytes calldata input, bytes calldata claimedOutput)
        external
        nonReentrant
        returns (bool overturned)
    {
        InferenceRouterStorage storage $ = _store();
        Request storage request = _inStatus(requestId, RequestStatus.Submitted);
        if (block.timestamp >= request.challengeDeadline) {
            revert ChallengeWindowClosed(requestId, request.challengeDeadline);
        }
        _checkHash(request.inputHash, keccak256(input));
        _checkHash(request.outputHash, keccak256(claimedOutput));
        bool ok = modelPrecompile().verifyInference(request.modelHash, input, claimedOutput, $.toleranceBps);
        if (ok) {
            emit ChallengeRejected(requestId, msg.sender);
            _settle(requestId, request);
            return false;
        }
        request.status = RequestStatus.Overturned;
        address provider = request.provider;
        _refund(requestId, request);
        ProviderStaking providerStaking = $.staking;
        (uint256 slashed, uint256 reward) = providerStaking.slash(
            provider,
            $.protocolParams.getParam(ParamKeys.SLASH_WRONG_RESULT_BPS),
            msg.sender,
            $.challengerRewardBps,
            REASON_WRONG_RESULT
        );
        emit ResultOverturned(requestId, msg.sender, slashed, reward);
        providerStaking.recordJob(provider, false);
        return true;
    }

    /// @notice Settles `requestId` once its challenge window has closed: pays the fee through the
    ///         FeeSplitter for the provider and records the job as completed.
    /// @dev Anyone may call it. Emits {RequestFinalized}. Reverts with {InvalidRequestStatus} or
    ///      {ChallengeWindowOpen}.
    function finalize(uint256 requestId) external nonReentrant {
        Request storage request = _inStatus(requestId, RequestStatus.Submitted);
        if (block.timestamp < request.challengeDeadline) {
            revert ChallengeWindowOpen(requestId, request.challengeDeadline);
        }
        _settle(requestId, request);
    }

    /// @notice Ends `requestId` whose provider did not answer by the result deadline: refunds the fee,
    ///         slashes the provider `citrate.slash.timeoutBps` (to the Treasury) and records the failure.
    /// @dev Anyone may call it after the deadline. Emits {RequestExpired} and {RefundCredited}. Reverts
    ///      with {InvalidRequestStatus} or {NotExpired}.
    function expire(uint256 requestId) external nonReentrant {
        InferenceRouterStorage storage $ = _store();
        Request storage request = _inStatus(requestId, RequestStatus.Assigned);
        if (block.timestamp <= request.resultDeadline) revert NotExpired(requestId, request.resultDeadline);
        request.status = RequestStatus.Expired;
        address provider = request.provider;
        $.assigned[provider].remove(requestId);
        _refund(requestId, request);
        ProviderStaking providerStaking = $.staking;
        (uint256 slashed,) = providerStaking.slash(
            provider, $.protocolParams.getParam(ParamKeys.SLASH_TIMEOUT_BPS), address(0), 0, REASON_TIMEOUT
        );
        emit RequestExpired(requestId, provider, slashed);
        providerStaking.recordJob(provider, false);
    }

    // ------------------------------------------------------------------------------------------------
    // On-chain inference
    // ------------------------------------------------------------------------------------------------

    /// @notice Runs `modelHash` on `input` in this transaction and pays its price through the
    ///         FeeSplitter for the model's owner.
    /// @dev `msg.value` must cover the price; the excess is credited back ({RefundCredited}, request 0).
    ///      Emits {InferenceExecuted} with the output. Reverts with {EmptyData}, {UnknownModel},
    ///      {ModelNotAllowed}, {InsufficientPayment}, or the precompile's revert.
    /// @return output the output tensor(s).
    function inferNow(bytes32 modelHash, bytes calldata input)
        external
        payable
        nonReentrant
        returns (bytes memory output)
    {
        if (input.length == 0) revert EmptyData();
        (, address modelOwner, uint256 price) = _priceFor(modelHash);
        _creditExcess(0, price);
        output = modelPrecompile().executeInference(modelHash, input);
        emit InferenceExecuted(modelHash, msg.sender, modelOwner, price, keccak256(input), output);
        if (price != 0) _store().feeSplitter.splitFee{value: price}(modelOwner);
    }

    // ------------------------------------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------------------------------------

    /// @notice Sets the tolerance passed to `verifyInference`, in basis points.
    /// @dev Owner only. Emits {ToleranceChanged}. Reverts with {InvalidBps}.
    function setToleranceBps(uint32 toleranceBps_) external onlyOwner {
        _setTolerance(toleranceBps_);
    }

    /// @notice Sets the share of a wrong-result slash credited to the challenger, in basis points.
    /// @dev Owner only. Emits {ChallengerRewardChanged}. Reverts with {InvalidBps}.
    function setChallengerRewardBps(uint16 rewardBps) external onlyOwner {
        _setChallengerReward(rewardBps);
    }

    /// @notice Disabled: without an owner the router's settings could never change again.
    /// @dev Always reverts with {OwnershipCannotBeRenounced}.
    function renounceOwnership() public view override onlyOwner {
        revert OwnershipCannotBeRenounced();
    }

    // ------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------

    /// @notice The request `requestId` (status `None` if it does not exist).
    function getRequest(uint256 requestId) external view returns (Request memory) {
        return _store().requests[requestId];
    }

    /// @notice Number of market requests ever made (ids run from 1 to this).
    function requestCount() external view returns (uint256) {
        return _store().requestCount;
    }

    /// @notice The requests assigned to `provider` and not yet answered (what its worker must serve).
    function assignedRequestsOf(address provider) external view returns (uint256[] memory) {
        return _store().assigned[provider].values();
    }

    /// @notice Number of requests assigned to `provider` and not yet answered.
    function assignedCountOf(address provider) external view returns (uint256) {
        return _store().assigned[provider].length();
    }

    /// @notice Fees escrowed in open requests, in wei.
    function totalEscrowed() external view returns (uint256) {
        return _store().totalEscrowed;
    }

    /// @notice Tolerance passed to `verifyInference`, in basis points.
    function toleranceBps() external view returns (uint32) {
        return _store().toleranceBps;
    }

    /// @notice Share of a wrong-result slash credited to the challenger, in basis points.
    function challengerRewardBps() external view returns (uint16) {
        return _store().challengerRewardBps;
    }

    /// @notice The ProtocolParams the router reads.
    function protocolParams() external view returns (IProtocolParams) {
        return _store().protocolParams;
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

    function _request(bytes32 modelHash, bytes32 inputHash, bytes memory input, string memory inputCid)
        private
        returns (uint256 requestId)
    {
        InferenceRouterStorage storage $ = _store();
        (uint256 modelId,, uint256 price) = _priceFor(modelHash);
        requestId = ++$.requestCount;
        _creditExcess(requestId, price);
        address provider = _selectProvider($, modelHash, requestId);
        uint64 deadline = uint64(block.timestamp + $.protocolParams.getParam(ParamKeys.REQUEST_TIMEOUT));
        Request storage request = $.requests[requestId];
        request.requester = msg.sender;
        request.provider = provider;
        request.status = RequestStatus.Assigned;
        request.resultDeadline = deadline;
        request.modelId = modelId;
        request.modelHash = modelHash;
        request.fee = price;
        request.inputHash = inputHash;
        $.totalEscrowed += price;
        $.assigned[provider].add(requestId);
        _emitRequested(requestId, request, input, inputCid);
    }

    /// @dev Separate frame: the event has more fields than `_request` has stack slots left.
    function _emitRequested(uint256 requestId, Request storage request, bytes memory input, string memory inputCid)
        private
    {
        emit InferenceRequested(
            requestId,
            request.modelHash,
            request.provider,
            request.requester,
            request.modelId,
            request.fee,
            request.inputHash,
            input,
            inputCid,
            request.resultDeadline
        );
    }

    /// @dev Weighted draw over eligible providers with free capacity, seeded by prevrandao and the id.
    function _selectProvider(InferenceRouterStorage storage $, bytes32 modelHash, uint256 requestId)
        private
        view
        returns (address)
    {
        ProviderStaking.Candidate[] memory list = $.staking.candidates(modelHash);
        uint256 total;
        for (uint256 i = 0; i < list.length; ++i) {
            if ($.assigned[list[i].provider].length() >= list[i].capacity) list[i].weight = 0;
            total += list[i].weight;
        }
        if (total == 0) revert NoProviderAvailable(modelHash);
        uint256 point = uint256(keccak256(abi.encode(block.prevrandao, requestId))) % total;
        for (uint256 i = 0; i < list.length; ++i) {
            if (point < list[i].weight) return list[i].provider;
            point -= list[i].weight;
        }
        // unreachable: point < total == the sum of the weights
        revert NoProviderAvailable(modelHash);
    }

    function _submit(uint256 requestId, bytes32 outputHash, bytes memory output, string memory outputCid) private {
        InferenceRouterStorage storage $ = _store();
        Request storage request = _inStatus(requestId, RequestStatus.Assigned);
        if (request.provider != msg.sender) revert NotAssignedProvider(requestId, msg.sender);
        if (block.timestamp > request.resultDeadline) revert ResultDeadlinePassed(requestId, request.resultDeadline);
        uint64 challengeDeadline = uint64(block.timestamp + $.protocolParams.getParam(ParamKeys.CHALLENGE_WINDOW));
        request.status = RequestStatus.Submitted;
        request.outputHash = outputHash;
        request.challengeDeadline = challengeDeadline;
        $.assigned[msg.sender].remove(requestId);
        emit ResultSubmitted(requestId, msg.sender, outputHash, output, outputCid, challengeDeadline);
    }

    function _settle(uint256 requestId, Request storage request) private {
        InferenceRouterStorage storage $ = _store();
        request.status = RequestStatus.Finalized;
        uint256 fee = request.fee;
        address provider = request.provider;
        $.totalEscrowed -= fee;
        emit RequestFinalized(requestId, provider, fee);
        $.staking.recordJob(provider, true);
        if (fee != 0) $.feeSplitter.splitFee{value: fee}(provider);
    }

    function _refund(uint256 requestId, Request storage request) private {
        InferenceRouterStorage storage $ = _store();
        uint256 fee = request.fee;
        $.totalEscrowed -= fee;
        _creditRefund(request.requester, requestId, fee);
    }

    function _creditExcess(uint256 requestId, uint256 price) private {
        if (msg.value < price) revert InsufficientPayment(msg.value, price);
        _creditRefund(msg.sender, requestId, msg.value - price);
    }

    function _priceFor(bytes32 modelHash) private view returns (uint256 modelId, address modelOwner, uint256 price) {
        ModelRegistry registry_ = _store().registry;
        modelId = registry_.modelIdByHash(modelHash);
        if (modelId == 0) revert UnknownModel(modelHash);
        bool allowed;
        (modelOwner, price,, allowed) = registry_.usage(modelId, msg.sender);
        if (!allowed) revert ModelNotAllowed(modelHash, msg.sender);
    }

    function _inStatus(uint256 requestId, RequestStatus status) private view returns (Request storage request) {
        request = _store().requests[requestId];
        if (request.status != status) revert InvalidRequestStatus(requestId, request.status);
    }

    function _checkHash(bytes32 expected, bytes32 given) private pure {
        if (expected != given) revert HashMismatch(expected, given);
    }

    function _setTolerance(uint32 toleranceBps_) private {
        if (toleranceBps_ > BPS_DENOMINATOR) revert InvalidBps(toleranceBps_);
        InferenceRouterStorage storage $ = _store();
        emit ToleranceChanged($.toleranceBps, toleranceBps_);
        $.toleranceBps = toleranceBps_;
    }

    function _setChallengerReward(uint16 rewardBps) private {
        if (rewardBps > BPS_DENOMINATOR) revert InvalidBps(rewardBps);
        InferenceRouterStorage storage $ = _store();
        emit ChallengerRewardChanged($.challengerRewardBps, rewardBps);
        $.challengerRewardBps = rewardBps;
    }

    function _store() private pure returns (InferenceRouterStorage storage $) {
        assembly {
            $.slot := INFERENCE_ROUTER_STORAGE_LOCATION
        }
    }
}
