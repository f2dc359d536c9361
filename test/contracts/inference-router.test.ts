import { expect } from "chai";
import { AbiCoder, hexlify, id, keccak256, parseEther, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import { InferenceRouter__factory, TestProxy__factory } from "../../types/ethers-contracts/index.js";
import { AI_SETTINGS, PIN_COST, Policy, Status, deployAISuite, modelSpec } from "./support/ai-suite.js";
import { erc7201Slot } from "./support/protocol-suite.js";
import { devChainHelpers } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

const abi = AbiCoder.defaultAbiCoder();
/** registerModel value: the registration fee (1 LAT on the dev chain) plus the pin fee. */
const COST = parseEther("1") + PIN_COST;
const PER_CAPACITY = parseEther("100");
const PRICE = 10_000n;
const TIMEOUT = 300n;
const WINDOW = 600n;
const SPEC = modelSpec("router", { price: PRICE });
const HASH = SPEC.modelHash;
const INPUT = hexlify(toUtf8Bytes("tensor-input"));

describe("InferenceRouter", function () {
  async function deployFixture() {
    const [deployer, admin, modelOwner, requester, p1, p2, challenger, other] = await ethers.getSigners();
    const suite = await deployAISuite(deployer, admin);
    await suite.registry.connect(modelOwner).registerModel(SPEC, { value: COST });
    await suite.staking.connect(p1).register("p1", 1, [HASH], { value: PER_CAPACITY });
    return { ...suite, deployer, admin, modelOwner, requester, p1, p2, challenger, other };
  }

  type Fixture = Awaited<ReturnType<typeof deployFixture>>;

  /** One request assigned to p1 (the only provider). */
  async function requestedFixture() {
    const fixture = await deployFixture();
    await fixture.router.connect(fixture.requester).requestInference(HASH, INPUT, { value: PRICE });
    return fixture;
  }

  async function correctOutput(f: Fixture, input = INPUT): Promise<string> {
    return abi.encode(["uint256"], [await f.model.expectedOutput(HASH, input)]);
  }

  async function submittedFixture() {
    const fixture = await requestedFixture();
    await fixture.router.connect(fixture.p1).submitResult(1n, await correctOutput(fixture));
    return fixture;
  }

  async function wrongSubmittedFixture() {
    const fixture = await requestedFixture();
    const expected = await fixture.model.expectedOutput(HASH, INPUT);
    await fixture.router.connect(fixture.p1).submitResult(1n, abi.encode(["uint256"], [expected * 2n + 1n]));
    return fixture;
  }

  describe("initialize", function () {
    it("calls the MODEL precompile its implementation was built with, and refuses a zero one", async function () {
      const { router, model, implementations, deployer } = await networkHelpers.loadFixture(deployFixture);
      expect(await router.modelPrecompile()).to.equal(await model.getAddress());
      await expect(new InferenceRouter__factory(deployer).deploy(ZeroAddress)).to.be.revertedWithCustomError(implementations.router, "ZeroModelPrecompile");
    });

    it("wires its contracts and settings and keeps state in its ERC-7201 namespace", async function () {
      const { router, params, registry, staking, splitter, admin } = await networkHelpers.loadFixture(deployFixture);
      expect(await router.protocolParams()).to.equal(await params.getAddress());
      expect(await router.registry()).to.equal(await registry.getAddress());
      expect(await router.staking()).to.equal(await staking.getAddress());
      expect(await router.feeSplitter()).to.equal(await splitter.getAddress());
      expect(await router.toleranceBps()).to.equal(AI_SETTINGS.toleranceBps);
      expect(await router.challengerRewardBps()).to.equal(AI_SETTINGS.challengerRewardBps);
      expect(await router.owner()).to.equal(admin.address);
      expect(await router.REASON_TIMEOUT()).to.equal(id("citrate.slash.timeout"));
      expect(await router.REASON_WRONG_RESULT()).to.equal(id("citrate.slash.wrongResult"));
      const slot = erc7201Slot("citrate.storage.InferenceRouter");
      expect(slot).to.equal(0x4377a0d28dc081d58aedfc59861795738e7b21a5d32c9c4a84e3e8c419418100n);
      expect(BigInt(await ethers.provider.getStorage(await router.getAddress(), slot))).to.equal(BigInt(await params.getAddress()));
    });

    it("emits its initialisation events; rejects zero addresses, bad shares and a second initialisation", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const implementation = f.implementations.router;
      const addresses = [await f.params.getAddress(), await f.registry.getAddress(), await f.staking.getAddress(), await f.splitter.getAddress()];
      const deploy = (args: readonly [string, string, string, string, string, number, number]) =>
        new TestProxy__factory(f.deployer).deploy(implementation.getAddress(), implementation.interface.encodeFunctionData("initialize", [...args]));
      const proxy = await deploy([f.admin.address, addresses[0], addresses[1], addresses[2], addresses[3], 7, 8]);
      const attached = f.router.attach(await proxy.getAddress());
      await expect(proxy.deploymentTransaction()).to.emit(attached, "InferenceRouterInitialized").withArgs(...addresses);
      await expect(proxy.deploymentTransaction()).to.emit(attached, "ToleranceChanged").withArgs(0, 7);
      await expect(proxy.deploymentTransaction()).to.emit(attached, "ChallengerRewardChanged").withArgs(0, 8);
      for (let i = 0; i < 4; i++) {
        const bad = [...addresses];
        bad[i] = ZeroAddress;
        await expect(deploy([f.admin.address, bad[0], bad[1], bad[2], bad[3], 0, 0])).to.be.revertedWithCustomError(implementation, "ZeroAddress");
      }
      await expect(deploy([f.admin.address, addresses[0], addresses[1], addresses[2], addresses[3], 10_001, 0]))
        .to.be.revertedWithCustomError(implementation, "InvalidBps")
        .withArgs(10_001n);
      await expect(deploy([f.admin.address, addresses[0], addresses[1], addresses[2], addresses[3], 0, 10_001]))
        .to.be.revertedWithCustomError(implementation, "InvalidBps")
        .withArgs(10_001n);
      await expect(f.router.initialize(f.admin.address, addresses[0], addresses[1], addresses[2], addresses[3], 0, 0)).to.be.revertedWithCustomError(
        f.router,
        "InvalidInitialization",
      );
      await expect(implementation.initialize(f.admin.address, addresses[0], addresses[1], addresses[2], addresses[3], 0, 0)).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
    });
  });

  describe("requestInference", function () {
    it("escrows the price, assigns the provider, credits the excess and emits InferenceRequested", async function () {
      const { router, requester, p1 } = await networkHelpers.loadFixture(deployFixture);
      const tx = router.connect(requester).requestInference(HASH, INPUT, { value: PRICE + 7n });
      await expect(tx)
        .to.emit(router, "InferenceRequested")
        .withArgs(1n, HASH, p1.address, requester.address, 1n, PRICE, keccak256(INPUT), INPUT, "", (deadline: bigint) => deadline > 0n);
      await expect(tx).to.emit(router, "RefundCredited").withArgs(requester.address, 1n, 7n);
      await expect(tx).to.changeEtherBalances(ethers, [requester, router], [-(PRICE + 7n), PRICE + 7n]);
      const receipt = await (await tx).wait();
      const block = await ethers.provider.getBlock(receipt!.blockNumber);
      const request = await router.getRequest(1n);
      expect(request.requester).to.equal(requester.address);
      expect(request.provider).to.equal(p1.address);
      expect(request.status).to.equal(BigInt(Status.Assigned));
      expect(request.resultDeadline).to.equal(BigInt(block!.timestamp) + TIMEOUT);
      expect(request.fee).to.equal(PRICE);
      expect(request.modelId).to.equal(1n);
      expect(request.inputHash).to.equal(keccak256(INPUT));
      expect(await router.requestCount()).to.equal(1n);
      expect(await router.assignedRequestsOf(p1.address)).to.deep.equal([1n]);
      expect(await router.assignedCountOf(p1.address)).to.equal(1n);
      expect(await router.totalEscrowed()).to.equal(PRICE);
      expect(await router.refundOf(requester.address)).to.equal(7n);
      expect(await router.totalRefundsOwed()).to.equal(7n);
      const ledgerSlot = erc7201Slot("citrate.storage.RefundLedger");
      expect(ledgerSlot).to.equal(0xfb99b94d316b750fb07648e623628f197a11e9761400e4476bd1ac37fae93a00n);
      expect(BigInt(await ethers.provider.getStorage(await router.getAddress(), ledgerSlot))).to.equal(7n);
    });

    it("requestInferenceByCid records the input hash and CID", async function () {
      const { router, requester, p1 } = await networkHelpers.loadFixture(deployFixture);
      const inputHash = keccak256(INPUT);
      await expect(router.connect(requester).requestInferenceByCid(HASH, "bafy-input", inputHash, { value: PRICE }))
        .to.emit(router, "InferenceRequested")
        .withArgs(1n, HASH, p1.address, requester.address, 1n, PRICE, inputHash, "0x", "bafy-input", (d: bigint) => d > 0n);
      await expect(router.connect(requester).requestInferenceByCid(HASH, "", inputHash, { value: PRICE })).to.be.revertedWithCustomError(router, "EmptyData");
      await expect(router.connect(requester).requestInferenceByCid(HASH, "bafy", ZeroHash, { value: PRICE })).to.be.revertedWithCustomError(router, "EmptyData");
    });

    it("reverts with EmptyData, UnknownModel, ModelNotAllowed and InsufficientPayment", async function () {
      const { router, registry, modelOwner, requester } = await networkHelpers.loadFixture(deployFixture);
      const r = router.connect(requester);
      await expect(r.requestInference(HASH, "0x", { value: PRICE })).to.be.revertedWithCustomError(router, "EmptyData");
      await expect(r.requestInference(id("nope"), INPUT, { value: PRICE })).to.be.revertedWithCustomError(router, "UnknownModel").withArgs(id("nope"));
      await expect(r.requestInference(HASH, INPUT, { value: PRICE - 1n }))
        .to.be.revertedWithCustomError(router, "InsufficientPayment")
        .withArgs(PRICE - 1n, PRICE);
      await registry.connect(modelOwner).setAccessPolicy(1n, Policy.Private);
      await expect(r.requestInference(HASH, INPUT, { value: PRICE }))
        .to.be.revertedWithCustomError(router, "ModelNotAllowed")
        .withArgs(HASH, requester.address);
      await registry.connect(modelOwner).setAccessPolicy(1n, Policy.Public);
      await registry.connect(modelOwner).setActive(1n, false);
      await expect(r.requestInference(HASH, INPUT, { value: PRICE })).to.be.revertedWithCustomError(router, "ModelNotAllowed");
    });

    it("respects capacity: a full provider gets no more assignments until it answers (NoProviderAvailable)", async function () {
      const f = await networkHelpers.loadFixture(requestedFixture);
      await expect(f.router.connect(f.requester).requestInference(HASH, INPUT, { value: PRICE }))
        .to.be.revertedWithCustomError(f.router, "NoProviderAvailable")
        .withArgs(HASH);
      await f.staking.connect(f.p2).register("p2", 1, [HASH], { value: PER_CAPACITY });
      await expect(f.router.connect(f.requester).requestInference(HASH, INPUT, { value: PRICE }))
        .to.emit(f.router, "InferenceRequested")
        .withArgs(2n, HASH, f.p2.address, f.requester.address, 1n, PRICE, keccak256(INPUT), INPUT, "", (d: bigint) => d > 0n);
      await f.router.connect(f.p1).submitResult(1n, await correctOutput(f));
      expect(await f.router.assignedRequestsOf(f.p1.address)).to.deep.equal([]);
      await expect(f.router.connect(f.requester).requestInference(HASH, INPUT, { value: PRICE })).to.emit(f.router, "InferenceRequested");
    });

    it("skips a provider that switched itself unavailable (eligibility: see ProviderStaking.candidates)", async function () {
      const { router, staking, requester, p1 } = await networkHelpers.loadFixture(deployFixture);
      await staking.connect(p1).setAvailable(false);
      await expect(router.connect(requester).requestInference(HASH, INPUT, { value: PRICE })).to.be.revertedWithCustomError(router, "NoProviderAvailable");
    });

    it("draws the provider by stake × reputation weight, seeded by prevrandao and the request id", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await f.staking.connect(f.p1).setCapacity(1);
      await f.staking.connect(f.p1).addStake({ value: 50n * PER_CAPACITY });
      await f.staking.connect(f.p1).setCapacity(40);
      await f.staking.connect(f.p2).register("p2", 40, [HASH], { value: 50n * PER_CAPACITY });
      const counts = new Map<string, number>();
      for (let i = 1n; i <= 30n; i++) {
        const candidates = await f.staking.candidates(HASH);
        const weights = await Promise.all(
          candidates.map(async (c) => ((await f.router.assignedCountOf(c.provider)) >= c.capacity ? 0n : c.weight)),
        );
        const tx = await f.router.connect(f.requester).requestInference(HASH, INPUT, { value: PRICE });
        const block = (await ethers.provider.send("eth_getBlockByNumber", [`0x${(await tx.wait())!.blockNumber.toString(16)}`, false])) as {
          mixHash: string;
        };
        const total = weights.reduce((a, b) => a + b, 0n);
        let point = BigInt(keccak256(abi.encode(["uint256", "uint256"], [block.mixHash, i]))) % total;
        let expected = "";
        for (let k = 0; k < candidates.length; k++) {
          if (point < weights[k]) {
            expected = candidates[k].provider;
            break;
          }
          point -= weights[k];
        }
        const chosen = (await f.router.getRequest(i)).provider;
        expect(chosen).to.equal(expected);
        counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
      }
      // p1 (stake 5,100) and p2 (stake 5,000) both get work
      expect(counts.get(f.p1.address) ?? 0).to.be.greaterThan(0);
      expect(counts.get(f.p2.address) ?? 0).to.be.greaterThan(0);
    });
  });

  describe("submitResult", function () {
    it("records the output, opens the challenge window and frees the provider's capacity", async function () {
      const f = await networkHelpers.loadFixture(requestedFixture);
      const output = await correctOutput(f);
      const tx = f.router.connect(f.p1).submitResult(1n, output);
      await expect(tx).to.emit(f.router, "ResultSubmitted").withArgs(1n, f.p1.address, keccak256(output), output, "", (d: bigint) => d > 0n);
      const block = await ethers.provider.getBlock((await (await tx).wait())!.blockNumber);
      const request = await f.router.getRequest(1n);
      expect(request.status).to.equal(BigInt(Status.Submitted));
      expect(request.outputHash).to.equal(keccak256(output));
      expect(request.challengeDeadline).to.equal(BigInt(block!.timestamp) + WINDOW);
      expect(await f.router.assignedCountOf(f.p1.address)).to.equal(0n);
    });

    it("submitResultCid records the CID and the hash", async function () {
      const f = await networkHelpers.loadFixture(requestedFixture);
      const h = id("out");
      await expect(f.router.connect(f.p1).submitResultCid(1n, "bafy-out", h))
        .to.emit(f.router, "ResultSubmitted")
        .withArgs(1n, f.p1.address, h, "0x", "bafy-out", (d: bigint) => d > 0n);
    });

    it("reverts with EmptyData, NotAssignedProvider, ResultDeadlinePassed and InvalidRequestStatus", async function () {
      const f = await networkHelpers.loadFixture(requestedFixture);
      const output = await correctOutput(f);
      await expect(f.router.connect(f.p1).submitResult(1n, "0x")).to.be.revertedWithCustomError(f.router, "EmptyData");
      await expect(f.router.connect(f.p1).submitResultCid(1n, "", id("x"))).to.be.revertedWithCustomError(f.router, "EmptyData");
      await expect(f.router.connect(f.p1).submitResultCid(1n, "bafy", ZeroHash)).to.be.revertedWithCustomError(f.router, "EmptyData");
      await expect(f.router.connect(f.other).submitResult(1n, output))
        .to.be.revertedWithCustomError(f.router, "NotAssignedProvider")
        .withArgs(1n, f.other.address);
      await expect(f.router.connect(f.p1).submitResult(2n, output))
        .to.be.revertedWithCustomError(f.router, "InvalidRequestStatus")
        .withArgs(2n, Status.None);
      const deadline = (await f.router.getRequest(1n)).resultDeadline;
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(f.router.connect(f.p1).submitResult(1n, output))
        .to.be.revertedWithCustomError(f.router, "ResultDeadlinePassed")
        .withArgs(1n, deadline);
    });
  });

  describe("finalize", function () {
    it("after the window pays the fee through the FeeSplitter for the provider and records the job", async function () {
      const f = await networkHelpers.loadFixture(submittedFixture);
      const deadline = (await f.router.getRequest(1n)).challengeDeadline;
      await expect(f.router.finalize(1n)).to.be.revertedWithCustomError(f.router, "ChallengeWindowOpen").withArgs(1n, deadline);
      await networkHelpers.time.increaseTo(deadline);
      const tx = f.router.connect(f.other).finalize(1n);
      await expect(tx).to.emit(f.router, "RequestFinalized").withArgs(1n, f.p1.address, PRICE);
      await expect(tx)
        .to.emit(f.splitter, "FeeSplit")
        .withArgs(await f.router.getAddress(), f.p1.address, PRICE, 8_000n, 1_500n, 500n);
      await expect(tx).to.emit(f.staking, "JobRecorded").withArgs(f.p1.address, true, 1, 0);
      await expect(tx).to.changeEtherBalance(ethers, f.router, -PRICE);
      expect((await f.router.getRequest(1n)).status).to.equal(BigInt(Status.Finalized));
      expect(await f.router.totalEscrowed()).to.equal(0n);
      expect(await f.splitter.withdrawable(f.p1.address)).to.equal(8_000n);
      await expect(f.router.finalize(1n)).to.be.revertedWithCustomError(f.router, "InvalidRequestStatus").withArgs(1n, Status.Finalized);
    });

    it("a free model settles without a fee payment", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await f.registry.connect(f.modelOwner).setPrice(1n, 0n);
      await f.router.connect(f.requester).requestInference(HASH, INPUT);
      await f.router.connect(f.p1).submitResult(1n, await correctOutput(f));
      await networkHelpers.time.increase(WINDOW);
      await expect(f.router.finalize(1n)).to.emit(f.router, "RequestFinalized").withArgs(1n, f.p1.address, 0n).and.not.to.emit(f.splitter, "FeeSplit");
    });
  });

  describe("challenge", function () {
    it("overturns a wrong result: slashes the provider, rewards the challenger, refunds the requester", async function () {
      const f = await networkHelpers.loadFixture(wrongSubmittedFixture);
      const claimed = abi.encode(["uint256"], [(await f.model.expectedOutput(HASH, INPUT)) * 2n + 1n]);
      const slashed = (PER_CAPACITY * 2_000n) / 10_000n;
      const reward = slashed / 2n;
      expect(await f.router.connect(f.challenger).challenge.staticCall(1n, INPUT, claimed)).to.equal(true);
      const tx = f.router.connect(f.challenger).challenge(1n, INPUT, claimed);
      await expect(tx).to.emit(f.router, "ResultOverturned").withArgs(1n, f.challenger.address, slashed, reward);
      await expect(tx).to.emit(f.router, "RefundCredited").withArgs(f.requester.address, 1n, PRICE);
      await expect(tx)
        .to.emit(f.staking, "Slashed")
        .withArgs(f.p1.address, await f.router.getAddress(), id("citrate.slash.wrongResult"), slashed, slashed, f.challenger.address, reward);
      await expect(tx).to.emit(f.staking, "JobRecorded").withArgs(f.p1.address, false, 0, 1);
      await expect(tx).to.changeEtherBalance(ethers, f.treasury, slashed - reward);
      expect((await f.router.getRequest(1n)).status).to.equal(BigInt(Status.Overturned));
      expect(await f.router.refundOf(f.requester.address)).to.equal(PRICE);
      expect(await f.staking.rewardOf(f.challenger.address)).to.equal(reward);
      expect((await f.staking.getProvider(f.p1.address)).jailed).to.equal(true);
      await expect(f.router.connect(f.requester).withdrawRefund(f.requester.address)).to.changeEtherBalance(ethers, f.requester, PRICE);
    });

    it("a correct result (within the tolerance) rejects the challenge and settles at once", async function () {
      const f = await networkHelpers.loadFixture(requestedFixture);
      const expected = await f.model.expectedOutput(HASH, INPUT);
      const close = abi.encode(["uint256"], [expected + (expected * 99n) / 10_000n]);
      await f.router.connect(f.p1).submitResult(1n, close);
      expect(await f.router.connect(f.challenger).challenge.staticCall(1n, INPUT, close)).to.equal(false);
      const tx = f.router.connect(f.challenger).challenge(1n, INPUT, close);
      await expect(tx).to.emit(f.router, "ChallengeRejected").withArgs(1n, f.challenger.address);
      await expect(tx).to.emit(f.router, "RequestFinalized").withArgs(1n, f.p1.address, PRICE);
      expect((await f.router.getRequest(1n)).status).to.equal(BigInt(Status.Finalized));
    });

    it("a result by CID is challenged with the bytes behind its hash", async function () {
      const f = await networkHelpers.loadFixture(requestedFixture);
      const wrong = abi.encode(["uint256"], [1n]);
      await f.router.connect(f.p1).submitResultCid(1n, "bafy-out", keccak256(wrong));
      await expect(f.router.connect(f.challenger).challenge(1n, INPUT, wrong)).to.emit(f.router, "ResultOverturned");
    });

    it("reverts with HashMismatch, ChallengeWindowClosed and InvalidRequestStatus; bubbles up the precompile", async function () {
      const f = await networkHelpers.loadFixture(submittedFixture);
      const output = await correctOutput(f);
      const c = f.router.connect(f.challenger);
      await expect(c.challenge(1n, "0x01", output)).to.be.revertedWithCustomError(f.router, "HashMismatch").withArgs(keccak256(INPUT), keccak256("0x01"));
      await expect(c.challenge(1n, INPUT, "0x01")).to.be.revertedWithCustomError(f.router, "HashMismatch").withArgs(keccak256(output), keccak256("0x01"));
      await expect(c.challenge(2n, INPUT, output)).to.be.revertedWithCustomError(f.router, "InvalidRequestStatus").withArgs(2n, Status.None);
      const deadline = (await f.router.getRequest(1n)).challengeDeadline;
      await networkHelpers.time.increaseTo(deadline);
      await expect(c.challenge(1n, INPUT, output)).to.be.revertedWithCustomError(f.router, "ChallengeWindowClosed").withArgs(1n, deadline);
    });
  });

  describe("expire", function () {
    it("after the timeout refunds the requester, slashes the provider to the Treasury and records the failure", async function () {
      const f = await networkHelpers.loadFixture(requestedFixture);
      const deadline = (await f.router.getRequest(1n)).resultDeadline;
      await expect(f.router.expire(1n)).to.be.revertedWithCustomError(f.router, "NotExpired").withArgs(1n, deadline);
      await networkHelpers.time.increaseTo(deadline + 1n);
      const slashed = (PER_CAPACITY * 500n) / 10_000n;
      const tx = f.router.connect(f.other).expire(1n);
      await expect(tx).to.emit(f.router, "RequestExpired").withArgs(1n, f.p1.address, slashed);
      await expect(tx).to.emit(f.router, "RefundCredited").withArgs(f.requester.address, 1n, PRICE);
      await expect(tx)
        .to.emit(f.staking, "Slashed")
        .withArgs(f.p1.address, await f.router.getAddress(), id("citrate.slash.timeout"), slashed, slashed, ZeroAddress, 0n);
      await expect(tx).to.changeEtherBalance(ethers, f.treasury, slashed);
      expect((await f.router.getRequest(1n)).status).to.equal(BigInt(Status.Expired));
      expect(await f.router.assignedRequestsOf(f.p1.address)).to.deep.equal([]);
      expect(await f.router.totalEscrowed()).to.equal(0n);
      expect(await f.router.totalRefundsOwed()).to.equal(PRICE);
      await expect(f.router.expire(1n)).to.be.revertedWithCustomError(f.router, "InvalidRequestStatus").withArgs(1n, Status.Expired);
    });
  });

  describe("withdrawRefund", function () {
    it("pays out once; reverts with ZeroAddress and NothingToWithdraw", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await f.router.connect(f.requester).requestInference(HASH, INPUT, { value: PRICE + 5n });
      await expect(f.router.connect(f.requester).withdrawRefund(ZeroAddress)).to.be.revertedWithCustomError(f.router, "ZeroAddress");
      const tx = f.router.connect(f.requester).withdrawRefund(f.other.address);
      await expect(tx).to.emit(f.router, "RefundWithdrawn").withArgs(f.requester.address, f.other.address, 5n);
      await expect(tx).to.changeEtherBalances(ethers, [f.router, f.other], [-5n, 5n]);
      await expect(f.router.connect(f.requester).withdrawRefund(f.requester.address))
        .to.be.revertedWithCustomError(f.router, "NothingToWithdraw")
        .withArgs(f.requester.address);
    });
  });

  describe("inferNow", function () {
    it("runs the model in the transaction, returns and emits the output, pays the model owner's split", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const output = await correctOutput(f);
      expect(await f.router.connect(f.requester).inferNow.staticCall(HASH, INPUT, { value: PRICE })).to.equal(output);
      const tx = f.router.connect(f.requester).inferNow(HASH, INPUT, { value: PRICE + 3n });
      await expect(tx).to.emit(f.router, "InferenceExecuted").withArgs(HASH, f.requester.address, f.modelOwner.address, PRICE, keccak256(INPUT), output);
      await expect(tx).to.emit(f.splitter, "FeeSplit").withArgs(await f.router.getAddress(), f.modelOwner.address, PRICE, 8_000n, 1_500n, 500n);
      await expect(tx).to.emit(f.router, "RefundCredited").withArgs(f.requester.address, 0n, 3n);
      await expect(tx).to.changeEtherBalance(ethers, f.router, 3n);
    });

    it("a free model pays nothing; errors: EmptyData, UnknownModel, ModelNotAllowed, InsufficientPayment, precompile revert", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const r = f.router.connect(f.requester);
      await expect(r.inferNow(HASH, "0x", { value: PRICE })).to.be.revertedWithCustomError(f.router, "EmptyData");
      await expect(r.inferNow(id("x"), INPUT, { value: PRICE })).to.be.revertedWithCustomError(f.router, "UnknownModel");
      await expect(r.inferNow(HASH, INPUT, { value: 1n })).to.be.revertedWithCustomError(f.router, "InsufficientPayment").withArgs(1n, PRICE);
      await f.registry.connect(f.modelOwner).setAccessPolicy(1n, Policy.AllowList);
      await expect(r.inferNow(HASH, INPUT, { value: PRICE })).to.be.revertedWithCustomError(f.router, "ModelNotAllowed").withArgs(HASH, f.requester.address);
      await f.registry.connect(f.modelOwner).setAllowed(1n, [f.requester.address], true);
      await f.registry.connect(f.modelOwner).setPrice(1n, 0n);
      await expect(r.inferNow(HASH, INPUT)).to.emit(f.router, "InferenceExecuted").and.not.to.emit(f.splitter, "FeeSplit");
      // the registry knows the hash, the precompile no longer does
      await f.model.reset();
      await expect(r.inferNow(HASH, INPUT)).to.be.revertedWith("MODEL: unknown model");
    });
  });

  describe("owner settings", function () {
    it("setToleranceBps and setChallengerRewardBps: owner only, bounded, with events; renounceOwnership disabled", async function () {
      const { router, admin, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(router.connect(admin).setToleranceBps(250)).to.emit(router, "ToleranceChanged").withArgs(AI_SETTINGS.toleranceBps, 250);
      await expect(router.connect(admin).setChallengerRewardBps(0)).to.emit(router, "ChallengerRewardChanged").withArgs(AI_SETTINGS.challengerRewardBps, 0);
      await expect(router.connect(admin).setToleranceBps(10_001)).to.be.revertedWithCustomError(router, "InvalidBps").withArgs(10_001n);
      await expect(router.connect(admin).setChallengerRewardBps(10_001)).to.be.revertedWithCustomError(router, "InvalidBps").withArgs(10_001n);
      await expect(router.connect(other).setToleranceBps(1)).to.be.revertedWithCustomError(router, "OwnableUnauthorizedAccount").withArgs(other.address);
      await expect(router.connect(other).setChallengerRewardBps(1)).to.be.revertedWithCustomError(router, "OwnableUnauthorizedAccount");
      await expect(router.connect(admin).renounceOwnership()).to.be.revertedWithCustomError(router, "OwnershipCannotBeRenounced");
    });
  });

  describe("accounting", function () {
    it("the router's balance always equals escrow + refunds owed, and ends at refunds owed only", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await f.staking.connect(f.p2).register("p2", 3, [HASH], { value: 3n * PER_CAPACITY });
      const check = async () =>
        expect(await ethers.provider.getBalance(await f.router.getAddress())).to.equal((await f.router.totalEscrowed()) + (await f.router.totalRefundsOwed()));
      for (let i = 0; i < 4; i++) await f.router.connect(f.requester).requestInference(HASH, INPUT, { value: PRICE + BigInt(i) });
      await check();
      const providerOf = async (rid: bigint) => ethers.getSigner((await f.router.getRequest(rid)).provider);
      await f.router.connect(await providerOf(1n)).submitResult(1n, await correctOutput(f));
      await f.router.connect(await providerOf(2n)).submitResult(2n, abi.encode(["uint256"], [3n]));
      await f.router.connect(f.challenger).challenge(2n, INPUT, abi.encode(["uint256"], [3n]));
      await check();
      await networkHelpers.time.increase(WINDOW + TIMEOUT);
      await f.router.finalize(1n);
      await f.router.expire(3n);
      await f.router.expire(4n);
      await check();
      expect(await f.router.totalEscrowed()).to.equal(0n);
    });
  });
});
