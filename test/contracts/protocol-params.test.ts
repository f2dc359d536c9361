import { expect } from "chai";
import { id, MaxUint256, ZeroAddress, ZeroHash } from "ethers";
import fc from "fast-check";
import { network } from "hardhat";
import { ParamKeysHarness__factory, TestProxy__factory } from "../../types/ethers-contracts/index.js";
import {
  KEY,
  PARAM_TABLE,
  TEST_EPOCH_LENGTH,
  deployProtocolParams,
  devParamSpecs,
  erc7201Slot,
  type ParamSpec,
} from "./support/protocol-suite.js";
import { devChainHelpers, fuzzRuns } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

const L = TEST_EPOCH_LENGTH;
const NEW_KEY = id("citrate.test.newParam");

describe("ProtocolParams", function () {
  /**
   * Deploys in the first blocks of a fresh epoch `e0`. Tests count epochs from `e0` and blocks from
   * `startOf(k)` (the first block of epoch e0 + k), so they hold on a chain of any length: a shared
   * node's (`--network citrate`) as well as a new in-process chain.
   */
  async function deployFixture() {
    const [deployer, owner, other, timelock] = await ethers.getSigners();
    await mineTo(((await latest()) / L + 1n) * L - 1n);
    const { params, implementation } = await deployProtocolParams(deployer, owner.address);
    const e0 = (await latest()) / L;
    const startOf = (epochs: bigint) => (e0 + epochs) * L;
    return { deployer, owner, other, timelock, params, implementation, asOwner: params.connect(owner), e0, startOf };
  }

  /** Mines until the latest block is `block` (a view call then sees block.number == block). */
  async function mineTo(block: bigint): Promise<void> {
    const latest = BigInt(await ethers.provider.getBlockNumber());
    if (block > latest) await networkHelpers.mine(block - latest);
  }

  /** Latest block number (what a view call sees as block.number). */
  async function latest(): Promise<bigint> {
    return BigInt(await ethers.provider.getBlockNumber());
  }

  describe("ParamKeys", function () {
    it("every constant is keccak256 of its dotted name", async function () {
      const [deployer] = await ethers.getSigners();
      const harness = await new ParamKeysHarness__factory(deployer).deploy();
      const keys = await harness.all();
      expect(keys).to.deep.equal(PARAM_TABLE.map((row) => id(row.name)));
      expect(new Set(keys).size).to.equal(PARAM_TABLE.length);
    });
  });

  describe("initialize", function () {
    it("registers every key with its bounds and initial value, in order", async function () {
      const { params, owner, e0 } = await networkHelpers.loadFixture(deployFixture);
      expect(await params.owner()).to.equal(owner.address);
      expect(await params.epochLength()).to.equal(L);
      expect(await params.paramKeys()).to.deep.equal(PARAM_TABLE.map((row) => id(row.name)));
      for (const row of PARAM_TABLE) {
        const key = id(row.name);
        expect(await params.isParam(key), row.name).to.equal(true);
        expect(await params.getParam(key), row.name).to.equal(row.initial);
        expect(await params.bounds(key), row.name).to.deep.equal([row.min, row.max]);
        expect(await params.paramAt(key, e0), row.name).to.equal(row.initial);
        expect(await params.pendingParam(key), row.name).to.deep.equal([0n, 0n, false]);
      }
      expect(await params.feeSplit()).to.deep.equal([8_000n, 1_500n, 500n]);
      expect(await params.BPS_DENOMINATOR()).to.equal(10_000n);
    });

    it("emits EpochLengthSet, ParamRegistered for every key and OwnershipTransferred", async function () {
      const [deployer, owner] = await ethers.getSigners();
      const { params, implementation } = await deployProtocolParams(deployer, owner.address);
      const deployedIn = await latest();
      const logs = await ethers.provider.getLogs({ address: await params.getAddress(), fromBlock: deployedIn });
      const parsed = logs.map((log) => implementation.interface.parseLog(log)).filter((log) => log !== null);
      const names = parsed.map((log) => log.name);
      expect(names.filter((name) => name === "ParamRegistered")).to.have.length(PARAM_TABLE.length);
      expect(names).to.include.members(["EpochLengthSet", "OwnershipTransferred", "Initialized"]);
      const epochLengthSet = parsed.find((log) => log.name === "EpochLengthSet");
      expect(epochLengthSet?.args.toArray()).to.deep.equal([L]);
      const registered = parsed.filter((log) => log.name === "ParamRegistered").map((log) => log.args.toArray());
      expect(registered).to.deep.equal(PARAM_TABLE.map((row) => [id(row.name), row.min, row.max, row.initial, deployedIn / L]));
    });

    it("keeps its state in the ERC-7201 namespace citrate.storage.ProtocolParams", async function () {
      const { params } = await networkHelpers.loadFixture(deployFixture);
      const slot = erc7201Slot("citrate.storage.ProtocolParams");
      expect(slot).to.equal(0x0bd52ceb31582336c27c721dccc826fb3576f1cc4b43cd0b8c8258fc52c4c400n);
      // The first field of the namespace is epochLength, the second the length of the key list.
      expect(BigInt(await ethers.provider.getStorage(await params.getAddress(), slot))).to.equal(L);
      expect(BigInt(await ethers.provider.getStorage(await params.getAddress(), slot + 1n))).to.equal(BigInt(PARAM_TABLE.length));
      // Nothing lives in the conventional slots 0..2.
      for (const plain of [0n, 1n, 2n]) {
        expect(await ethers.provider.getStorage(await params.getAddress(), plain)).to.equal(ZeroHash);
      }
    });

    it("the implementation's initializer is disabled", async function () {
      const { implementation, owner } = await networkHelpers.loadFixture(deployFixture);
      await expect(implementation.initialize(owner.address, L, devParamSpecs())).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
      expect(await implementation.owner()).to.equal(ZeroAddress);
    });

    it("cannot be initialised twice", async function () {
      const { params, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(params.connect(other).initialize(other.address, L, [])).to.be.revertedWithCustomError(
        params,
        "InvalidInitialization",
      );
    });

    async function expectInitRevert(
      args: { owner?: string; epochLength?: bigint; specs?: ParamSpec[] },
      error: string,
      errorArgs?: unknown[],
    ): Promise<void> {
      const { implementation, deployer, owner } = await networkHelpers.loadFixture(deployFixture);
      const data = implementation.interface.encodeFunctionData("initialize", [
        args.owner ?? owner.address,
        args.epochLength ?? L,
        args.specs ?? devParamSpecs(),
      ]);
      const deployment = new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data);
      const assertion = expect(deployment).to.be.revertedWithCustomError(implementation, error);
      if (errorArgs !== undefined) await assertion.withArgs(...errorArgs);
      else await assertion;
    }

    it("reverts with ZeroEpochLength for an epoch length of 0", async function () {
      await expectInitRevert({ epochLength: 0n }, "ZeroEpochLength");
    });

    it("reverts with OwnableInvalidOwner for the zero owner", async function () {
      await expectInitRevert({ owner: ZeroAddress }, "OwnableInvalidOwner", [ZeroAddress]);
    });

    it("reverts with InvalidParamSpec for inverted bounds, an initial value outside them, or the zero key", async function () {
      const bad: Array<[bigint, bigint, bigint]> = [
        [10n, 9n, 9n], // min > max
        [10n, 20n, 9n], // initial < min
        [10n, 20n, 21n], // initial > max
      ];
      for (const [min, max, initial] of bad) {
        await expectInitRevert({ specs: [...devParamSpecs(), { key: NEW_KEY, min, max, initial }] }, "InvalidParamSpec", [
          NEW_KEY,
          min,
          max,
          initial,
        ]);
      }
      await expectInitRevert({ specs: [...devParamSpecs(), { key: ZeroHash, min: 0n, max: 1n, initial: 0n }] }, "InvalidParamSpec", [
        ZeroHash,
        0n,
        1n,
        0n,
      ]);
    });

    it("reverts with ParamAlreadyRegistered for a key given twice", async function () {
      const specs = devParamSpecs();
      await expectInitRevert({ specs: [...specs, specs[5]] }, "ParamAlreadyRegistered", [specs[5].key]);
    });

    it("reverts with UnknownParam when a fee split key is missing", async function () {
      const specs = devParamSpecs().filter((spec) => spec.key !== KEY.FEE_BURN_BPS);
      await expectInitRevert({ specs }, "UnknownParam", [KEY.FEE_BURN_BPS]);
      await expectInitRevert({ specs: [] }, "UnknownParam", [KEY.FEE_PROVIDER_BPS]);
    });

    it("reverts with FeeSplitMustSum when the initial fee split does not sum to 10,000", async function () {
      const specs = devParamSpecs().map((spec) => (spec.key === KEY.FEE_BURN_BPS ? { ...spec, initial: 400n } : spec));
      await expectInitRevert({ specs }, "FeeSplitMustSum", [9_900n]);
    });

    it("starts a later registration's values from the epoch it is initialised in", async function () {
      const [deployer, owner] = await ethers.getSigners();
      await mineTo(((await latest()) / L + 7n) * L + 3n);
      const { params } = await deployProtocolParams(deployer, owner.address);
      const initialised = await latest();
      expect(await params.currentEpoch()).to.equal(initialised / L);
      const info = await params.paramInfo(KEY.BLOCK_REWARD);
      expect(info.sinceEpoch).to.equal(initialised / L);
      await expect(params.paramAt(KEY.BLOCK_REWARD, initialised / L - 1n))
        .to.be.revertedWithCustomError(params, "ParamHistoryUnavailable")
        .withArgs(KEY.BLOCK_REWARD, initialised / L - 1n, initialised / L);
    });
  });

  describe("setParam", function () {
    it("schedules the value for the next epoch and emits ParamChangeScheduled", async function () {
      const { asOwner, params, e0 } = await networkHelpers.loadFixture(deployFixture);
      const next = e0 + 1n;
      await expect(asOwner.setParam(KEY.BLOCK_REWARD, 5n * 10n ** 18n))
        .to.emit(params, "ParamChangeScheduled")
        .withArgs(KEY.BLOCK_REWARD, 10n * 10n ** 18n, 5n * 10n ** 18n, next);
      expect(await params.getParam(KEY.BLOCK_REWARD)).to.equal(10n * 10n ** 18n);
      expect(await params.pendingParam(KEY.BLOCK_REWARD)).to.deep.equal([5n * 10n ** 18n, next, true]);
      const info = await params.paramInfo(KEY.BLOCK_REWARD);
      expect([info.value, info.sinceEpoch, info.pendingValue, info.activationEpoch, info.hasPending, info.min, info.max]).to.deep.equal([
        10n * 10n ** 18n,
        e0,
        5n * 10n ** 18n,
        next,
        true,
        0n,
        100n * 10n ** 18n,
      ]);
    });

    it("keeps the old value until the epoch boundary and applies the new one from the boundary block", async function () {
      const { asOwner, params, e0, startOf } = await networkHelpers.loadFixture(deployFixture);
      await mineTo(startOf(3n) + 10n);
      await asOwner.setParam(KEY.TARGET_BLOCK_TIME, 500n); // mined in epoch e0 + 3
      expect((await latest()) / L).to.equal(e0 + 3n);

      await mineTo(startOf(4n) - 1n); // last block of epoch e0 + 3
      expect(await params.currentEpoch()).to.equal(e0 + 3n);
      expect(await params.getParam(KEY.TARGET_BLOCK_TIME)).to.equal(1_000n);
      expect(await params.paramAt(KEY.TARGET_BLOCK_TIME, e0 + 3n)).to.equal(1_000n);
      expect(await params.paramAt(KEY.TARGET_BLOCK_TIME, e0 + 4n)).to.equal(500n);

      await networkHelpers.mine(1); // the first block of epoch e0 + 4
      expect(await params.currentEpoch()).to.equal(e0 + 4n);
      expect(await params.getParam(KEY.TARGET_BLOCK_TIME)).to.equal(500n);
      expect(await params.pendingParam(KEY.TARGET_BLOCK_TIME)).to.deep.equal([0n, 0n, false]);
      const info = await params.paramInfo(KEY.TARGET_BLOCK_TIME);
      expect([info.value, info.sinceEpoch, info.hasPending]).to.deep.equal([500n, e0 + 4n, false]);
      // History: epoch e0 + 3 still answered from the stored value, e0 + 4 onwards from the new one.
      expect(await params.paramAt(KEY.TARGET_BLOCK_TIME, e0 + 3n)).to.equal(1_000n);
      expect(await params.paramAt(KEY.TARGET_BLOCK_TIME, e0 + 4n)).to.equal(500n);
      expect(await params.paramAt(KEY.TARGET_BLOCK_TIME, e0 + 1_000n)).to.equal(500n);
    });

    it("a transaction mined in the boundary block already sees the new value", async function () {
      const { asOwner, params, e0, startOf } = await networkHelpers.loadFixture(deployFixture);
      await mineTo(startOf(2n) + 1n);
      await asOwner.setParam(KEY.PIN_FEE, 7n);
      await mineTo(startOf(3n) - 1n); // the next transaction is mined in the first block of epoch e0 + 3
      await expect(asOwner.setParam(KEY.PIN_FEE, 9n))
        .to.emit(params, "ParamChangeScheduled")
        .withArgs(KEY.PIN_FEE, 7n, 9n, e0 + 4n);
      expect(await latest()).to.equal(startOf(3n));
      const info = await params.paramInfo(KEY.PIN_FEE);
      expect([info.value, info.sinceEpoch, info.pendingValue, info.activationEpoch]).to.deep.equal([7n, e0 + 3n, 9n, e0 + 4n]);
      // Folding the value of epoch e0 + 3 in moved the stored history forward: e0 + 2 is gone from storage.
      await expect(params.paramAt(KEY.PIN_FEE, e0 + 2n))
        .to.be.revertedWithCustomError(params, "ParamHistoryUnavailable")
        .withArgs(KEY.PIN_FEE, e0 + 2n, e0 + 3n);
    });

    it("a second change in the same epoch replaces the pending one", async function () {
      const { asOwner, params, e0, startOf } = await networkHelpers.loadFixture(deployFixture);
      await mineTo(startOf(5n));
      await expect(asOwner.setParam(KEY.CHALLENGE_WINDOW, 100n))
        .to.emit(params, "ParamChangeScheduled")
        .withArgs(KEY.CHALLENGE_WINDOW, 600n, 100n, e0 + 6n);
      await expect(asOwner.setParam(KEY.CHALLENGE_WINDOW, 200n))
        .to.emit(params, "ParamChangeScheduled")
        .withArgs(KEY.CHALLENGE_WINDOW, 600n, 200n, e0 + 6n);
      expect(await params.pendingParam(KEY.CHALLENGE_WINDOW)).to.deep.equal([200n, e0 + 6n, true]);
      await mineTo(startOf(6n));
      expect(await params.getParam(KEY.CHALLENGE_WINDOW)).to.equal(200n);
    });

    it("accepts both bounds (inclusive) and reverts with ParamOutOfBounds just outside them", async function () {
      const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
      const row = PARAM_TABLE.find((r) => r.constant === "UNBONDING_PERIOD");
      if (row === undefined) throw new Error("no UNBONDING_PERIOD row");
      await expect(asOwner.setParam(KEY.UNBONDING_PERIOD, row.min)).to.emit(params, "ParamChangeScheduled");
      await expect(asOwner.setParam(KEY.UNBONDING_PERIOD, row.max)).to.emit(params, "ParamChangeScheduled");
      await expect(asOwner.setParam(KEY.UNBONDING_PERIOD, row.min - 1n))
        .to.be.revertedWithCustomError(params, "ParamOutOfBounds")
        .withArgs(KEY.UNBONDING_PERIOD, row.min - 1n, row.min, row.max);
      await expect(asOwner.setParam(KEY.UNBONDING_PERIOD, row.max + 1n))
        .to.be.revertedWithCustomError(params, "ParamOutOfBounds")
        .withArgs(KEY.UNBONDING_PERIOD, row.max + 1n, row.min, row.max);
      await expect(asOwner.setParam(KEY.UNBONDING_PERIOD, MaxUint256))
        .to.be.revertedWithCustomError(params, "ParamOutOfBounds")
        .withArgs(KEY.UNBONDING_PERIOD, MaxUint256, row.min, row.max);
    });

    it("reverts with UnknownParam for an unregistered key", async function () {
      const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.setParam(NEW_KEY, 1n)).to.be.revertedWithCustomError(params, "UnknownParam").withArgs(NEW_KEY);
    });

    it("reverts with FeeSplitKeyUseSetFeeSplit for each fee split key", async function () {
      const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
      for (const key of [KEY.FEE_PROVIDER_BPS, KEY.FEE_TREASURY_BPS, KEY.FEE_BURN_BPS]) {
        await expect(asOwner.setParam(key, 1_000n))
          .to.be.revertedWithCustomError(params, "FeeSplitKeyUseSetFeeSplit")
          .withArgs(key);
      }
    });

    it("reverts with OwnableUnauthorizedAccount for anyone but the owner", async function () {
      const { params, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(params.connect(other).setParam(KEY.PIN_FEE, 1n))
        .to.be.revertedWithCustomError(params, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
    });
  });

  describe("setFeeSplit", function () {
    it("schedules the three shares together for the next epoch", async function () {
      const { asOwner, params, e0, startOf } = await networkHelpers.loadFixture(deployFixture);
      await mineTo(startOf(1n) + 5n);
      const tx = asOwner.setFeeSplit(7_000n, 2_000n, 1_000n);
      await expect(tx).to.emit(params, "ParamChangeScheduled").withArgs(KEY.FEE_PROVIDER_BPS, 8_000n, 7_000n, e0 + 2n);
      await expect(tx).to.emit(params, "ParamChangeScheduled").withArgs(KEY.FEE_TREASURY_BPS, 1_500n, 2_000n, e0 + 2n);
      await expect(tx).to.emit(params, "ParamChangeScheduled").withArgs(KEY.FEE_BURN_BPS, 500n, 1_000n, e0 + 2n);
      await mineTo(startOf(2n) - 1n);
      expect(await params.feeSplit()).to.deep.equal([8_000n, 1_500n, 500n]);
      await networkHelpers.mine(1);
      expect(await params.feeSplit()).to.deep.equal([7_000n, 2_000n, 1_000n]);
      expect(await params.getParam(KEY.FEE_TREASURY_BPS)).to.equal(2_000n);
    });

    it("accepts a split at the edges of the bounds", async function () {
      const { asOwner, params, startOf } = await networkHelpers.loadFixture(deployFixture);
      await asOwner.setFeeSplit(10_000n, 0n, 0n);
      await asOwner.setFeeSplit(5_000n, 5_000n, 0n);
      await asOwner.setFeeSplit(5_000n, 0n, 5_000n);
      await mineTo(startOf(1n));
      expect(await params.feeSplit()).to.deep.equal([5_000n, 0n, 5_000n]);
    });

    it("reverts with FeeSplitMustSum when the shares do not sum to 10,000", async function () {
      const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.setFeeSplit(8_000n, 1_500n, 400n))
        .to.be.revertedWithCustomError(params, "FeeSplitMustSum")
        .withArgs(9_900n);
      await expect(asOwner.setFeeSplit(8_000n, 1_500n, 600n))
        .to.be.revertedWithCustomError(params, "FeeSplitMustSum")
        .withArgs(10_100n);
    });

    it("reverts with ParamOutOfBounds when a share is outside its key's bounds", async function () {
      const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.setFeeSplit(4_000n, 5_000n, 1_000n))
        .to.be.revertedWithCustomError(params, "ParamOutOfBounds")
        .withArgs(KEY.FEE_PROVIDER_BPS, 4_000n, 5_000n, 10_000n);
      await expect(asOwner.setFeeSplit(5_000n, 0n, 5_001n))
        .to.be.revertedWithCustomError(params, "ParamOutOfBounds")
        .withArgs(KEY.FEE_BURN_BPS, 5_001n, 0n, 5_000n);
      await expect(asOwner.setFeeSplit(MaxUint256, MaxUint256, 2n))
        .to.be.revertedWithCustomError(params, "ParamOutOfBounds")
        .withArgs(KEY.FEE_PROVIDER_BPS, MaxUint256, 5_000n, 10_000n);
    });

    it("reverts with OwnableUnauthorizedAccount for anyone but the owner", async function () {
      const { params, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(params.connect(other).setFeeSplit(8_000n, 1_500n, 500n))
        .to.be.revertedWithCustomError(params, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
    });
  });

  describe("registerParam", function () {
    it("registers a new key, in force from the current epoch, and emits ParamRegistered", async function () {
      const { asOwner, params, e0, startOf } = await networkHelpers.loadFixture(deployFixture);
      await mineTo(startOf(4n) + 2n);
      await expect(asOwner.registerParam(NEW_KEY, 1n, 100n, 42n))
        .to.emit(params, "ParamRegistered")
        .withArgs(NEW_KEY, 1n, 100n, 42n, e0 + 4n);
      expect(await params.isParam(NEW_KEY)).to.equal(true);
      expect(await params.getParam(NEW_KEY)).to.equal(42n);
      expect(await params.bounds(NEW_KEY)).to.deep.equal([1n, 100n]);
      expect(await params.paramKeys()).to.deep.equal([...PARAM_TABLE.map((row) => id(row.name)), NEW_KEY]);
      await expect(params.paramAt(NEW_KEY, e0 + 3n))
        .to.be.revertedWithCustomError(params, "ParamHistoryUnavailable")
        .withArgs(NEW_KEY, e0 + 3n, e0 + 4n);
      await expect(asOwner.setParam(NEW_KEY, 100n)).to.emit(params, "ParamChangeScheduled").withArgs(NEW_KEY, 42n, 100n, e0 + 5n);
    });

    it("reverts with ParamAlreadyRegistered for an existing key", async function () {
      const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.registerParam(KEY.PIN_FEE, 0n, 1n, 0n))
        .to.be.revertedWithCustomError(params, "ParamAlreadyRegistered")
        .withArgs(KEY.PIN_FEE);
    });

    it("reverts with InvalidParamSpec for bad bounds or the zero key", async function () {
      const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
      for (const [key, min, max, initial] of [
        [NEW_KEY, 5n, 4n, 4n],
        [NEW_KEY, 5n, 10n, 4n],
        [NEW_KEY, 5n, 10n, 11n],
        [ZeroHash, 0n, 0n, 0n],
      ] as const) {
        await expect(asOwner.registerParam(key, min, max, initial))
          .to.be.revertedWithCustomError(params, "InvalidParamSpec")
          .withArgs(key, min, max, initial);
      }
    });

    it("reverts with OwnableUnauthorizedAccount for anyone but the owner", async function () {
      const { params, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(params.connect(other).registerParam(NEW_KEY, 0n, 1n, 0n))
        .to.be.revertedWithCustomError(params, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
    });
  });

  describe("reads", function () {
    it("every read of an unregistered key reverts with UnknownParam", async function () {
      const { params } = await networkHelpers.loadFixture(deployFixture);
      expect(await params.isParam(NEW_KEY)).to.equal(false);
      await expect(params.getParam(NEW_KEY)).to.be.revertedWithCustomError(params, "UnknownParam").withArgs(NEW_KEY);
      await expect(params.paramAt(NEW_KEY, 0n)).to.be.revertedWithCustomError(params, "UnknownParam").withArgs(NEW_KEY);
      await expect(params.pendingParam(NEW_KEY)).to.be.revertedWithCustomError(params, "UnknownParam").withArgs(NEW_KEY);
      await expect(params.paramInfo(NEW_KEY)).to.be.revertedWithCustomError(params, "UnknownParam").withArgs(NEW_KEY);
      await expect(params.bounds(NEW_KEY)).to.be.revertedWithCustomError(params, "UnknownParam").withArgs(NEW_KEY);
    });

    it("currentEpoch and epochStartBlock count blocks in epochs of epochLength", async function () {
      const { params, startOf } = await networkHelpers.loadFixture(deployFixture);
      for (const block of [startOf(1n) - 1n, startOf(1n), startOf(3n) + 17n]) {
        await mineTo(block);
        expect(await params.currentEpoch()).to.equal(block / L);
      }
      expect(await params.epochStartBlock(0n)).to.equal(0n);
      expect(await params.epochStartBlock(7n)).to.equal(7n * L);
    });

    it("allParams reports every key's value in force, pending change and bounds", async function () {
      const { asOwner, params, e0 } = await networkHelpers.loadFixture(deployFixture);
      await asOwner.setParam(KEY.MIN_GAS_PRICE, 2n * 10n ** 9n);
      const [keys, infos] = await params.allParams();
      expect(keys).to.deep.equal(PARAM_TABLE.map((row) => id(row.name)));
      infos.forEach((info, i) => {
        const row = PARAM_TABLE[i];
        expect([info.value, info.min, info.max], row.name).to.deep.equal([row.initial, row.min, row.max]);
        const pending = row.constant === "MIN_GAS_PRICE";
        expect(info.hasPending, row.name).to.equal(pending);
        expect(info.pendingValue, row.name).to.equal(pending ? 2n * 10n ** 9n : 0n);
        expect(info.activationEpoch, row.name).to.equal(pending ? e0 + 1n : 0n);
      });
    });

    it("paramsAt gives every key's value during an epoch, and reverts for an epoch no longer stored", async function () {
      const { asOwner, params, e0, startOf } = await networkHelpers.loadFixture(deployFixture);
      await asOwner.setParam(KEY.BLOCK_GAS_LIMIT, 60_000_000n); // from epoch e0 + 1
      const [keys0, values0] = await params.paramsAt(e0);
      const [, values1] = await params.paramsAt(e0 + 1n);
      expect(keys0).to.deep.equal(PARAM_TABLE.map((row) => id(row.name)));
      expect(values0).to.deep.equal(PARAM_TABLE.map((row) => row.initial));
      expect(values1).to.deep.equal(PARAM_TABLE.map((row) => (row.constant === "BLOCK_GAS_LIMIT" ? 60_000_000n : row.initial)));

      await mineTo(startOf(1n) + 1n);
      await asOwner.setParam(KEY.BLOCK_GAS_LIMIT, 40_000_000n); // folds the change of e0 + 1 in; from epoch e0 + 2
      expect(await params.paramAt(KEY.BLOCK_GAS_LIMIT, e0 + 1n)).to.equal(60_000_000n);
      expect(await params.paramAt(KEY.BLOCK_GAS_LIMIT, e0 + 2n)).to.equal(40_000_000n);
      await expect(params.paramsAt(e0))
        .to.be.revertedWithCustomError(params, "ParamHistoryUnavailable")
        .withArgs(KEY.BLOCK_GAS_LIMIT, e0, e0 + 1n);
    });
  });

  describe("ownership", function () {
    it("hands over in two steps to the Timelock, which alone may then change parameters", async function () {
      const { asOwner, params, owner, timelock } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.transferOwnership(timelock.address))
        .to.emit(params, "OwnershipTransferStarted")
        .withArgs(owner.address, timelock.address);
      expect(await params.pendingOwner()).to.equal(timelock.address);
      expect(await params.owner()).to.equal(owner.address);
      await expect(params.connect(timelock).acceptOwnership())
        .to.emit(params, "OwnershipTransferred")
        .withArgs(owner.address, timelock.address);
      await expect(asOwner.setParam(KEY.PIN_FEE, 1n))
        .to.be.revertedWithCustomError(params, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      await expect(params.connect(timelock).setParam(KEY.PIN_FEE, 1n)).to.emit(params, "ParamChangeScheduled");
    });

    it("only the pending owner can accept", async function () {
      const { asOwner, params, other, timelock } = await networkHelpers.loadFixture(deployFixture);
      await asOwner.transferOwnership(timelock.address);
      await expect(params.connect(other).acceptOwnership())
        .to.be.revertedWithCustomError(params, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
    });

    it("renounceOwnership is disabled", async function () {
      const { asOwner, params, other, owner } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.renounceOwnership()).to.be.revertedWithCustomError(params, "OwnershipCannotBeRenounced");
      await expect(params.connect(other).renounceOwnership())
        .to.be.revertedWithCustomError(params, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
      expect(await params.owner()).to.equal(owner.address);
    });
  });

  describe("invariant: a value outside its bounds never takes effect", function () {
    // Model-based: random changes (in and out of bounds) and random block advances, checked after every
    // step against a reference model of "value in force" and "pending change".
    it("holds over random sequences of changes and epoch boundaries", async function () {
      const keys = PARAM_TABLE.filter((row) => !row.constant.startsWith("FEE_"));
      const op = fc.oneof(
        fc.record({
          kind: fc.constant("set" as const),
          row: fc.nat({ max: keys.length - 1 }),
          // a value around the bounds, or any uint256
          value: fc.oneof(fc.bigInt({ min: -3n, max: 3n }), fc.bigInt({ min: 0n, max: MaxUint256 }), fc.double({ min: 0, max: 1, noNaN: true })),
          nearMax: fc.boolean(),
        }),
        fc.record({ kind: fc.constant("split" as const), treasury: fc.nat({ max: 6_000 }), burn: fc.nat({ max: 6_000 }) }),
        fc.record({ kind: fc.constant("mine" as const), blocks: fc.integer({ min: 1, max: Number(2n * L) }) }),
      );

      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
          const { asOwner, params } = await networkHelpers.loadFixture(deployFixture);
          const model = new Map<string, { value: bigint; pending?: { value: bigint; epoch: bigint } }>(
            PARAM_TABLE.map((row) => [id(row.name), { value: row.initial }]),
          );
          const settle = (epoch: bigint) => {
            for (const entry of model.values()) {
              if (entry.pending !== undefined && epoch >= entry.pending.epoch) {
                entry.value = entry.pending.value;
                entry.pending = undefined;
              }
            }
          };
          for (const step of ops) {
            if (step.kind === "mine") {
              await networkHelpers.mine(step.blocks);
            } else if (step.kind === "set") {
              const row = keys[step.row];
              let value: bigint;
              if (typeof step.value === "number") {
                value = row.min + BigInt(Math.floor(Number(row.max - row.min) * step.value));
              } else if (step.value <= 3n && step.value >= -3n) {
                value = (step.nearMax ? row.max : row.min) + step.value;
                if (value < 0n) value = 0n;
              } else {
                value = step.value;
              }
              const inBounds = value >= row.min && value <= row.max;
              const tx = asOwner.setParam(id(row.name), value);
              if (inBounds) {
                await tx;
                const epoch = (await latest()) / L;
                settle(epoch);
                const entry = model.get(id(row.name));
                if (entry !== undefined) entry.pending = { value, epoch: epoch + 1n };
              } else {
                await expect(tx).to.be.revertedWithCustomError(params, "ParamOutOfBounds");
              }
            } else {
              const provider = Math.max(0, 10_000 - step.treasury - step.burn);
              const valid = step.treasury <= 5_000 && step.burn <= 5_000 && provider >= 5_000;
              const tx = asOwner.setFeeSplit(BigInt(provider), BigInt(step.treasury), BigInt(step.burn));
              if (valid) {
                await tx;
                const epoch = (await latest()) / L;
                settle(epoch);
                const shares = [BigInt(provider), BigInt(step.treasury), BigInt(step.burn)];
                [KEY.FEE_PROVIDER_BPS, KEY.FEE_TREASURY_BPS, KEY.FEE_BURN_BPS].forEach((key, i) => {
                  const entry = model.get(key);
                  if (entry !== undefined) entry.pending = { value: shares[i], epoch: epoch + 1n };
                });
              } else {
                await expect(tx).to.be.revert(ethers);
              }
            }
            settle((await latest()) / L);
            for (const row of PARAM_TABLE) {
              const value = await params.getParam(id(row.name));
              expect(value >= row.min && value <= row.max, row.name).to.equal(true);
              expect(value, row.name).to.equal(model.get(id(row.name))?.value);
            }
            const [p, t, b] = await params.feeSplit();
            expect(p + t + b).to.equal(10_000n);
          }
        }),
        { numRuns: fuzzRuns(connection, 15) },
      );
    });
  });
});
