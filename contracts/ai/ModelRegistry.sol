// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IProtocolParams} from "../governance/IProtocolParams.sol";
import {ParamKeys} from "../governance/ParamKeys.sol";
import {IModelPrecompile} from "../interfaces/IModelPrecompile.sol";
import {IArtifactPrecompile} from "../interfaces/IArtifactPrecompile.sol";
import {ModelPrecompileClient} from "./ModelPrecompileClient.sol";

/// @title ModelRegistry: the catalogue of AI models on a Citrate chain
/// @notice Anyone registers an ONNX model (name, framework, version label, IPFS CID, sha256 `modelHash`
///         of the ONNX file, size, price per inference, access policy) by paying the registration fee
///         of {ProtocolParams} (`citrate.registry.registrationFee`), which goes to the Treasury, plus the
///         ARTIFACT precompile's pin fee for {pinReplicas} replicas, which goes to the precompile (see
///         {registrationCost}). The registry registers the model with the MODEL precompile and asks the
///         ARTIFACT precompile to pin its file. Owners publish new versions (a new file superseding the old one, linked to it
///         as its parent), change the price and the access policy, keep an allow-list, activate or
///         deactivate a model, and hand it over in two steps. The InferenceRouter and the LoRAFactory
///         read {canUse} and the model records; the LoRAFactory (role {VERSION_REGISTRAR_ROLE})
///         registers fine-tuned adapters and merged models as derived models linked to their parents,
///         on behalf of their creators.
/// @dev Model ids start at 1 (0 means "none"). Two kinds of version:
///      - {publishVersion}: the owner replaces a model with a new file. The MODEL precompile's
///        `updateModel(oldHash, newHash, cid)` moves the registration to the new hash, so the old
///        record is deactivated (it no longer runs) and the new one names it as its parent.
///      - {registerDerived}: a new model (`registerModel`) derived from one or more parents (a LoRA
///        adapter of its base; a merge of two adapters); the parents stay active.
///      Payments are exact (`msg.value` must equal what is due, like the ARTIFACT precompile's own rule),
///      so the registry never holds ether: every wei received leaves in the same call, to the Treasury
///      or to the precompile.
///      A genesis predeploy: the implementation's constructor only fixes the precompiles it calls
///      ({modelPrecompile}, {artifactPrecompile}: immutables, see {ModelPrecompileClient}); state in the
///      ERC-7201 namespace `citrate.storage.ModelRegistry`; roles in OpenZeppelin's AccessControl namespace.
contract ModelRegistry is Initializable, AccessControlUpgradeable, ReentrancyGuardTransient, ModelPrecompileClient {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice Role allowed to register derived models on behalf of their creators (the LoRAFactory).
    bytes32 public constant VERSION_REGISTRAR_ROLE = keccak256("citrate.role.VERSION_REGISTRAR");

    /// @notice Most parents a derived model may name (an adapter has one, a merge two).
    uint256 public constant MAX_PARENTS = 8;

    /// @notice Who may run a model.
    /// @dev Public: anyone, paying the price (which may be zero). Private: the owner only. AllowList: the
    ///      owner and the accounts on its allow-list. PayPerUse: anyone, and the price must be non-zero.
    enum AccessPolicy {
        Public,
        Private,
        AllowList,
        PayPerUse
    }

    /// @notice What a registrant describes when registering a model or a version.
    /// @param name human-readable name.
    /// @param framework the framework the model was built with (e.g. "onnx", "pytorch->onnx").
    /// @param version the owner's version label (e.g. "1.2.0").
    /// @param cid IPFS CID of the ONNX file.
    /// @param modelHash sha256 of the ONNX file (the MODEL precompile's key).
    /// @param size size of the ONNX file in bytes.
    /// @param price fee of one inference, in wei.
    /// @param policy who may run it.
    struct ModelSpec {
        string name;
        string framework;
        string version;
        string cid;
        bytes32 modelHash;
        uint64 size;
        uint256 price;
        AccessPolicy policy;
    }

    /// @notice A registered model as stored.
    /// @param spec its description.
    /// @param owner the account that controls it and receives its on-chain inference fees.
    /// @param pendingOwner the account that may accept ownership (zero if none).
    /// @param active whether it may be used.
    /// @param registeredAt timestamp of its registration.
    /// @param parents the models it derives from (empty for an original model).
    struct Model {
        ModelSpec spec;
        address owner;
        address pendingOwner;
        bool active;
        uint64 registeredAt;
        uint256[] parents;
    }

    /// @custom:storage-location erc7201:citrate.storage.ModelRegistry
    struct ModelRegistryStorage {
        IProtocolParams protocolParams;
        address payable treasury;
        uint32 pinReplicas;
        uint256 modelCount;
        mapping(uint256 modelId => Model) models;
        mapping(bytes32 modelHash => uint256 modelId) idByHash;
        mapping(address owner => EnumerableSet.UintSet) byOwner;
        mapping(uint256 modelId => uint256[]) children;
        mapping(uint256 modelId => uint256 newModelId) successor;
        mapping(uint256 modelId => mapping(address account => bool)) allowed;
    }

    // keccak256(abi.encode(uint256(keccak256("citrate.storage.ModelRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MODEL_REGISTRY_STORAGE_LOCATION =
        0xca6e8ff30e7a8eeda00a9e19bcee9008208cbcb634875c389a24431211743200;

    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IArtifactPrecompile private immutable _artifactPrecompile;

    // ----- events -----

    /// @notice The registry was set up to read `protocolParams`, pay fees to `treasury` and pin each
    ///         model file on `pinReplicas` providers.
    event ModelRegistryInitialized(IProtocolParams indexed protocolParams, address indexed treasury, uint32 pinReplicas);

    /// @notice Model `modelId` was registered by `owner` (with `parents`, empty for an original model),
    ///         paying `feePaid` wei to the Treasury (the pin fee appears in ARTIFACT's `PinRequested`).
    event ModelRegistered(
        uint256 indexed modelId,
        address indexed owner,
        bytes32 indexed modelHash,
        ModelSpec spec,
        uint256[] parents,
        uint256 feePaid
    );

    /// @notice Model `oldModelId` was superseded by its new version `newModelId` (its file moved to a new hash).
    event ModelVersionPublished(uint256 indexed oldModelId, uint256 indexed newModelId);

    /// @notice The price of `modelId` changed from `oldPrice` to `newPrice` wei.
    event PriceChanged(uint256 indexed modelId, uint256 oldPrice, uint256 newPrice);

    /// @notice The access policy of `modelId` changed from `oldPolicy` to `newPolicy`.
    event AccessPolicyChanged(uint256 indexed modelId, AccessPolicy oldPolicy, AccessPolicy newPolicy);

    /// @notice `account` was added to (`allowed` true) or removed from the allow-list of `modelId`.
    event AllowListUpdated(uint256 indexed modelId, address indexed account, bool allowed);

    /// @notice `modelId` was activated (`active` true) or deactivated.
    event ModelActiveChanged(uint256 indexed modelId, bool active);

    /// @notice The owner of `modelId` offered it to `newOwner` (zero cancels the offer).
    event ModelOwnershipTransferStarted(uint256 indexed modelId, address indexed previousOwner, address indexed newOwner);

    /// @notice `newOwner` accepted `modelId` from `previousOwner`.
    event ModelOwnershipTransferred(uint256 indexed modelId, address indexed previousOwner, address indexed newOwner);

    /// @notice The number of replicas requested for each model file changed.
    event PinReplicasChanged(uint32 oldReplicas, uint32 newReplicas);

    // ----- errors -----

    /// @notice An address (owner, treasury, parameter source) must not be zero.
    error ZeroAddress();

    /// @notice No model has id `modelId`.
    error UnknownModel(uint256 modelId);

    /// @notice `modelHash` is already registered, as model `modelId`.
    error ModelHashTaken(bytes32 modelHash, uint256 modelId);

    /// @notice A model's hash must be non-zero and its CID and name non-empty.
    error InvalidModelSpec(bytes32 modelHash, string cid, string name);

    /// @notice `paid` wei were sent; exactly `registrationFee + pinCost` is due (the registration fee for
    ///         the Treasury, 0 for a derived model, and the ARTIFACT pin fee for {pinReplicas} replicas).
    error WrongRegistrationPayment(uint256 paid, uint256 registrationFee, uint256 pinCost);

    /// @notice `account` is not the owner of `modelId`.
    error NotModelOwner(uint256 modelId, address account);

    /// @notice `account` is not the pending owner of `modelId`.
    error NotPendingModelOwner(uint256 modelId, address account);

    /// @notice A PayPerUse model must have a non-zero price.
    error PayPerUseNeedsPrice(uint256 modelId);

    /// @notice `modelId` is inactive (deactivated, or superseded by a newer version).
    error ModelInactive(uint256 modelId);

    /// @notice `modelId` is already in the requested active state.
    error ActiveStateUnchanged(uint256 modelId, bool active);

    /// @notice A derived model must name between 1 and {MAX_PARENTS} parents; `count` were given.
    error InvalidParentCount(uint256 count);

    /// @notice A pin must ask for at least one replica.
    error ZeroReplicas();

    /// @notice The ARTIFACT precompile given is the zero address.
    error ZeroArtifactPrecompile();

    /// @notice Fixes the precompiles this implementation calls and disables its initialisers (only a
    ///         proxy is initialised).
    /// @dev Reverts with {ZeroModelPrecompile} or {ZeroArtifactPrecompile}.
    /// @param modelPrecompile_ the MODEL precompile: `MODEL_PRECOMPILE` on a Citrate chain.
    /// @param artifactPrecompile_ the ARTIFACT precompile: `ARTIFACT_PRECOMPILE` on a Citrate chain.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(IModelPrecompile modelPrecompile_, IArtifactPrecompile artifactPrecompile_)
        ModelPrecompileClient(modelPrecompile_)
    {
        if (address(artifactPrecompile_) == address(0)) revert ZeroArtifactPrecompile();
        _artifactPrecompile = artifactPrecompile_;
        _disableInitializers();
    }

    /// @notice Sets the admin (the Timelock), the parameter source, the Treasury and the pin replicas.
    /// @dev Emits {ModelRegistryInitialized} and OpenZeppelin's `RoleGranted`. Reverts with
    ///      {ZeroAddress} or {ZeroReplicas}.
    /// @param admin holder of `DEFAULT_ADMIN_ROLE` (grants {VERSION_REGISTRAR_ROLE}, sets the replicas).
    /// @param protocolParams_ the ProtocolParams the registration fee is read from.
    /// @param treasury_ the Treasury that receives registration fees.
    /// @param pinReplicas_ replicas requested from the ARTIFACT precompile for each model file.
    function initialize(address admin, IProtocolParams protocolParams_, address payable treasury_, uint32 pinReplicas_)
        external
        initializer
    {
        if (admin == address(0) || address(protocolParams_) == address(0) || treasury_ == address(0)) {
            revert ZeroAddress();
        }
        if (pinReplicas_ == 0) revert ZeroReplicas();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        ModelRegistryStorage storage $ = _store();
        $.protocolParams = protocolParams_;
        $.treasury = treasury_;
        $.pinReplicas = pinReplicas_;
        emit ModelRegistryInitialized(protocolParams_, treasury_, pinReplicas_);
    }

    // ------------------------------------------------------------------------------------------------
    // Registration
    // ------------------------------------------------------------------------------------------------

    /// @notice Registers a new model owned by the caller; registers it with the MODEL precompile and pins
    ///         its file through ARTIFACT.
    /// @dev `msg.value` must be exactly the `total` of {registrationCost}: the registration fee goes to
    ///      the Treasury, the pin fee to ARTIFACT. Emits {ModelRegistered}. Reverts with
    ///      {WrongRegistrationPayment}, {InvalidModelSpec}, {ModelHashTaken}, {PayPerUseNeedsPrice}, or
    ///      the precompiles' own reverts (e.g. ARTIFACT's when the CID already has an active pin request).
    /// @param spec the model's description.
    /// @return modelId the new model's id.
    function registerModel(ModelSpec calldata spec) external payable nonReentrant returns (uint256 modelId) {
        uint256 fee = registrationFee();
        uint256 pinCost_ = _collectPayment(fee);
        modelId = _create(msg.sender, spec, new uint256[](0), fee);
        modelPrecompile().registerModel(spec.modelHash, spec.cid);
        _pinAndPay(spec.cid, fee, pinCost_);
    }

    /// @notice Publishes a new version of `modelId` (a new ONNX file), paying like {registerModel}; the
    ///         old version is deactivated and becomes the new one's parent.
    /// @dev Owner of `modelId` only; the model must be active. `msg.value` must be exactly the `total` of
    ///      {registrationCost}. Calls MODEL `updateModel(oldHash, newHash, cid)` and ARTIFACT `pin`. The allow-list is not copied. Emits {ModelRegistered},
    ///      {ModelActiveChanged} (old, false) and {ModelVersionPublished}. Reverts like {registerModel},
    ///      with {NotModelOwner} or {ModelInactive}.
    /// @param modelId the version being superseded.
    /// @param spec the new version's description.
    /// @return newModelId the new version's id.
    function publishVersion(uint256 modelId, ModelSpec calldata spec)
        external
        payable
        nonReentrant
        returns (uint256 newModelId)
    {
        Model storage old = _ownedModel(modelId);
        if (!old.active) revert ModelInactive(modelId);
        uint256 fee = registrationFee();
        uint256 pinCost_ = _collectPayment(fee);
        uint256[] memory parents = new uint256[](1);
        parents[0] = modelId;
        bytes32 oldHash = old.spec.modelHash;
        newModelId = _create(msg.sender, spec, parents, fee);
        old.active = false;
        _store().successor[modelId] = newModelId;
        emit ModelActiveChanged(modelId, false);
        emit ModelVersionPublished(modelId, newModelId);
        modelPrecompile().updateModel(oldHash, spec.modelHash, spec.cid);
        _pinAndPay(spec.cid, fee, pinCost_);
    }

    /// @notice Registers a model derived from `parents` (a LoRA adapter of its base, a merge of two
    ///         adapters) on behalf of `owner`, without a registration fee but paying the pin fee.
    /// @dev {VERSION_REGISTRAR_ROLE} only (the LoRAFactory, whose jobs carry their own fee). `msg.value`
    ///      must be exactly {pinCost}, forwarded to ARTIFACT. Every parent must exist; they stay active.
    ///      Calls MODEL `registerModel` and ARTIFACT `pin`. Emits {ModelRegistered}. Reverts with
    ///      {ZeroAddress}, {InvalidParentCount}, {UnknownModel} and like {registerModel}.
    /// @param owner the derived model's owner (the adapter's creator).
    /// @param parents the models it derives from (1 to {MAX_PARENTS}).
    /// @param spec the derived model's description.
    /// @return modelId the derived model's id.
    function registerDerived(address owner, uint256[] calldata parents, ModelSpec calldata spec)
        external
        payable
        onlyRole(VERSION_REGISTRAR_ROLE)
        nonReentrant
        returns (uint256 modelId)
    {
        uint256 pinCost_ = _collectPayment(0);
        if (owner == address(0)) revert ZeroAddress();
        if (parents.length == 0 || parents.length > MAX_PARENTS) revert InvalidParentCount(parents.length);
        for (uint256 i = 0; i < parents.length; ++i) _model(parents[i]);
        modelId = _create(owner, spec, parents, 0);
        modelPrecompile().registerModel(spec.modelHash, spec.cid);
        _pinAndPay(spec.cid, 0, pinCost_);
    }

    // ------------------------------------------------------------------------------------------------
    // Owner actions
    // ------------------------------------------------------------------------------------------------

    /// @notice Sets the price of one inference of `modelId`, in wei.
    /// @dev Owner only. Emits {PriceChanged}. Reverts with {NotModelOwner}, or {PayPerUseNeedsPrice}
    ///      for zero on a PayPerUse model.
    function setPrice(uint256 modelId, uint256 newPrice) external {
        Model storage model = _ownedModel(modelId);
        if (newPrice == 0 && model.spec.policy == AccessPolicy.PayPerUse) revert PayPerUseNeedsPrice(modelId);
        emit PriceChanged(modelId, model.spec.price, newPrice);
        model.spec.price = newPrice;
    }

    /// @notice Sets who may run `modelId`.
    /// @dev Owner only. Emits {AccessPolicyChanged}. Reverts with {NotModelOwner}, or
    ///      {PayPerUseNeedsPrice} when switching a free model to PayPerUse.
    function setAccessPolicy(uint256 modelId, AccessPolicy newPolicy) external {
        Model storage model = _ownedModel(modelId);
        if (newPolicy == AccessPolicy.PayPerUse && model.spec.price == 0) revert PayPerUseNeedsPrice(modelId);
        emit AccessPolicyChanged(modelId, model.spec.policy, newPolicy);
        model.spec.policy = newPolicy;
    }

    /// @notice Adds (`allowed` true) or removes `accounts` on the allow-list of `modelId`.
    /// @dev Owner only; the list matters while the policy is AllowList. Emits one {AllowListUpdated} per
    ///      account. Reverts with {NotModelOwner} or {ZeroAddress}.
    function setAllowed(uint256 modelId, address[] calldata accounts, bool allowed) external {
        _ownedModel(modelId);
        mapping(address => bool) storage list = _store().allowed[modelId];
        for (uint256 i = 0; i < accounts.length; ++i) {
            if (accounts[i] == address(0)) revert ZeroAddress();
            list[accounts[i]] = allowed;
            emit AllowListUpdated(modelId, accounts[i], allowed);
        }
    }

    /// @notice Activates or deactivates `modelId` (an inactive model cannot be used).
    /// @dev Owner only. A version superseded by {publishVersion} cannot be reactivated (its hash moved
    ///      on in the MODEL precompile). Emits {ModelActiveChanged}. Reverts with {NotModelOwner},
    ///      {ActiveStateUnchanged} or {ModelInactive} for a superseded version.
    function setActive(uint256 modelId, bool active) external {
        Model storage model = _ownedModel(modelId);
        if (model.active == active) revert ActiveStateUnchanged(modelId, active);
        if (active && _store().successor[modelId] != 0) revert ModelInactive(modelId);
        model.active = active;
        emit ModelActiveChanged(modelId, active);
    }

    /// @notice Offers `modelId` to `newOwner`, who takes it with {acceptModelOwnership}; zero cancels.
    /// @dev Owner only. Emits {ModelOwnershipTransferStarted}. Reverts with {NotModelOwner}.
    function transferModelOwnership(uint256 modelId, address newOwner) external {
        Model storage model = _ownedModel(modelId);
        model.pendingOwner = newOwner;
        emit ModelOwnershipTransferStarted(modelId, msg.sender, newOwner);
    }

    /// @notice Takes over `modelId` offered to the caller.
    /// @dev Emits {ModelOwnershipTransferred}. Reverts with {NotPendingModelOwner}.
    function acceptModelOwnership(uint256 modelId) external {
        ModelRegistryStorage storage $ = _store();
        Model storage model = _model(modelId);
        if (model.pendingOwner != msg.sender || msg.sender == address(0)) {
            revert NotPendingModelOwner(modelId, msg.sender);
        }
        address previous = model.owner;
        model.owner = msg.sender;
        model.pendingOwner = address(0);
        $.byOwner[previous].remove(modelId);
        $.byOwner[msg.sender].add(modelId);
        emit ModelOwnershipTransferred(modelId, previous, msg.sender);
    }

    /// @notice Sets the replicas requested from the ARTIFACT precompile for each new model file.
    /// @dev Admin only. Emits {PinReplicasChanged}. Reverts with {ZeroReplicas}.
    function setPinReplicas(uint32 replicas) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (replicas == 0) revert ZeroReplicas();
        ModelRegistryStorage storage $ = _store();
        emit PinReplicasChanged($.pinReplicas, replicas);
        $.pinReplicas = replicas;
    }

    // ------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------

    /// @notice Whether `user` may run `modelId` now (it exists, is active, and its policy admits `user`).
    function canUse(uint256 modelId, address user) public view returns (bool) {
        ModelRegistryStorage storage $ = _store();
        if (modelId == 0 || modelId > $.modelCount) return false;
        Model storage model = $.models[modelId];
        if (!model.active) return false;
        if (user == model.owner) return true;
        AccessPolicy policy = model.spec.policy;
        if (policy == AccessPolicy.Public || policy == AccessPolicy.PayPerUse) return true;
        if (policy == AccessPolicy.AllowList) return $.allowed[modelId][user];
        return false;
    }

    /// @notice The model `modelId`. Reverts with {UnknownModel}.
    function getModel(uint256 modelId) external view returns (Model memory) {
        return _model(modelId);
    }

    /// @notice The id of the model registered under `modelHash` (0 if none).
    function modelIdByHash(bytes32 modelHash) external view returns (uint256) {
        return _store().idByHash[modelHash];
    }

    /// @notice Owner, price, hash and whether `user` may run `modelId` (what the router and the
    ///         LoRAFactory need in one call). Reverts with {UnknownModel}.
    function usage(uint256 modelId, address user)
        external
        view
        returns (address owner, uint256 price, bytes32 modelHash, bool allowed)
    {
        Model storage model = _model(modelId);
        return (model.owner, model.spec.price, model.spec.modelHash, canUse(modelId, user));
    }

    /// @notice Whether `account` is on the allow-list of `modelId`.
    function isAllowed(uint256 modelId, address account) external view returns (bool) {
        return _store().allowed[modelId][account];
    }

    /// @notice The models derived from `modelId` (newer versions, adapters, merges), in registration order.
    function childrenOf(uint256 modelId) external view returns (uint256[] memory) {
        return _store().children[modelId];
    }

    /// @notice The version that superseded `modelId` through {publishVersion} (0 if none).
    function successorOf(uint256 modelId) external view returns (uint256) {
        return _store().successor[modelId];
    }

    /// @notice Number of models ever registered (ids run from 1 to this).
    function modelCount() external view returns (uint256) {
        return _store().modelCount;
    }

    /// @notice Up to `limit` models, from id `offset + 1` upwards.
    function listModels(uint256 offset, uint256 limit) external view returns (Model[] memory page) {
        ModelRegistryStorage storage $ = _store();
        uint256 count = _pageSize($.modelCount, offset, limit);
        page = new Model[](count);
        for (uint256 i = 0; i < count; ++i) page[i] = $.models[offset + i + 1];
    }

    /// @notice Number of models `owner` owns now.
    function modelCountOf(address owner) external view returns (uint256) {
        return _store().byOwner[owner].length();
    }

    /// @notice Up to `limit` ids of models `owner` owns, from position `offset` (order changes when
    ///         models are handed over).
    function modelsOf(address owner, uint256 offset, uint256 limit) external view returns (uint256[] memory ids) {
        EnumerableSet.UintSet storage owned = _store().byOwner[owner];
        uint256 count = _pageSize(owned.length(), offset, limit);
        ids = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) ids[i] = owned.at(offset + i);
    }

    /// @notice The ProtocolParams the registration fee is read from.
    function protocolParams() external view returns (IProtocolParams) {
        return _store().protocolParams;
    }

    /// @notice The Treasury that receives registration fees.
    function treasury() external view returns (address payable) {
        return _store().treasury;
    }

    /// @notice Replicas requested for each model file.
    function pinReplicas() external view returns (uint32) {
        return _store().pinReplicas;
    }

    /// @notice The registration fee in force now, in wei.
    function registrationFee() public view returns (uint256) {
        return _store().protocolParams.getParam(ParamKeys.REGISTRATION_FEE);
    }

    /// @notice The ARTIFACT precompile this registry pins model files with.
    function artifactPrecompile() public view returns (IArtifactPrecompile) {
        return _artifactPrecompile;
    }

    /// @notice The ARTIFACT precompile's fee per replica now, in wei.
    function pinFee() public view returns (uint256) {
        return artifactPrecompile().pinFee();
    }

    /// @notice What pinning one model file costs now: {pinFee} × {pinReplicas} wei (the value
    ///         {registerDerived} takes).
    function pinCost() public view returns (uint256) {
        return pinFee() * _store().pinReplicas;
    }

    /// @notice The exact `msg.value` {registerModel} and {publishVersion} take now, and its parts.
    /// @dev Both parts can change between this call and the transaction (a governance change of the
    ///      registration fee, or of the pin fee at an epoch boundary); the transaction then reverts with
    ///      {WrongRegistrationPayment} carrying the new numbers.
    /// @return registration the registration fee, for the Treasury.
    /// @return pin the pin fee for {pinReplicas} replicas, for the ARTIFACT precompile.
    /// @return total `registration + pin`.
    function registrationCost() external view returns (uint256 registration, uint256 pin, uint256 total) {
        registration = registrationFee();
        pin = pinCost();
        total = registration + pin;
    }

    // ------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------

    /// @dev Checks that `msg.value` is exactly `fee` plus the pin cost; returns the pin cost.
    function _collectPayment(uint256 fee) private view returns (uint256 pinCost_) {
        pinCost_ = pinCost();
        if (msg.value != fee + pinCost_) revert WrongRegistrationPayment(msg.value, fee, pinCost_);
    }

    function _create(address owner, ModelSpec calldata spec, uint256[] memory parents, uint256 fee)
        private
        returns (uint256 modelId)
    {
        ModelRegistryStorage storage $ = _store();
        if (spec.modelHash == bytes32(0) || bytes(spec.cid).length == 0 || bytes(spec.name).length == 0) {
            revert InvalidModelSpec(spec.modelHash, spec.cid, spec.name);
        }
        uint256 existing = $.idByHash[spec.modelHash];
        if (existing != 0) revert ModelHashTaken(spec.modelHash, existing);
        modelId = ++$.modelCount;
        if (spec.policy == AccessPolicy.PayPerUse && spec.price == 0) revert PayPerUseNeedsPrice(modelId);
        Model storage model = $.models[modelId];
        model.spec = spec;
        model.owner = owner;
        model.active = true;
        model.registeredAt = uint64(block.timestamp);
        model.parents = parents;
        $.idByHash[spec.modelHash] = modelId;
        $.byOwner[owner].add(modelId);
        for (uint256 i = 0; i < parents.length; ++i) $.children[parents[i]].push(modelId);
        emit ModelRegistered(modelId, owner, spec.modelHash, spec, parents, fee);
    }

    function _pinAndPay(string calldata cid, uint256 fee, uint256 pinCost_) private {
        ModelRegistryStorage storage $ = _store();
        artifactPrecompile().pin{value: pinCost_}(cid, $.pinReplicas);
        if (fee != 0) Address.sendValue($.treasury, fee);
    }

    function _model(uint256 modelId) private view returns (Model storage model) {
        ModelRegistryStorage storage $ = _store();
        if (modelId == 0 || modelId > $.modelCount) revert UnknownModel(modelId);
        return $.models[modelId];
    }

    function _ownedModel(uint256 modelId) private view returns (Model storage model) {
        model = _model(modelId);
        if (model.owner != msg.sender) revert NotModelOwner(modelId, msg.sender);
    }

    function _pageSize(uint256 total, uint256 offset, uint256 limit) private pure returns (uint256) {
        if (offset >= total) return 0;
        uint256 remaining = total - offset;
        return remaining < limit ? remaining : limit;
    }

    function _store() private pure returns (ModelRegistryStorage storage $) {
        assembly {
            $.slot := MODEL_REGISTRY_STORAGE_LOCATION
        }
    }
}
