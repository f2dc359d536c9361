import { expect } from "chai";
import { AbiCoder, hexlify, id, keccak256, parseEther, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import { LoRAFactory__factory, TestProxy__factory } from "../../types/ethers-contracts/index.js";
import { AI_SETTINGS, PIN_COST, Policy, deployAISuite, modelSpec } from "./support/ai-suite.js";
import { erc7201Slot } from "./support/protocol-suite.js";
import { devChainHelpers } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

const abi = AbiCoder.defaultAbiCoder();
/** registerModel value: the registration fee (1 LAT on the dev chain) plus the pin fee. */
const COST = parseEther("1") + PIN_COST;
const PER_CAPACITY = parseEther("100");
const JOB_FEE = parseEther("2");
const BASE = modelSpec("base", { price: 10_000n });
const INPUT = hexlify(toUtf8Bytes("prompt"));
const JobStatus = { None: 0, Open: 1, Claimed: 2, Completed: 3, Cancelled: 4, Expired: 5 } as const;

/** The FeeSplitter's shares of `amount` under the dev split (8,000 / 1,500 / 500). */
function split(amount: bigint): [bigint, bigint, bigint] {
  const treasury = (amount * 1_500n) / 10_000n;
  const burn = (amount * 500n) / 10_000n;
  return [amount - treasury - burn, treasury, burn];
}

function result(tag: string, metric = 9_512n) {
  return { cid: `bafy-adapter-${tag}`, modelHash: id(`adapter-${tag}`), size: 4_096n, metric };
}

describe("LoRAFactory", function () {
  async function deployFixture() {
    const [deployer, admin, baseOwner, creator, provider, other] = await ethers.getSigners();
    const suite = await deployAISuite(deployer, admin);
    await suite.registry.connect(baseOwner).registerModel(BASE, { value: COST });
    await suite.staking.connect(provider).register("p", 1, [BASE.modelHash], { value: PER_CAPACITY });
    return { ...suite, deployer, admin, baseOwner, creator, provider, other };
  }

  async function createdFixture() {
    const f = await deployFixture();
    await f.lora.connect(f.creator).createJob(1n, "bafy-dataset", 8, 3, { value: JOB_FEE });
    return f;
  }

  async function claimedFixture() {
    const f = await createdFixture();
    await f.lora.connect(f.provider).claimJob(1n);
    return f;
  }

  async function adaptersFixture() {
    const f = await claimedFixture();
    await f.lora.connect(f.provider).submitResult(1n, result("a"));
    await f.lora.connect(f.creator).createJob(1n, "bafy-dataset-2", 4, 1, { value: JOB_FEE });
    await f.lora.connect(f.provider).claimJob(2n);
    await f.lora.connect(f.provider).submitResult(2n, result("b"));
    return f; // adapters are models 2 and 3
  }

  describe("initialize", function () {
    it("calls the MODEL precompile its implementation was built with, and refuses a zero one", async function () {
      const { lora, model, implementations, deployer } = await networkHelpers.loadFixture(deployFixture);
      expect(await lora.modelPrecompile()).to.equal(await model.getAddress());
      await expect(new LoRAFactory__factory(deployer).deploy(ZeroAddress)).to.be.revertedWithCustomError(implementations.lora, "ZeroModelPrecompile");
    });

    it("wires its contracts and settings and keeps state in its ERC-7201 namespace", async function () {
      const { lora, registry, staking, splitter, admin } = await networkHelpers.loadFixture(deployFixture);
      expect(await lora.registry()).to.equal(await registry.getAddress());
      expect(await lora.staking()).to.equal(await staking.getAddress());
      expect(await lora.feeSplitter()).to.equal(await splitter.getAddress());
      expect(await lora.royaltyBps()).to.equal(AI_SETTINGS.royaltyBps);
      expect(await lora.jobTimeout()).to.equal(AI_SETTINGS.jobTimeout);
      expect(await lora.owner()).to.equal(admin.address);
      const slot = erc7201Slot("citrate.storage.LoRAFactory");
      expect(slot).to.equal(0xb7953354989b7a752387be969b7cbdecdee950b254d3581ee78d227975d1f200n);
      expect(BigInt(await ethers.provider.getStorage(await lora.getAddress(), slot))).to.equal(BigInt(await registry.getAddress()));
    });

    it("emits its initialisation events; rejects zero addresses, bad settings and a second initialisation", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const implementation = f.implementations.lora;
      const addresses = [await f.registry.getAddress(), await f.staking.getAddress(), await f.splitter.getAddress()];
      const deploy = (args: readonly [string, string, string, string, number, bigint]) =>
        new TestProxy__factory(f.deployer).deploy(implementation.getAddress(), implementation.interface.encodeFunctionData("initialize", [...args]));
      const proxy = await deploy([f.admin.address, addresses[0], addresses[1], addresses[2], 5, 9n]);
      const attached = f.lora.attach(await proxy.getAddress());
      await expect(proxy.deploymentTransaction()).to.emit(attached, "LoRAFactoryInitialized").withArgs(...addresses);
      await expect(proxy.deploymentTransaction()).to.emit(attached, "RoyaltyChanged").withArgs(0, 5);
      await expect(proxy.deploymentTransaction()).to.emit(attached, "JobTimeoutChanged").withArgs(0, 9);
      for (let i = 0; i < 3; i++) {
        const bad = [...addresses];
        bad[i] = ZeroAddress;
        await expect(deploy([f.admin.address, bad[0], bad[1], bad[2], 0, 1n])).to.be.revertedWithCustomError(implementation, "ZeroAddress");
      }
      await expect(deploy([f.admin.address, addresses[0], addresses[1], addresses[2], 10_001, 1n])).to.be.revertedWithCustomError(
        implementation,
        "InvalidBps",
      );
      await expect(deploy([f.admin.address, addresses[0], addresses[1], addresses[2], 0, 0n])).to.be.revertedWithCustomError(implementation, "ZeroTimeout");
      await expect(f.lora.initialize(f.admin.address, addresses[0], addresses[1], addresses[2], 0, 1n)).to.be.revertedWithCustomError(
        f.lora,
        "InvalidInitialization",
      );
    });
  });

  describe("createJob / cancelJob", function () {
    it("escrows the fee, lists the job as open, and emits JobCreated", async function () {
      const { lora, creator } = await networkHelpers.loadFixture(deployFixture);
      const tx = lora.connect(creator).createJob(1n, "bafy-dataset", 8, 3, { value: JOB_FEE });
      await expect(tx).to.emit(lora, "JobCreated").withArgs(1n, creator.address, 1n, JOB_FEE, "bafy-dataset", 8, 3);
      await expect(tx).to.changeEtherBalances(ethers, [creator, lora], [-JOB_FEE, JOB_FEE]);
      const job = await lora.getJob(1n);
      expect([job.creator, job.status, job.rank, job.epochs, job.baseModelId, job.fee, job.datasetCid]).to.deep.equal([
        creator.address,
        BigInt(JobStatus.Open),
        8n,
        3n,
        1n,
        JOB_FEE,
        "bafy-dataset",
      ]);
      expect(await lora.jobCount()).to.equal(1n);
      expect(await lora.openJobs()).to.deep.equal([1n]);
      expect(await lora.totalEscrowed()).to.equal(JOB_FEE);
    });

    it("reverts with JobFeeTooLow (a fee not above the pin cost), InvalidJob and ModelNotAllowed", async function () {
      const { lora, registry, baseOwner, creator } = await networkHelpers.loadFixture(deployFixture);
      const c = lora.connect(creator);
      await expect(c.createJob(1n, "d", 8, 1)).to.be.revertedWithCustomError(lora, "JobFeeTooLow").withArgs(0n, PIN_COST);
      await expect(c.createJob(1n, "d", 8, 1, { value: PIN_COST }))
        .to.be.revertedWithCustomError(lora, "JobFeeTooLow")
        .withArgs(PIN_COST, PIN_COST);
      const value = PIN_COST + 1n;
      await expect(c.createJob(1n, "", 8, 1, { value })).to.be.revertedWithCustomError(lora, "InvalidJob").withArgs(8, 1);
      await expect(c.createJob(1n, "d", 0, 1, { value })).to.be.revertedWithCustomError(lora, "InvalidJob").withArgs(0, 1);
      await expect(c.createJob(1n, "d", 1_025, 1, { value })).to.be.revertedWithCustomError(lora, "InvalidJob").withArgs(1_025, 1);
      await expect(c.createJob(1n, "d", 8, 0, { value })).to.be.revertedWithCustomError(lora, "InvalidJob").withArgs(8, 0);
      await expect(c.createJob(9n, "d", 8, 1, { value })).to.be.revertedWithCustomError(lora, "ModelNotAllowed").withArgs(9n, creator.address);
      await registry.connect(baseOwner).setAccessPolicy(1n, Policy.Private);
      await expect(c.createJob(1n, "d", 8, 1, { value })).to.be.revertedWithCustomError(lora, "ModelNotAllowed").withArgs(1n, creator.address);
    });

    it("the creator cancels an open job and withdraws the refund; others cannot", async function () {
      const { lora, creator, other } = await networkHelpers.loadFixture(createdFixture);
      await expect(lora.connect(other).cancelJob(1n)).to.be.revertedWithCustomError(lora, "NotJobParty").withArgs(1n, other.address);
      const tx = lora.connect(creator).cancelJob(1n);
      await expect(tx).to.emit(lora, "JobCancelled").withArgs(1n);
      await expect(tx).to.emit(lora, "RefundCredited").withArgs(creator.address, 1n, JOB_FEE);
      expect(await lora.openJobs()).to.deep.equal([]);
      expect(await lora.totalEscrowed()).to.equal(0n);
      expect(await lora.refundOf(creator.address)).to.equal(JOB_FEE);
      const ledgerSlot = erc7201Slot("citrate.storage.RefundLedger");
      expect(BigInt(await ethers.provider.getStorage(await lora.getAddress(), ledgerSlot))).to.equal(JOB_FEE);
      await expect(lora.connect(creator).cancelJob(1n)).to.be.revertedWithCustomError(lora, "InvalidJobStatus").withArgs(1n, JobStatus.Cancelled);
      await expect(lora.connect(creator).withdrawRefund(ZeroAddress)).to.be.revertedWithCustomError(lora, "ZeroAddress");
      const out = lora.connect(creator).withdrawRefund(creator.address);
      await expect(out).to.emit(lora, "RefundWithdrawn").withArgs(creator.address, creator.address, JOB_FEE);
      await expect(out).to.changeEtherBalances(ethers, [lora, creator], [-JOB_FEE, JOB_FEE]);
      await expect(lora.connect(creator).withdrawRefund(creator.address))
        .to.be.revertedWithCustomError(lora, "NothingToWithdraw")
        .withArgs(creator.address);
    });
  });

  describe("claimJob / expireJob", function () {
    it("an eligible provider claims an open job; the deadline is the job timeout", async function () {
      const { lora, provider } = await networkHelpers.loadFixture(createdFixture);
      const tx = await lora.connect(provider).claimJob(1n);
      const deadline = BigInt((await tx.getBlock())!.timestamp) + AI_SETTINGS.jobTimeout;
      await expect(tx).to.emit(lora, "JobClaimed").withArgs(1n, provider.address, deadline);
      const job = await lora.getJob(1n);
      expect([job.provider, job.status, job.deadline]).to.deep.equal([provider.address, BigInt(JobStatus.Claimed), deadline]);
      expect(await lora.openJobs()).to.deep.equal([]);
      await expect(lora.connect(provider).claimJob(1n)).to.be.revertedWithCustomError(lora, "InvalidJobStatus").withArgs(1n, JobStatus.Claimed);
    });

    it("reverts with NotEligibleProvider for unstaked or unavailable accounts", async function () {
      const { lora, staking, provider, other } = await networkHelpers.loadFixture(createdFixture);
      await expect(lora.connect(other).claimJob(1n)).to.be.revertedWithCustomError(lora, "NotEligibleProvider").withArgs(other.address);
      await staking.connect(provider).setAvailable(false);
      await expect(lora.connect(provider).claimJob(1n)).to.be.revertedWithCustomError(lora, "NotEligibleProvider").withArgs(provider.address);
    });

    it("a claimed job expires after its deadline: refund to the creator, failure recorded", async function () {
      const { lora, staking, provider, creator, other } = await networkHelpers.loadFixture(claimedFixture);
      const deadline = (await lora.getJob(1n)).deadline;
      await expect(lora.expireJob(1n)).to.be.revertedWithCustomError(lora, "JobNotExpired").withArgs(1n, deadline);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(lora.connect(provider).submitResult(1n, result("late")))
        .to.be.revertedWithCustomError(lora, "JobDeadlinePassed")
        .withArgs(1n, deadline);
      const tx = lora.connect(other).expireJob(1n);
      await expect(tx).to.emit(lora, "JobExpired").withArgs(1n, provider.address);
      await expect(tx).to.emit(lora, "RefundCredited").withArgs(creator.address, 1n, JOB_FEE);
      await expect(tx).to.emit(staking, "JobRecorded").withArgs(provider.address, false, 0, 1);
      expect((await lora.getJob(1n)).status).to.equal(BigInt(JobStatus.Expired));
      await expect(lora.expireJob(1n)).to.be.revertedWithCustomError(lora, "InvalidJobStatus").withArgs(1n, JobStatus.Expired);
    });
  });

  describe("submitResult", function () {
    it("registers the adapter as a model derived from the base, owned by the creator, pays its pin and the provider", async function () {
      const { lora, registry, splitter, staking, model, artifact, provider, creator } = await networkHelpers.loadFixture(claimedFixture);
      const r = result("a");
      expect(await lora.connect(provider).submitResult.staticCall(1n, r)).to.equal(2n);
      const tx = lora.connect(provider).submitResult(1n, r);
      await expect(tx).to.emit(lora, "JobCompleted").withArgs(1n, provider.address, 2n, r.modelHash, r.cid, r.metric, JOB_FEE, PIN_COST);
      await expect(tx)
        .to.emit(artifact, "PinRequested")
        .withArgs(keccak256(toUtf8Bytes(r.cid)), await registry.getAddress(), r.cid, AI_SETTINGS.pinReplicas, PIN_COST);
      await expect(tx).to.changeEtherBalances(ethers, [lora, artifact, registry], [-JOB_FEE, PIN_COST, 0n]);
      await expect(tx).to.emit(lora, "AdapterRegistered").withArgs(2n, 1n, 1n, AI_SETTINGS.royaltyBps);
      await expect(tx).to.emit(registry, "ModelRegistered");
      await expect(tx).to.emit(model, "MockModelRegistered").withArgs(r.modelHash, await registry.getAddress(), r.cid);
      await expect(tx)
        .to.emit(splitter, "FeeSplit")
        .withArgs(await lora.getAddress(), provider.address, JOB_FEE - PIN_COST, ...split(JOB_FEE - PIN_COST));
      await expect(tx).to.emit(staking, "JobRecorded").withArgs(provider.address, true, 1, 0);
      const adapter = await registry.getModel(2n);
      expect(adapter.owner).to.equal(creator.address);
      expect(adapter.parents).to.deep.equal([1n]);
      expect(adapter.spec.name).to.equal("model-base+lora-1");
      expect(adapter.spec.version).to.equal("lora-1");
      expect(adapter.spec.price).to.equal(BASE.price);
      expect(adapter.spec.modelHash).to.equal(r.modelHash);
      const job = await lora.getJob(1n);
      expect([job.status, job.adapterModelId, job.metric]).to.deep.equal([BigInt(JobStatus.Completed), 2n, r.metric]);
      expect(await lora.adapterOf(2n)).to.deep.equal([1n, 1n, BigInt(AI_SETTINGS.royaltyBps)]);
      expect(await lora.totalEscrowed()).to.equal(0n);
    });

    it("reverts with NotJobParty, InvalidResult, InvalidJobStatus and the registry's ModelHashTaken", async function () {
      const { lora, registry, provider, other } = await networkHelpers.loadFixture(claimedFixture);
      await expect(lora.connect(other).submitResult(1n, result("a"))).to.be.revertedWithCustomError(lora, "NotJobParty").withArgs(1n, other.address);
      await expect(lora.connect(provider).submitResult(1n, { ...result("a"), cid: "" })).to.be.revertedWithCustomError(lora, "InvalidResult");
      await expect(lora.connect(provider).submitResult(1n, { ...result("a"), modelHash: ZeroHash })).to.be.revertedWithCustomError(lora, "InvalidResult");
      await expect(lora.connect(provider).submitResult(1n, { ...result("a"), modelHash: BASE.modelHash })).to.be.revertedWithCustomError(
        registry,
        "ModelHashTaken",
      );
      await expect(lora.connect(provider).submitResult(2n, result("a"))).to.be.revertedWithCustomError(lora, "InvalidJobStatus").withArgs(2n, JobStatus.None);
    });

    it("cannot take a result once the pin fee reaches the job fee; the job then expires with a full refund", async function () {
      const { lora, artifact, provider, creator } = await networkHelpers.loadFixture(claimedFixture);
      const pinFee = JOB_FEE / BigInt(AI_SETTINGS.pinReplicas) + 1n; // pinCost just above the job fee
      await artifact.setPinFee(pinFee);
      await expect(lora.connect(provider).submitResult(1n, result("a")))
        .to.be.revertedWithCustomError(lora, "JobFeeTooLow")
        .withArgs(JOB_FEE, pinFee * BigInt(AI_SETTINGS.pinReplicas));
      await networkHelpers.time.increaseTo((await lora.getJob(1n)).deadline + 1n);
      await expect(lora.expireJob(1n)).to.emit(lora, "RefundCredited").withArgs(creator.address, 1n, JOB_FEE);
      expect(await ethers.provider.getBalance(await lora.getAddress())).to.equal(await lora.totalRefundsOwed());
    });
  });

  describe("inferWithLoRA", function () {
    it("runs the adapter, pays the royalty to its owner and the rest to the base owner, and emits the output", async function () {
      const { lora, splitter, model, creator, baseOwner, other } = await networkHelpers.loadFixture(adaptersFixture);
      const price = BASE.price;
      const royalty = (price * BigInt(AI_SETTINGS.royaltyBps)) / 10_000n;
      const output = abi.encode(["uint256"], [await model.expectedOutput(result("a").modelHash, INPUT)]);
      expect(await lora.connect(other).inferWithLoRA.staticCall(2n, INPUT, { value: price })).to.equal(output);
      const tx = lora.connect(other).inferWithLoRA(2n, INPUT, { value: price + 1n });
      await expect(tx).to.emit(lora, "LoRAInference").withArgs(2n, other.address, price, royalty, keccak256(INPUT), output);
      await expect(tx).to.emit(splitter, "FeeSplit").withArgs(await lora.getAddress(), creator.address, royalty, ...split(royalty));
      const rest = price - royalty;
      await expect(tx).to.emit(splitter, "FeeSplit").withArgs(await lora.getAddress(), baseOwner.address, rest, ...split(rest));
      await expect(tx).to.emit(lora, "RefundCredited").withArgs(other.address, 0n, 1n);
      await expect(tx).to.changeEtherBalance(ethers, lora, 1n);
    });

    it("a royalty of 0 or 10,000 bps pays only one party; a free adapter pays nobody", async function () {
      const f = await networkHelpers.loadFixture(claimedFixture);
      await f.lora.connect(f.admin).setRoyaltyBps(10_000);
      await f.lora.connect(f.provider).submitResult(1n, result("all"));
      await expect(f.lora.connect(f.other).inferWithLoRA(2n, INPUT, { value: BASE.price }))
        .to.emit(f.splitter, "FeeSplit")
        .withArgs(await f.lora.getAddress(), f.creator.address, BASE.price, ...split(BASE.price));
      await f.registry.connect(f.creator).setPrice(2n, 0n);
      await expect(f.lora.connect(f.other).inferWithLoRA(2n, INPUT)).to.emit(f.lora, "LoRAInference").and.not.to.emit(f.splitter, "FeeSplit");
    });

    it("reverts with EmptyInput, NotAnAdapter, ModelNotAllowed and InsufficientPayment", async function () {
      const { lora, registry, creator, other } = await networkHelpers.loadFixture(adaptersFixture);
      await expect(lora.connect(other).inferWithLoRA(2n, "0x", { value: BASE.price })).to.be.revertedWithCustomError(lora, "EmptyInput");
      await expect(lora.connect(other).inferWithLoRA(1n, INPUT, { value: BASE.price })).to.be.revertedWithCustomError(lora, "NotAnAdapter").withArgs(1n);
      await expect(lora.connect(other).inferWithLoRA(2n, INPUT, { value: 1n }))
        .to.be.revertedWithCustomError(lora, "InsufficientPayment")
        .withArgs(1n, BASE.price);
      await registry.connect(creator).setAccessPolicy(2n, Policy.Private);
      await expect(lora.connect(other).inferWithLoRA(2n, INPUT, { value: BASE.price }))
        .to.be.revertedWithCustomError(lora, "ModelNotAllowed")
        .withArgs(2n, other.address);
    });
  });

  describe("mergeAdapters", function () {
    it("registers the merge of two adapters of one base as an adapter derived from both, paying its pin", async function () {
      const { lora, registry, artifact, creator } = await networkHelpers.loadFixture(adaptersFixture);
      const tx = lora.connect(creator).mergeAdapters(2n, 3n, "bafy-merged", id("merged"), 8_192n, { value: PIN_COST });
      await expect(tx).to.changeEtherBalances(ethers, [creator, lora, artifact], [-PIN_COST, 0n, PIN_COST]);
      await expect(tx).to.emit(lora, "AdaptersMerged").withArgs(4n, 2n, 3n, creator.address);
      await expect(tx).to.emit(lora, "AdapterRegistered").withArgs(4n, 1n, 0n, AI_SETTINGS.royaltyBps);
      const merged = await registry.getModel(4n);
      expect(merged.parents).to.deep.equal([2n, 3n]);
      expect(merged.owner).to.equal(creator.address);
      expect(merged.spec.version).to.equal("merge-2-3");
      expect(await lora.adapterOf(4n)).to.deep.equal([1n, 0n, BigInt(AI_SETTINGS.royaltyBps)]);
      await expect(lora.connect(creator).inferWithLoRA(4n, INPUT, { value: BASE.price })).to.emit(lora, "LoRAInference");
    });

    it("reverts with SameAdapter, NotAnAdapter, DifferentBases, NotModelOwner, InvalidResult and a wrong pin payment", async function () {
      const f = await networkHelpers.loadFixture(adaptersFixture);
      const c = f.lora.connect(f.creator);
      for (const value of [0n, PIN_COST + 1n]) {
        await expect(c.mergeAdapters(2n, 3n, "c", id("m"), 1n, { value }))
          .to.be.revertedWithCustomError(f.registry, "WrongRegistrationPayment")
          .withArgs(value, 0n, PIN_COST);
      }
      await expect(c.mergeAdapters(2n, 2n, "c", id("m"), 1n)).to.be.revertedWithCustomError(f.lora, "SameAdapter").withArgs(2n);
      await expect(c.mergeAdapters(2n, 1n, "c", id("m"), 1n)).to.be.revertedWithCustomError(f.lora, "NotAnAdapter").withArgs(1n);
      await expect(f.lora.connect(f.other).mergeAdapters(2n, 3n, "c", id("m"), 1n))
        .to.be.revertedWithCustomError(f.lora, "NotModelOwner")
        .withArgs(2n, f.other.address);
      await expect(c.mergeAdapters(2n, 3n, "", id("m"), 1n)).to.be.revertedWithCustomError(f.lora, "InvalidResult");
      await expect(c.mergeAdapters(2n, 3n, "c", ZeroHash, 1n)).to.be.revertedWithCustomError(f.lora, "InvalidResult");
      // an adapter of another base
      await f.registry.connect(f.baseOwner).registerModel(modelSpec("base2"), { value: COST });
      await f.lora.connect(f.creator).createJob(4n, "d", 2, 1, { value: PIN_COST + 1n });
      await f.lora.connect(f.provider).claimJob(3n);
      await f.lora.connect(f.provider).submitResult(3n, result("c"));
      await expect(c.mergeAdapters(2n, 5n, "c", id("m"), 1n)).to.be.revertedWithCustomError(f.lora, "DifferentBases").withArgs(1n, 4n);
    });
  });

  describe("owner settings", function () {
    it("setRoyaltyBps and setJobTimeout: owner only, bounded, with events; renounceOwnership disabled", async function () {
      const { lora, admin, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(lora.connect(admin).setRoyaltyBps(2_500)).to.emit(lora, "RoyaltyChanged").withArgs(AI_SETTINGS.royaltyBps, 2_500);
      await expect(lora.connect(admin).setJobTimeout(60n)).to.emit(lora, "JobTimeoutChanged").withArgs(AI_SETTINGS.jobTimeout, 60n);
      await expect(lora.connect(admin).setRoyaltyBps(10_001)).to.be.revertedWithCustomError(lora, "InvalidBps").withArgs(10_001n);
      await expect(lora.connect(admin).setJobTimeout(0n)).to.be.revertedWithCustomError(lora, "ZeroTimeout");
      await expect(lora.connect(other).setRoyaltyBps(1)).to.be.revertedWithCustomError(lora, "OwnableUnauthorizedAccount").withArgs(other.address);
      await expect(lora.connect(other).setJobTimeout(1n)).to.be.revertedWithCustomError(lora, "OwnableUnauthorizedAccount");
      await expect(lora.connect(admin).renounceOwnership()).to.be.revertedWithCustomError(lora, "OwnershipCannotBeRenounced");
    });
  });
});
