import { expect } from "chai";
import { id, parseEther, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { CallProbe__factory, TestProxy__factory } from "../../types/ethers-contracts/index.js";
import { AI_SETTINGS, deployAISuite } from "./support/ai-suite.js";
import { KEY, erc7201Slot } from "./support/protocol-suite.js";
import { devChainHelpers } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

const PER_CAPACITY = parseEther("100");
const UNBONDING = 7n * 86_400n;
const MODEL_A = id("model-a");
const MODEL_B = id("model-b");
const REASON = id("citrate.slash.test");

describe("ProviderStaking", function () {
  async function deployFixture() {
    const [deployer, admin, provider, other, slasher, beneficiary] = await ethers.getSigners();
    const suite = await deployAISuite(deployer, admin);
    const { staking } = suite;
    await staking.connect(admin).grantRole(await staking.SLASHER_ROLE(), slasher.address);
    await staking.connect(admin).grantRole(await staking.REPORTER_ROLE(), slasher.address);
    return { ...suite, deployer, admin, provider, other, slasher, beneficiary };
  }

  async function registeredFixture() {
    const fixture = await deployFixture();
    await fixture.staking.connect(fixture.provider).register("https://p.example", 2, [MODEL_A], { value: 2n * PER_CAPACITY });
    return fixture;
  }

  describe("initialize", function () {
    it("records its configuration, grants the admin role, and keeps state in its ERC-7201 namespace", async function () {
      const { staking, params, treasury, admin } = await networkHelpers.loadFixture(deployFixture);
      expect(await staking.protocolParams()).to.equal(await params.getAddress());
      expect(await staking.treasury()).to.equal(await treasury.getAddress());
      expect(await staking.jailPeriod()).to.equal(AI_SETTINGS.jailPeriod);
      expect(await staking.hasRole(await staking.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await staking.SLASHER_ROLE()).to.equal(id("citrate.role.SLASHER"));
      expect(await staking.REPORTER_ROLE()).to.equal(id("citrate.role.REPORTER"));
      const slot = erc7201Slot("citrate.storage.ProviderStaking");
      expect(slot).to.equal(0xcc4b9724f06987591582574cb90bb27e12345636d2bb2c6b9a4fc0f807b95600n);
      expect(BigInt(await ethers.provider.getStorage(await staking.getAddress(), slot))).to.equal(BigInt(await params.getAddress()));
    });

    it("emits ProviderStakingInitialized; the implementation and the proxy cannot be initialised again", async function () {
      const { staking, implementations, params, treasury, deployer, admin } = await networkHelpers.loadFixture(deployFixture);
      const implementation = implementations.staking;
      const args = [admin.address, await params.getAddress(), await treasury.getAddress(), 60n] as const;
      const proxy = await new TestProxy__factory(deployer).deploy(
        await implementation.getAddress(),
        implementation.interface.encodeFunctionData("initialize", [...args]),
      );
      await expect(proxy.deploymentTransaction())
        .to.emit(staking.attach(await proxy.getAddress()), "ProviderStakingInitialized")
        .withArgs(await params.getAddress(), await treasury.getAddress(), 60n);
      await expect(implementation.initialize(...args)).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
      await expect(staking.initialize(...args)).to.be.revertedWithCustomError(staking, "InvalidInitialization");
    });

    it("reverts with ZeroAddress for a zero admin, parameter source or treasury", async function () {
      const { implementations, params, treasury, deployer, admin } = await networkHelpers.loadFixture(deployFixture);
      const implementation = implementations.staking;
      const p = await params.getAddress();
      const t = await treasury.getAddress();
      for (const args of [
        [ZeroAddress, p, t, 1n],
        [admin.address, ZeroAddress, t, 1n],
        [admin.address, p, ZeroAddress, 1n],
      ] as const) {
        const data = implementation.interface.encodeFunctionData("initialize", [...args]);
        await expect(new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data)).to.be.revertedWithCustomError(
          implementation,
          "ZeroAddress",
        );
      }
    });
  });

  describe("register", function () {
    it("stakes, records the provider and its models, and emits its events", async function () {
      const { staking, provider } = await networkHelpers.loadFixture(deployFixture);
      const tx = staking.connect(provider).register("https://p.example", 2, [MODEL_A, MODEL_B], { value: 3n * PER_CAPACITY });
      await expect(tx).to.emit(staking, "ProviderRegistered").withArgs(provider.address, "https://p.example", 2, 3n * PER_CAPACITY);
      await expect(tx).to.emit(staking, "StakeAdded").withArgs(provider.address, 3n * PER_CAPACITY, 3n * PER_CAPACITY);
      await expect(tx).to.emit(staking, "ModelServingChanged").withArgs(provider.address, MODEL_A, true);
      await expect(tx).to.emit(staking, "ModelServingChanged").withArgs(provider.address, MODEL_B, true);
      await expect(tx).to.changeEtherBalances(ethers, [provider, staking], [-3n * PER_CAPACITY, 3n * PER_CAPACITY]);
      const record = await staking.getProvider(provider.address);
      expect(record.endpoint).to.equal("https://p.example");
      expect(record.capacity).to.equal(2n);
      expect(record.stake).to.equal(3n * PER_CAPACITY);
      expect(record.registered).to.equal(true);
      expect(record.available).to.equal(true);
      expect(record.jailed).to.equal(false);
      expect(await staking.modelsOf(provider.address)).to.deep.equal([MODEL_A, MODEL_B]);
      expect(await staking.providersOf(MODEL_A)).to.deep.equal([provider.address]);
      expect(await staking.serves(provider.address, MODEL_B)).to.equal(true);
      expect(await staking.isEligible(provider.address)).to.equal(true);
      expect(await staking.totalStaked()).to.equal(3n * PER_CAPACITY);
      expect(await staking.providerCount()).to.equal(1n);
      expect(await staking.listProviders(0, 10)).to.deep.equal([provider.address]);
      expect(await staking.listProviders(1, 10)).to.deep.equal([]);
      expect(await staking.minStakeFor(5)).to.equal(5n * PER_CAPACITY);
    });

    it("reverts with InsufficientStake, ZeroCapacity, AlreadyRegistered and ServingUnchanged (duplicate model)", async function () {
      const { staking, provider } = await networkHelpers.loadFixture(deployFixture);
      await expect(staking.connect(provider).register("e", 2, [], { value: 2n * PER_CAPACITY - 1n }))
        .to.be.revertedWithCustomError(staking, "InsufficientStake")
        .withArgs(2n * PER_CAPACITY - 1n, 2n * PER_CAPACITY);
      await expect(staking.connect(provider).register("e", 0, [], { value: PER_CAPACITY })).to.be.revertedWithCustomError(staking, "ZeroCapacity");
      await expect(staking.connect(provider).register("e", 1, [MODEL_A, MODEL_A], { value: PER_CAPACITY }))
        .to.be.revertedWithCustomError(staking, "ServingUnchanged")
        .withArgs(provider.address, MODEL_A);
      await staking.connect(provider).register("e", 1, [], { value: PER_CAPACITY });
      await expect(staking.connect(provider).register("e", 1, [], { value: PER_CAPACITY }))
        .to.be.revertedWithCustomError(staking, "AlreadyRegistered")
        .withArgs(provider.address);
    });

    it("limits models per provider (TooManyModels) and providers per model (TooManyProviders)", async function () {
      const { staking, provider, other } = await networkHelpers.loadFixture(deployFixture);
      const max = Number(await staking.MAX_MODELS_PER_PROVIDER());
      const many = Array.from({ length: max + 1 }, (_, i) => id(`m${i}`));
      await expect(staking.connect(provider).register("e", 1, many, { value: PER_CAPACITY }))
        .to.be.revertedWithCustomError(staking, "TooManyModels")
        .withArgs(provider.address);
      await staking.connect(provider).register("e", 1, many.slice(0, max), { value: PER_CAPACITY });
      expect((await staking.modelsOf(provider.address)).length).to.equal(max);

      const perModel = Number(await staking.MAX_PROVIDERS_PER_MODEL());
      const shared = id("shared-model");
      const funder = (await ethers.getSigners())[0];
      for (let i = 0; i < perModel; i++) {
        const wallet = ethers.Wallet.createRandom(ethers.provider);
        await funder.sendTransaction({ to: wallet.address, value: PER_CAPACITY + parseEther("1") });
        await staking.connect(wallet).register("e", 1, [shared], { value: PER_CAPACITY });
      }
      await expect(staking.connect(other).register("e", 1, [shared], { value: PER_CAPACITY }))
        .to.be.revertedWithCustomError(staking, "TooManyProviders")
        .withArgs(shared);
    });
  });

  describe("provider settings", function () {
    it("addStake, setEndpoint, setCapacity, addModels, removeModels, setAvailable emit their events", async function () {
      const { staking, provider } = await networkHelpers.loadFixture(registeredFixture);
      const p = staking.connect(provider);
      await expect(p.addStake({ value: PER_CAPACITY })).to.emit(staking, "StakeAdded").withArgs(provider.address, PER_CAPACITY, 3n * PER_CAPACITY);
      await expect(p.setEndpoint("/ip4/1.2.3.4/tcp/9")).to.emit(staking, "EndpointChanged").withArgs(provider.address, "/ip4/1.2.3.4/tcp/9");
      await expect(p.setCapacity(3)).to.emit(staking, "CapacityChanged").withArgs(provider.address, 2, 3);
      await expect(p.addModels([MODEL_B])).to.emit(staking, "ModelServingChanged").withArgs(provider.address, MODEL_B, true);
      await expect(p.removeModels([MODEL_A])).to.emit(staking, "ModelServingChanged").withArgs(provider.address, MODEL_A, false);
      expect(await staking.modelsOf(provider.address)).to.deep.equal([MODEL_B]);
      expect(await staking.providersOf(MODEL_A)).to.deep.equal([]);
      await expect(p.setAvailable(false)).to.emit(staking, "AvailabilityChanged").withArgs(provider.address, false);
      expect(await staking.isEligible(provider.address)).to.equal(false);
      expect(await staking.candidates(MODEL_B)).to.deep.equal([]);
      await p.setAvailable(true);
      const record = await staking.getProvider(provider.address);
      expect([record.endpoint, record.capacity, record.stake]).to.deep.equal(["/ip4/1.2.3.4/tcp/9", 3n, 3n * PER_CAPACITY]);
    });

    it("reverts for an unregistered caller (NotRegistered), zero stake, zero or uncovered capacity, unchanged serving", async function () {
      const { staking, provider, other } = await networkHelpers.loadFixture(registeredFixture);
      const o = staking.connect(other);
      // One call at a time: a call started before the previous one is awaited could reject unhandled.
      const calls = [
        () => o.addStake({ value: 1n }),
        () => o.setEndpoint("x"),
        () => o.setCapacity(1),
        () => o.addModels([MODEL_A]),
        () => o.removeModels([MODEL_A]),
        () => o.setAvailable(true),
        () => o.unbond(1n),
      ];
      for (const call of calls) await expect(call()).to.be.revertedWithCustomError(staking, "NotRegistered").withArgs(other.address);
      const p = staking.connect(provider);
      await expect(p.addStake()).to.be.revertedWithCustomError(staking, "ZeroAmount");
      await expect(p.setCapacity(0)).to.be.revertedWithCustomError(staking, "ZeroCapacity");
      await expect(p.setCapacity(3)).to.be.revertedWithCustomError(staking, "InsufficientStake").withArgs(2n * PER_CAPACITY, 3n * PER_CAPACITY);
      await expect(p.addModels([MODEL_A])).to.be.revertedWithCustomError(staking, "ServingUnchanged").withArgs(provider.address, MODEL_A);
      await expect(p.removeModels([MODEL_B])).to.be.revertedWithCustomError(staking, "ServingUnchanged").withArgs(provider.address, MODEL_B);
    });
  });

  describe("unbond / withdraw", function () {
    it("unbonds part of the stake, keeps it slashable, and pays it out after the unbonding period", async function () {
      const { staking, provider, other } = await networkHelpers.loadFixture(registeredFixture);
      await staking.connect(provider).addStake({ value: PER_CAPACITY });
      const tx = await staking.connect(provider).unbond(PER_CAPACITY);
      const readyAt = BigInt((await tx.getBlock())!.timestamp) + UNBONDING;
      await expect(tx).to.emit(staking, "Unbonded").withArgs(provider.address, PER_CAPACITY, PER_CAPACITY, readyAt);
      expect(await staking.totalStaked()).to.equal(2n * PER_CAPACITY);
      expect(await staking.totalUnbonding()).to.equal(PER_CAPACITY);
      await expect(staking.connect(provider).withdraw(provider.address))
        .to.be.revertedWithCustomError(staking, "StillUnbonding")
        .withArgs(provider.address, readyAt);
      await networkHelpers.time.increaseTo(readyAt);
      const out = staking.connect(provider).withdraw(other.address);
      await expect(out).to.emit(staking, "Withdrawn").withArgs(provider.address, other.address, PER_CAPACITY);
      await expect(out).to.changeEtherBalances(ethers, [staking, other], [-PER_CAPACITY, PER_CAPACITY]);
      expect(await staking.totalUnbonding()).to.equal(0n);
      await expect(staking.connect(provider).withdraw(provider.address))
        .to.be.revertedWithCustomError(staking, "NothingToWithdraw")
        .withArgs(provider.address);
    });

    it("a full exit unbonds everything; a partial one must leave the minimum for the capacity", async function () {
      const { staking, provider } = await networkHelpers.loadFixture(registeredFixture);
      await expect(staking.connect(provider).unbond(1n))
        .to.be.revertedWithCustomError(staking, "InsufficientStake")
        .withArgs(2n * PER_CAPACITY - 1n, 2n * PER_CAPACITY);
      await expect(staking.connect(provider).unbond(0n)).to.be.revertedWithCustomError(staking, "ZeroAmount");
      await expect(staking.connect(provider).unbond(2n * PER_CAPACITY + 1n))
        .to.be.revertedWithCustomError(staking, "UnbondExceedsStake")
        .withArgs(provider.address, 2n * PER_CAPACITY, 2n * PER_CAPACITY + 1n);
      await staking.connect(provider).unbond(2n * PER_CAPACITY);
      expect(await staking.isEligible(provider.address)).to.equal(false);
      expect(await staking.candidates(MODEL_A)).to.deep.equal([]);
    });

    it("withdraw reverts with ZeroAddress for the zero recipient and bubbles up a rejecting recipient", async function () {
      const { staking, provider, deployer } = await networkHelpers.loadFixture(registeredFixture);
      await staking.connect(provider).unbond(2n * PER_CAPACITY);
      await networkHelpers.time.increase(UNBONDING);
      await expect(staking.connect(provider).withdraw(ZeroAddress)).to.be.revertedWithCustomError(staking, "ZeroAddress");
      const probe = await new CallProbe__factory(deployer).deploy();
      await probe.setRejectPayments(true);
      await expect(staking.connect(provider).withdraw(await probe.getAddress())).to.be.revertedWithCustomError(staking, "FailedCall");
    });
  });

  describe("slash / jail", function () {
    it("slashes bps of active + unbonding stake, credits the beneficiary's reward, sends the rest to the Treasury, jails", async function () {
      const { staking, treasury, provider, slasher, beneficiary } = await networkHelpers.loadFixture(registeredFixture);
      await staking.connect(provider).addStake({ value: PER_CAPACITY });
      await staking.connect(provider).unbond(PER_CAPACITY); // 200 active, 100 unbonding
      // 50 % of 300 = 150, 150 from stake
      const tx = staking.connect(slasher).slash(provider.address, 5_000n, beneficiary.address, 2_000n, REASON);
      const slashed = parseEther("150");
      const reward = parseEther("30");
      await expect(tx).to.emit(staking, "Slashed").withArgs(provider.address, slasher.address, REASON, slashed, slashed, beneficiary.address, reward);
      await expect(tx).to.emit(staking, "Jailed");
      await expect(tx).to.changeEtherBalances(ethers, [staking, treasury], [-(slashed - reward), slashed - reward]);
      expect(await staking.rewardOf(beneficiary.address)).to.equal(reward);
      expect(await staking.totalRewardsOwed()).to.equal(reward);
      expect(await staking.totalSlashed()).to.equal(slashed);
      const record = await staking.getProvider(provider.address);
      expect(record.stake).to.equal(parseEther("50"));
      expect(record.unbonding).to.equal(PER_CAPACITY);
      expect(record.timesSlashed).to.equal(1n);
      expect(record.totalSlashed).to.equal(slashed);
      expect(record.jailed).to.equal(true);
      expect(await staking.isEligible(provider.address)).to.equal(false);
    });

    it("slashAmount takes active stake first, then unbonding, capped at the total", async function () {
      const { staking, provider, slasher } = await networkHelpers.loadFixture(registeredFixture);
      await staking.connect(provider).addStake({ value: PER_CAPACITY });
      await staking.connect(provider).unbond(PER_CAPACITY);
      await expect(staking.connect(slasher).slashAmount(provider.address, parseEther("250"), ZeroAddress, 0n, REASON))
        .to.emit(staking, "Slashed")
        .withArgs(provider.address, slasher.address, REASON, parseEther("250"), parseEther("200"), ZeroAddress, 0n);
      let record = await staking.getProvider(provider.address);
      expect([record.stake, record.unbonding]).to.deep.equal([0n, parseEther("50")]);
      expect(await staking.connect(slasher).slashAmount.staticCall(provider.address, parseEther("999"), ZeroAddress, 0n, REASON)).to.deep.equal([
        parseEther("50"),
        0n,
      ]);
      await staking.connect(slasher).slashAmount(provider.address, parseEther("999"), ZeroAddress, 0n, REASON);
      record = await staking.getProvider(provider.address);
      expect([record.stake, record.unbonding, record.timesSlashed]).to.deep.equal([0n, 0n, 2n]);
      expect(await staking.totalStaked()).to.equal(0n);
      expect(await staking.totalUnbonding()).to.equal(0n);
      expect(await ethers.provider.getBalance(await staking.getAddress())).to.equal(0n);
    });

    it("only slashers slash; bad shares, a reward without a beneficiary and unknown providers revert", async function () {
      const { staking, provider, other, slasher } = await networkHelpers.loadFixture(registeredFixture);
      const role = await staking.SLASHER_ROLE();
      await expect(staking.connect(other).slash(provider.address, 1n, ZeroAddress, 0n, REASON))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, role);
      await expect(staking.connect(other).slashAmount(provider.address, 1n, ZeroAddress, 0n, REASON))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, role);
      const s = staking.connect(slasher);
      await expect(s.slash(provider.address, 10_001n, ZeroAddress, 0n, REASON)).to.be.revertedWithCustomError(staking, "InvalidBps").withArgs(10_001n);
      await expect(s.slash(provider.address, 1n, other.address, 10_001n, REASON)).to.be.revertedWithCustomError(staking, "InvalidBps").withArgs(10_001n);
      await expect(s.slash(provider.address, 1n, ZeroAddress, 1n, REASON)).to.be.revertedWithCustomError(staking, "ZeroAddress");
      await expect(s.slash(other.address, 1n, ZeroAddress, 0n, REASON)).to.be.revertedWithCustomError(staking, "NotRegistered").withArgs(other.address);
    });

    it("unjail: only after the jail period, with enough stake; NotJailed otherwise", async function () {
      const { staking, provider, slasher } = await networkHelpers.loadFixture(registeredFixture);
      await expect(staking.connect(provider).unjail()).to.be.revertedWithCustomError(staking, "NotJailed").withArgs(provider.address);
      const tx = await staking.connect(slasher).slash(provider.address, 1_000n, ZeroAddress, 0n, REASON);
      const until = BigInt((await tx.getBlock())!.timestamp) + AI_SETTINGS.jailPeriod;
      await expect(tx).to.emit(staking, "Jailed").withArgs(provider.address, until);
      await expect(staking.connect(provider).unjail()).to.be.revertedWithCustomError(staking, "StillJailed").withArgs(provider.address, until);
      await networkHelpers.time.increaseTo(until);
      await expect(staking.connect(provider).unjail())
        .to.be.revertedWithCustomError(staking, "InsufficientStake")
        .withArgs(parseEther("180"), 2n * PER_CAPACITY);
      await staking.connect(provider).addStake({ value: parseEther("20") });
      await expect(staking.connect(provider).unjail()).to.emit(staking, "Unjailed").withArgs(provider.address);
      expect(await staking.isEligible(provider.address)).to.equal(true);
    });

    it("claimReward pays the beneficiary once; reverts with NothingToClaim and ZeroAddress", async function () {
      const { staking, provider, slasher, beneficiary, other } = await networkHelpers.loadFixture(registeredFixture);
      await staking.connect(slasher).slash(provider.address, 10_000n, beneficiary.address, 10_000n, REASON);
      await expect(staking.connect(beneficiary).claimReward(ZeroAddress)).to.be.revertedWithCustomError(staking, "ZeroAddress");
      const tx = staking.connect(beneficiary).claimReward(other.address);
      await expect(tx).to.emit(staking, "RewardClaimed").withArgs(beneficiary.address, other.address, 2n * PER_CAPACITY);
      await expect(tx).to.changeEtherBalances(ethers, [staking, other], [-2n * PER_CAPACITY, 2n * PER_CAPACITY]);
      await expect(staking.connect(beneficiary).claimReward(beneficiary.address))
        .to.be.revertedWithCustomError(staking, "NothingToClaim")
        .withArgs(beneficiary.address);
    });

    it("setJailPeriod is admin only and emits JailPeriodChanged", async function () {
      const { staking, admin, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(staking.connect(admin).setJailPeriod(10n)).to.emit(staking, "JailPeriodChanged").withArgs(AI_SETTINGS.jailPeriod, 10n);
      expect(await staking.jailPeriod()).to.equal(10n);
      await expect(staking.connect(other).setJailPeriod(1n))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, await staking.DEFAULT_ADMIN_ROLE());
    });
  });

  describe("reputation and selection weights", function () {
    it("recordJob counts completed and failed jobs (reporters only) and weighs candidates by them", async function () {
      const { staking, provider, other, slasher } = await networkHelpers.loadFixture(registeredFixture);
      await staking.connect(other).register("o", 1, [MODEL_A], { value: PER_CAPACITY });
      expect(await staking.candidates(MODEL_A)).to.deep.equal([
        [provider.address, 2n * PER_CAPACITY, 2n],
        [other.address, PER_CAPACITY, 1n],
      ]);
      await expect(staking.connect(slasher).recordJob(provider.address, true)).to.emit(staking, "JobRecorded").withArgs(provider.address, true, 1, 0);
      await expect(staking.connect(slasher).recordJob(provider.address, false)).to.emit(staking, "JobRecorded").withArgs(provider.address, false, 1, 1);
      await staking.connect(slasher).recordJob(provider.address, false);
      // weight = stake × (completed + 1) / (completed + failed + 1) = 200 × 2 / 4
      expect((await staking.candidates(MODEL_A))[0].weight).to.equal(PER_CAPACITY);
      await expect(staking.connect(other).recordJob(provider.address, true))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, await staking.REPORTER_ROLE());
      await expect(staking.connect(slasher).recordJob(slasher.address, true)).to.be.revertedWithCustomError(staking, "NotRegistered");
    });

    it("a provider whose stake no longer covers its capacity after a parameter change is not a candidate", async function () {
      const { staking, params, admin, provider } = await networkHelpers.loadFixture(registeredFixture);
      await params.connect(admin).setParam(KEY.MIN_STAKE_PER_CAPACITY, parseEther("101"));
      const latest = BigInt(await ethers.provider.getBlockNumber());
      await networkHelpers.mine((latest / 100n + 1n) * 100n - latest);
      expect(await staking.isEligible(provider.address)).to.equal(false);
      expect(await staking.candidates(MODEL_A)).to.deep.equal([]);
    });
  });
});
