import { expect } from "chai";
import { id, keccak256, parseEther, toUtf8Bytes, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { ModelRegistry__factory, TestProxy__factory } from "../../types/ethers-contracts/index.js";
import { AI_SETTINGS, PIN_COST, Policy, deployAISuite, modelSpec } from "./support/ai-suite.js";
import { KEY, erc7201Slot } from "./support/protocol-suite.js";
import { devChainHelpers } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

const FEE = parseEther("1");
/** What registerModel and publishVersion take: the registration fee plus the pin fee. */
const COST = FEE + PIN_COST;

/** The mock ARTIFACT precompile's cidHash (the real one hashes the binary CIDv1). */
function cidHash(cid: string): string {
  return keccak256(toUtf8Bytes(cid));
}

describe("ModelRegistry", function () {
  async function deployFixture() {
    const [deployer, admin, owner, user, other, registrar] = await ethers.getSigners();
    const suite = await deployAISuite(deployer, admin);
    await suite.registry.connect(admin).grantRole(await suite.registry.VERSION_REGISTRAR_ROLE(), registrar.address);
    return { ...suite, deployer, admin, owner, user, other, registrar };
  }

  async function registeredFixture() {
    const fixture = await deployFixture();
    await fixture.registry.connect(fixture.owner).registerModel(modelSpec("a"), { value: COST });
    return fixture;
  }

  describe("initialize", function () {
    it("calls the precompiles its implementation was built with, and refuses a zero one", async function () {
      const { registry, model, artifact, implementations, deployer } = await networkHelpers.loadFixture(deployFixture);
      const [modelAddress, artifactAddress] = [await model.getAddress(), await artifact.getAddress()];
      expect(await registry.modelPrecompile()).to.equal(modelAddress);
      expect(await registry.artifactPrecompile()).to.equal(artifactAddress);
      const factory = new ModelRegistry__factory(deployer);
      await expect(factory.deploy(ZeroAddress, artifactAddress)).to.be.revertedWithCustomError(implementations.registry, "ZeroModelPrecompile");
      await expect(factory.deploy(modelAddress, ZeroAddress)).to.be.revertedWithCustomError(implementations.registry, "ZeroArtifactPrecompile");
    });

    it("records its configuration and keeps state in its ERC-7201 namespace", async function () {
      const { registry, params, treasury, admin } = await networkHelpers.loadFixture(deployFixture);
      expect(await registry.protocolParams()).to.equal(await params.getAddress());
      expect(await registry.treasury()).to.equal(await treasury.getAddress());
      expect(await registry.pinReplicas()).to.equal(AI_SETTINGS.pinReplicas);
      expect(await registry.registrationFee()).to.equal(FEE);
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await registry.VERSION_REGISTRAR_ROLE()).to.equal(id("citrate.role.VERSION_REGISTRAR"));
      const slot = erc7201Slot("citrate.storage.ModelRegistry");
      expect(slot).to.equal(0xca6e8ff30e7a8eeda00a9e19bcee9008208cbcb634875c389a24431211743200n);
      expect(BigInt(await ethers.provider.getStorage(await registry.getAddress(), slot))).to.equal(BigInt(await params.getAddress()));
    });

    it("emits ModelRegistryInitialized; cannot be initialised twice; rejects zero addresses and zero replicas", async function () {
      const { registry, implementations, params, treasury, deployer, admin } = await networkHelpers.loadFixture(deployFixture);
      const implementation = implementations.registry;
      const p = await params.getAddress();
      const t = await treasury.getAddress();
      const deploy = (args: readonly [string, string, string, number]) =>
        new TestProxy__factory(deployer).deploy(
          implementation.getAddress(),
          implementation.interface.encodeFunctionData("initialize", [...args]),
        );
      const proxy = await deploy([admin.address, p, t, 2]);
      await expect(proxy.deploymentTransaction()).to.emit(registry.attach(await proxy.getAddress()), "ModelRegistryInitialized").withArgs(p, t, 2);
      await expect(implementation.initialize(admin.address, p, t, 2)).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
      await expect(registry.initialize(admin.address, p, t, 2)).to.be.revertedWithCustomError(registry, "InvalidInitialization");
      for (const args of [
        [ZeroAddress, p, t, 1],
        [admin.address, ZeroAddress, t, 1],
        [admin.address, p, ZeroAddress, 1],
      ] as const) {
        await expect(deploy(args)).to.be.revertedWithCustomError(implementation, "ZeroAddress");
      }
      await expect(deploy([admin.address, p, t, 0])).to.be.revertedWithCustomError(implementation, "ZeroReplicas");
    });
  });

  describe("registerModel", function () {
    it("stores the model, pays the fee to the Treasury and the pin fee to ARTIFACT, registers it with MODEL and pins it", async function () {
      const { registry, treasury, model, artifact, owner } = await networkHelpers.loadFixture(deployFixture);
      const spec = modelSpec("a");
      const tx = registry.connect(owner).registerModel(spec, { value: COST });
      await expect(tx)
        .to.emit(registry, "ModelRegistered")
        .withArgs(1n, owner.address, spec.modelHash, Object.values(spec), [], FEE);
      await expect(tx).to.emit(model, "MockModelRegistered").withArgs(spec.modelHash, await registry.getAddress(), spec.cid);
      await expect(tx)
        .to.emit(artifact, "PinRequested")
        .withArgs(cidHash(spec.cid), await registry.getAddress(), spec.cid, AI_SETTINGS.pinReplicas, PIN_COST);
      await expect(tx).to.changeEtherBalances(ethers, [owner, treasury, artifact, registry], [-COST, FEE, PIN_COST, 0n]);
      expect(await registry.connect(owner).registerModel.staticCall(modelSpec("b"), { value: COST })).to.equal(2n);

      const stored = await registry.getModel(1n);
      expect([...stored.spec]).to.deep.equal(Object.values({ ...spec, policy: BigInt(spec.policy) }));
      expect(stored.owner).to.equal(owner.address);
      expect(stored.active).to.equal(true);
      expect(stored.parents).to.deep.equal([]);
      expect(await registry.modelIdByHash(spec.modelHash)).to.equal(1n);
      expect(await registry.modelCount()).to.equal(1n);
      expect(await registry.modelCountOf(owner.address)).to.equal(1n);
      expect(await artifact.status(spec.cid)).to.deep.equal([1n, 3n, 0n]);
    });

    it("reverts with WrongRegistrationPayment, InvalidModelSpec, ModelHashTaken and PayPerUseNeedsPrice", async function () {
      const { registry, owner } = await networkHelpers.loadFixture(registeredFixture);
      const r = registry.connect(owner);
      for (const value of [FEE, COST - 1n, COST + 1n]) {
        await expect(r.registerModel(modelSpec("x"), { value }))
          .to.be.revertedWithCustomError(registry, "WrongRegistrationPayment")
          .withArgs(value, FEE, PIN_COST);
      }
      for (const bad of [{ modelHash: ethers.ZeroHash }, { cid: "" }, { name: "" }]) {
        const spec = modelSpec("x", bad);
        await expect(r.registerModel(spec, { value: COST }))
          .to.be.revertedWithCustomError(registry, "InvalidModelSpec")
          .withArgs(spec.modelHash, spec.cid, spec.name);
      }
      await expect(r.registerModel(modelSpec("a"), { value: COST }))
        .to.be.revertedWithCustomError(registry, "ModelHashTaken")
        .withArgs(modelSpec("a").modelHash, 1n);
      await expect(r.registerModel(modelSpec("x", { price: 0n, policy: Policy.PayPerUse }), { value: COST }))
        .to.be.revertedWithCustomError(registry, "PayPerUseNeedsPrice")
        .withArgs(2n);
    });

    it("registrationCost reports the fees in force; both may be zero", async function () {
      const { registry, params, artifact, admin, owner, treasury } = await networkHelpers.loadFixture(deployFixture);
      expect(await registry.pinFee()).to.equal(AI_SETTINGS.pinFee);
      expect(await registry.pinCost()).to.equal(PIN_COST);
      expect(await registry.registrationCost()).to.deep.equal([FEE, PIN_COST, COST]);
      await params.connect(admin).setParam(KEY.REGISTRATION_FEE, 0n);
      const latest = BigInt(await ethers.provider.getBlockNumber());
      await networkHelpers.mine((latest / 100n + 1n) * 100n - latest);
      expect(await registry.registrationCost()).to.deep.equal([0n, PIN_COST, PIN_COST]);
      await registry.connect(admin).setPinReplicas(2);
      await artifact.setPinFee(7n);
      expect(await registry.registrationCost()).to.deep.equal([0n, 14n, 14n]);
      await expect(registry.connect(owner).registerModel(modelSpec("cheap"), { value: 14n })).to.changeEtherBalances(
        ethers,
        [treasury, artifact],
        [0n, 14n],
      );
      await artifact.setPinFee(0n);
      await expect(registry.connect(owner).registerModel(modelSpec("free"))).to.changeEtherBalance(ethers, treasury, 0n);
    });

    it("bubbles up ARTIFACT's revert when the CID already has an active pin request", async function () {
      const { registry, artifact, owner } = await networkHelpers.loadFixture(deployFixture);
      await artifact.pin("bafy-taken", 1, { value: AI_SETTINGS.pinFee });
      await expect(registry.connect(owner).registerModel(modelSpec("taken"), { value: COST })).to.be.revertedWith(
        "ARTIFACT: cid already has an active pin request",
      );
    });

    it("bubbles up the MODEL precompile's revert (hash already known to the precompile)", async function () {
      const { registry, model, owner } = await networkHelpers.loadFixture(deployFixture);
      await model.registerModel(modelSpec("z").modelHash, "bafy-z");
      await expect(registry.connect(owner).registerModel(modelSpec("z"), { value: COST })).to.be.revertedWith("MODEL: already registered");
    });
  });

  describe("publishVersion", function () {
    it("registers the new version with a parent link, supersedes the old one, and calls MODEL updateModel", async function () {
      const { registry, model, artifact, treasury, owner } = await networkHelpers.loadFixture(registeredFixture);
      const v2 = modelSpec("a2", { version: "2.0.0" });
      const tx = registry.connect(owner).publishVersion(1n, v2, { value: COST });
      await expect(tx).to.emit(registry, "ModelRegistered").withArgs(2n, owner.address, v2.modelHash, Object.values(v2), [1n], FEE);
      await expect(tx).to.emit(registry, "ModelActiveChanged").withArgs(1n, false);
      await expect(tx).to.emit(registry, "ModelVersionPublished").withArgs(1n, 2n);
      await expect(tx).to.emit(model, "MockModelUpdated").withArgs(modelSpec("a").modelHash, v2.modelHash, v2.cid);
      await expect(tx).to.emit(artifact, "PinRequested").withArgs(cidHash(v2.cid), await registry.getAddress(), v2.cid, 3, PIN_COST);
      await expect(tx).to.changeEtherBalances(ethers, [treasury, artifact], [FEE, PIN_COST]);
      expect((await registry.getModel(1n)).active).to.equal(false);
      expect((await registry.getModel(2n)).parents).to.deep.equal([1n]);
      expect(await registry.successorOf(1n)).to.equal(2n);
      expect(await registry.successorOf(2n)).to.equal(0n);
      expect(await registry.childrenOf(1n)).to.deep.equal([2n]);
      // a superseded version cannot come back
      await expect(registry.connect(owner).setActive(1n, true)).to.be.revertedWithCustomError(registry, "ModelInactive").withArgs(1n);
      await expect(registry.connect(owner).publishVersion(1n, modelSpec("a3"), { value: COST }))
        .to.be.revertedWithCustomError(registry, "ModelInactive")
        .withArgs(1n);
    });

    it("owner only; checks the fee and the spec", async function () {
      const { registry, owner, other } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registry.connect(other).publishVersion(1n, modelSpec("b"), { value: COST }))
        .to.be.revertedWithCustomError(registry, "NotModelOwner")
        .withArgs(1n, other.address);
      await expect(registry.connect(owner).publishVersion(1n, modelSpec("b"), { value: FEE }))
        .to.be.revertedWithCustomError(registry, "WrongRegistrationPayment")
        .withArgs(FEE, FEE, PIN_COST);
      await expect(registry.connect(owner).publishVersion(1n, modelSpec("a"), { value: COST })).to.be.revertedWithCustomError(registry, "ModelHashTaken");
      await expect(registry.connect(owner).publishVersion(9n, modelSpec("b"), { value: COST }))
        .to.be.revertedWithCustomError(registry, "UnknownModel")
        .withArgs(9n);
    });
  });

  describe("registerDerived", function () {
    it("registers a model derived from its parents for an owner, paying only the pin fee; parents stay active", async function () {
      const { registry, model, artifact, treasury, registrar, user, owner } = await networkHelpers.loadFixture(registeredFixture);
      await registry.connect(owner).registerModel(modelSpec("b"), { value: COST });
      const spec = modelSpec("merge");
      const tx = registry.connect(registrar).registerDerived(user.address, [1n, 2n], spec, { value: PIN_COST });
      await expect(tx).to.emit(registry, "ModelRegistered").withArgs(3n, user.address, spec.modelHash, Object.values(spec), [1n, 2n], 0n);
      await expect(tx).to.emit(artifact, "PinRequested").withArgs(cidHash(spec.cid), await registry.getAddress(), spec.cid, 3, PIN_COST);
      await expect(tx).to.changeEtherBalances(ethers, [registrar, treasury, artifact], [-PIN_COST, 0n, PIN_COST]);
      await expect(tx).to.emit(model, "MockModelRegistered").withArgs(spec.modelHash, await registry.getAddress(), spec.cid);
      expect((await registry.getModel(3n)).owner).to.equal(user.address);
      expect((await registry.getModel(1n)).active).to.equal(true);
      expect(await registry.childrenOf(2n)).to.deep.equal([3n]);
    });

    it("registrar only; checks the pin payment, the owner, the parent count and that parents exist", async function () {
      const { registry, registrar, other, user } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registry.connect(other).registerDerived(user.address, [1n], modelSpec("d"), { value: PIN_COST }))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, await registry.VERSION_REGISTRAR_ROLE());
      for (const value of [0n, PIN_COST - 1n, PIN_COST + 1n]) {
        await expect(registry.connect(registrar).registerDerived(user.address, [1n], modelSpec("d"), { value }))
          .to.be.revertedWithCustomError(registry, "WrongRegistrationPayment")
          .withArgs(value, 0n, PIN_COST);
      }
      const r = registry.connect(registrar);
      const value = PIN_COST;
      await expect(r.registerDerived(ZeroAddress, [1n], modelSpec("d"), { value })).to.be.revertedWithCustomError(registry, "ZeroAddress");
      await expect(r.registerDerived(user.address, [], modelSpec("d"), { value })).to.be.revertedWithCustomError(registry, "InvalidParentCount").withArgs(0n);
      await expect(r.registerDerived(user.address, Array(9).fill(1n), modelSpec("d"), { value }))
        .to.be.revertedWithCustomError(registry, "InvalidParentCount")
        .withArgs(9n);
      await expect(r.registerDerived(user.address, [1n, 5n], modelSpec("d"), { value })).to.be.revertedWithCustomError(registry, "UnknownModel").withArgs(5n);
    });
  });

  describe("owner actions", function () {
    it("setPrice and setAccessPolicy emit their events and enforce a price for PayPerUse", async function () {
      const { registry, owner } = await networkHelpers.loadFixture(registeredFixture);
      const r = registry.connect(owner);
      await expect(r.setPrice(1n, 5n)).to.emit(registry, "PriceChanged").withArgs(1n, 1_000n, 5n);
      await expect(r.setAccessPolicy(1n, Policy.PayPerUse)).to.emit(registry, "AccessPolicyChanged").withArgs(1n, Policy.Public, Policy.PayPerUse);
      await expect(r.setPrice(1n, 0n)).to.be.revertedWithCustomError(registry, "PayPerUseNeedsPrice").withArgs(1n);
      await r.setAccessPolicy(1n, Policy.Public);
      await r.setPrice(1n, 0n);
      await expect(r.setAccessPolicy(1n, Policy.PayPerUse)).to.be.revertedWithCustomError(registry, "PayPerUseNeedsPrice").withArgs(1n);
      expect((await registry.getModel(1n)).spec.price).to.equal(0n);
    });

    it("canUse follows the access policy, the allow-list and the active flag", async function () {
      const { registry, owner, user, other } = await networkHelpers.loadFixture(registeredFixture);
      const r = registry.connect(owner);
      expect(await registry.canUse(1n, user.address)).to.equal(true);
      await r.setAccessPolicy(1n, Policy.Private);
      expect(await registry.canUse(1n, user.address)).to.equal(false);
      expect(await registry.canUse(1n, owner.address)).to.equal(true);
      await r.setAccessPolicy(1n, Policy.AllowList);
      expect(await registry.canUse(1n, user.address)).to.equal(false);
      await expect(r.setAllowed(1n, [user.address, other.address], true))
        .to.emit(registry, "AllowListUpdated")
        .withArgs(1n, user.address, true);
      expect(await registry.canUse(1n, user.address)).to.equal(true);
      expect(await registry.isAllowed(1n, other.address)).to.equal(true);
      await expect(r.setAllowed(1n, [other.address], false)).to.emit(registry, "AllowListUpdated").withArgs(1n, other.address, false);
      expect(await registry.canUse(1n, other.address)).to.equal(false);
      await r.setAccessPolicy(1n, Policy.PayPerUse);
      expect(await registry.canUse(1n, other.address)).to.equal(true);
      await expect(r.setActive(1n, false)).to.emit(registry, "ModelActiveChanged").withArgs(1n, false);
      expect(await registry.canUse(1n, owner.address)).to.equal(false);
      await expect(r.setActive(1n, false)).to.be.revertedWithCustomError(registry, "ActiveStateUnchanged").withArgs(1n, false);
      await expect(r.setActive(1n, true)).to.emit(registry, "ModelActiveChanged").withArgs(1n, true);
      expect(await registry.canUse(0n, owner.address)).to.equal(false);
      expect(await registry.canUse(2n, owner.address)).to.equal(false);
      expect(await registry.usage(1n, other.address)).to.deep.equal([owner.address, 1_000n, modelSpec("a").modelHash, true]);
      await expect(r.setAllowed(1n, [ZeroAddress], true)).to.be.revertedWithCustomError(registry, "ZeroAddress");
    });

    it("every owner action reverts with NotModelOwner for others and UnknownModel for unknown ids", async function () {
      const { registry, other } = await networkHelpers.loadFixture(registeredFixture);
      const o = registry.connect(other);
      // One call at a time: a call started before the previous one is awaited could reject unhandled.
      const calls = [
        () => o.setPrice(1n, 1n),
        () => o.setAccessPolicy(1n, 0),
        () => o.setAllowed(1n, [], true),
        () => o.setActive(1n, false),
        () => o.transferModelOwnership(1n, other.address),
      ];
      for (const call of calls) await expect(call()).to.be.revertedWithCustomError(registry, "NotModelOwner").withArgs(1n, other.address);
      await expect(o.setPrice(7n, 1n)).to.be.revertedWithCustomError(registry, "UnknownModel").withArgs(7n);
      await expect(registry.getModel(0n)).to.be.revertedWithCustomError(registry, "UnknownModel").withArgs(0n);
      await expect(registry.usage(7n, other.address)).to.be.revertedWithCustomError(registry, "UnknownModel").withArgs(7n);
    });

    it("hands a model over in two steps", async function () {
      const { registry, owner, user, other } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registry.connect(owner).transferModelOwnership(1n, user.address))
        .to.emit(registry, "ModelOwnershipTransferStarted")
        .withArgs(1n, owner.address, user.address);
      expect((await registry.getModel(1n)).pendingOwner).to.equal(user.address);
      await expect(registry.connect(other).acceptModelOwnership(1n))
        .to.be.revertedWithCustomError(registry, "NotPendingModelOwner")
        .withArgs(1n, other.address);
      await expect(registry.connect(user).acceptModelOwnership(1n))
        .to.emit(registry, "ModelOwnershipTransferred")
        .withArgs(1n, owner.address, user.address);
      expect((await registry.getModel(1n)).owner).to.equal(user.address);
      expect((await registry.getModel(1n)).pendingOwner).to.equal(ZeroAddress);
      expect(await registry.modelsOf(owner.address, 0, 10)).to.deep.equal([]);
      expect(await registry.modelsOf(user.address, 0, 10)).to.deep.equal([1n]);
      await expect(registry.connect(user).acceptModelOwnership(1n)).to.be.revertedWithCustomError(registry, "NotPendingModelOwner");
      await expect(registry.connect(user).acceptModelOwnership(5n)).to.be.revertedWithCustomError(registry, "UnknownModel");
    });

    it("setPinReplicas is admin only, non-zero, and used for later pins", async function () {
      const { registry, artifact, admin, owner, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(registry.connect(admin).setPinReplicas(5)).to.emit(registry, "PinReplicasChanged").withArgs(3, 5);
      await expect(registry.connect(admin).setPinReplicas(0)).to.be.revertedWithCustomError(registry, "ZeroReplicas");
      await expect(registry.connect(other).setPinReplicas(1)).to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount");
      await expect(registry.connect(owner).registerModel(modelSpec("p"), { value: COST }))
        .to.be.revertedWithCustomError(registry, "WrongRegistrationPayment")
        .withArgs(COST, FEE, AI_SETTINGS.pinFee * 5n);
      await registry.connect(owner).registerModel(modelSpec("p"), { value: FEE + AI_SETTINGS.pinFee * 5n });
      expect((await artifact.status("bafy-p"))[1]).to.equal(5n);
    });
  });

  describe("paginated views", function () {
    it("listModels and modelsOf page through the models", async function () {
      const { registry, owner, user } = await networkHelpers.loadFixture(deployFixture);
      for (const tag of ["1", "2", "3"]) await registry.connect(owner).registerModel(modelSpec(tag), { value: COST });
      await registry.connect(user).registerModel(modelSpec("4"), { value: COST });
      const page = await registry.listModels(1, 2);
      expect(page.map((m) => m.spec.name)).to.deep.equal(["model-2", "model-3"]);
      expect((await registry.listModels(3, 10)).map((m) => m.owner)).to.deep.equal([user.address]);
      expect(await registry.listModels(4, 10)).to.deep.equal([]);
      expect(await registry.modelsOf(owner.address, 0, 2)).to.deep.equal([1n, 2n]);
      expect(await registry.modelsOf(owner.address, 2, 2)).to.deep.equal([3n]);
      expect(await registry.modelsOf(owner.address, 9, 2)).to.deep.equal([]);
      expect(await registry.modelCountOf(user.address)).to.equal(1n);
    });
  });
});
