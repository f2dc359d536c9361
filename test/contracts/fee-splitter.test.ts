import { expect } from "chai";
import { MaxUint256, parseEther, ZeroAddress, type Signer } from "ethers";
import fc from "fast-check";
import { network } from "hardhat";
import {
  CallProbe__factory,
  FeeSplitter__factory,
  MockFeeSplitSource__factory,
  TestProxy__factory,
} from "../../types/ethers-contracts/index.js";
import { TEST_EPOCH_LENGTH, deployFeeSplitter, deployProtocolParams, deployTreasury, erc7201Slot } from "./support/protocol-suite.js";
import { devChainHelpers, fuzzRuns } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

const BURN = "0x000000000000000000000000000000000000dEaD";
const BPS = 10_000n;
const L = TEST_EPOCH_LENGTH;

/** The split the contract must produce: treasury and burn rounded down, provider gets the rest. */
function expectedSplit(amount: bigint, treasuryBps: bigint, burnBps: bigint): [bigint, bigint, bigint] {
  const treasury = (amount * treasuryBps) / BPS;
  const burn = (amount * burnBps) / BPS;
  return [amount - treasury - burn, treasury, burn];
}

describe("FeeSplitter", function () {
  async function deployFixture() {
    const [deployer, governance, payer, provider, other, recipient] = await ethers.getSigners();
    const { params } = await deployProtocolParams(deployer, governance.address);
    const { treasury } = await deployTreasury(deployer, governance.address);
    const { splitter, implementation } = await deployFeeSplitter(deployer, await params.getAddress(), await treasury.getAddress());
    return { deployer, governance, payer, provider, other, recipient, params, treasury, splitter, implementation };
  }

  /** Schedules a fee split and mines to the epoch where it is in force. */
  async function setSplitNow(fixture: Awaited<ReturnType<typeof deployFixture>>, split: [bigint, bigint, bigint]) {
    await fixture.params.connect(fixture.governance).setFeeSplit(...split);
    const latest = BigInt(await ethers.provider.getBlockNumber());
    await networkHelpers.mine((latest / L + 1n) * L - latest);
    expect(await fixture.params.feeSplit()).to.deep.equal(split);
  }

  describe("initialize", function () {
    it("records ProtocolParams and the Treasury and emits FeeSplitterInitialized", async function () {
      const [deployer] = await ethers.getSigners();
      const { splitter, params, treasury, implementation } = await networkHelpers.loadFixture(deployFixture);
      expect(await splitter.protocolParams()).to.equal(await params.getAddress());
      expect(await splitter.treasury()).to.equal(await treasury.getAddress());
      expect(await splitter.BURN_ADDRESS()).to.equal(BURN);
      expect(await splitter.BPS_DENOMINATOR()).to.equal(BPS);
      // a fresh deployment, to see the event
      const data = implementation.interface.encodeFunctionData("initialize", [await params.getAddress(), await treasury.getAddress()]);
      const proxy = await new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data);
      await expect(proxy.deploymentTransaction())
        .to.emit(FeeSplitter__factory.connect(await proxy.getAddress(), deployer), "FeeSplitterInitialized")
        .withArgs(await params.getAddress(), await treasury.getAddress());
    });

    it("keeps its state in the ERC-7201 namespace citrate.storage.FeeSplitter", async function () {
      const { splitter, params } = await networkHelpers.loadFixture(deployFixture);
      const slot = erc7201Slot("citrate.storage.FeeSplitter");
      expect(slot).to.equal(0x1cc92a8bfaa627a70c7f14d1e29910f4ca013eeb88a07649857cbb7022fdda00n);
      const word = await ethers.provider.getStorage(await splitter.getAddress(), slot);
      expect(BigInt(word)).to.equal(BigInt(await params.getAddress()));
    });

    it("the implementation's initializer is disabled", async function () {
      const { implementation, params, treasury } = await networkHelpers.loadFixture(deployFixture);
      await expect(implementation.initialize(await params.getAddress(), await treasury.getAddress())).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
    });

    it("cannot be initialised twice", async function () {
      const { splitter, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(splitter.initialize(other.address, other.address)).to.be.revertedWithCustomError(splitter, "InvalidInitialization");
    });

    it("reverts with ZeroAddress for a zero ProtocolParams or Treasury", async function () {
      const { implementation, deployer, other } = await networkHelpers.loadFixture(deployFixture);
      for (const [params, treasury] of [
        [ZeroAddress, other.address],
        [other.address, ZeroAddress],
      ]) {
        const data = implementation.interface.encodeFunctionData("initialize", [params, treasury]);
        await expect(new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data)).to.be.revertedWithCustomError(
          implementation,
          "ZeroAddress",
        );
      }
    });
  });

  describe("splitFee", function () {
    it("splits 8000/1500/500: credits the provider, pays the Treasury, burns, and emits FeeSplit", async function () {
      const { splitter, treasury, payer, provider } = await networkHelpers.loadFixture(deployFixture);
      const amount = parseEther("1");
      const tx = splitter.connect(payer).splitFee(provider.address, { value: amount });
      await expect(tx)
        .to.emit(splitter, "FeeSplit")
        .withArgs(payer.address, provider.address, amount, parseEther("0.8"), parseEther("0.15"), parseEther("0.05"));
      await expect(tx).to.emit(treasury, "Deposited").withArgs(await splitter.getAddress(), parseEther("0.15"));
      await expect(tx).to.changeEtherBalances(
        ethers,
        [payer, splitter, treasury, BURN],
        [-amount, parseEther("0.8"), parseEther("0.15"), parseEther("0.05")],
      );
      expect(await splitter.withdrawable(provider.address)).to.equal(parseEther("0.8"));
      expect(await splitter.totalWithdrawable()).to.equal(parseEther("0.8"));
      expect(await splitter.totalPaid()).to.equal(amount);
      expect(await splitter.totalToTreasury()).to.equal(parseEther("0.15"));
      expect(await splitter.totalBurned()).to.equal(parseEther("0.05"));
      expect(await splitter.totalWithdrawn()).to.equal(0n);
    });

    it("returns the three shares", async function () {
      const { splitter, payer, provider } = await networkHelpers.loadFixture(deployFixture);
      expect(await splitter.connect(payer).splitFee.staticCall(provider.address, { value: 10_001n })).to.deep.equal([8_001n, 1_500n, 500n]);
    });

    it("gives rounding dust to the provider: 1 wei, 7 wei, 19 wei", async function () {
      const { splitter, payer, provider } = await networkHelpers.loadFixture(deployFixture);
      for (const [amount, shares] of [
        [1n, [1n, 0n, 0n]],
        [7n, [6n, 1n, 0n]],
        [19n, [17n, 2n, 0n]],
      ] as const) {
        await expect(splitter.connect(payer).splitFee(provider.address, { value: amount }))
          .to.emit(splitter, "FeeSplit")
          .withArgs(payer.address, provider.address, amount, ...shares);
      }
      expect(await splitter.withdrawable(provider.address)).to.equal(24n);
    });

    it("sends nothing to the Treasury or the burn address when their shares are zero", async function () {
      const fixture = await networkHelpers.loadFixture(deployFixture);
      const { splitter, treasury, payer, provider } = fixture;
      await setSplitNow(fixture, [10_000n, 0n, 0n]);
      const tx = splitter.connect(payer).splitFee(provider.address, { value: 1_000n });
      await expect(tx).to.not.emit(treasury, "Deposited");
      await expect(tx).to.changeEtherBalances(ethers, [splitter, treasury, BURN], [1_000n, 0n, 0n]);
    });

    it("reads the split from ProtocolParams at call time: the new split only from its epoch", async function () {
      const fixture = await networkHelpers.loadFixture(deployFixture);
      const { splitter, params, governance, payer, provider } = fixture;
      await params.connect(governance).setFeeSplit(5_000n, 2_500n, 2_500n);
      expect(await splitter.previewSplit(10_000n)).to.deep.equal([8_000n, 1_500n, 500n]);
      await expect(splitter.connect(payer).splitFee(provider.address, { value: 10_000n }))
        .to.emit(splitter, "FeeSplit")
        .withArgs(payer.address, provider.address, 10_000n, 8_000n, 1_500n, 500n);
      const latest = BigInt(await ethers.provider.getBlockNumber());
      await networkHelpers.mine((latest / L + 1n) * L - latest);
      expect(await splitter.previewSplit(10_000n)).to.deep.equal([5_000n, 2_500n, 2_500n]);
      await expect(splitter.connect(payer).splitFee(provider.address, { value: 10_000n }))
        .to.emit(splitter, "FeeSplit")
        .withArgs(payer.address, provider.address, 10_000n, 5_000n, 2_500n, 2_500n);
    });

    it("reverts with ZeroAddress for the zero provider and ZeroFee for no value", async function () {
      const { splitter, payer, provider } = await networkHelpers.loadFixture(deployFixture);
      await expect(splitter.connect(payer).splitFee(ZeroAddress, { value: 1n })).to.be.revertedWithCustomError(splitter, "ZeroAddress");
      await expect(splitter.connect(payer).splitFee(provider.address)).to.be.revertedWithCustomError(splitter, "ZeroFee");
    });

    it("reverts with InvalidFeeSplit when its parameter source returns a split that does not sum to 10,000", async function () {
      const { deployer, treasury, payer, provider } = await networkHelpers.loadFixture(deployFixture);
      const source = await new MockFeeSplitSource__factory(deployer).deploy(8_000n, 1_500n, 600n);
      const { splitter } = await deployFeeSplitter(deployer, await source.getAddress(), await treasury.getAddress());
      await expect(splitter.connect(payer).splitFee(provider.address, { value: 100n }))
        .to.be.revertedWithCustomError(splitter, "InvalidFeeSplit")
        .withArgs(8_000n, 1_500n, 600n);
      await expect(splitter.previewSplit(100n)).to.be.revertedWithCustomError(splitter, "InvalidFeeSplit").withArgs(8_000n, 1_500n, 600n);
    });

    it("a provider cannot re-enter splitFee from its receive hook", async function () {
      const { splitter, deployer, payer } = await networkHelpers.loadFixture(deployFixture);
      const probe = await new CallProbe__factory(deployer).deploy();
      await splitter.connect(payer).splitFee(await probe.getAddress(), { value: 1_000n });
      await probe.arm(await splitter.getAddress(), splitter.interface.encodeFunctionData("splitFee", [payer.address]));
      await expect(
        probe.execute(await splitter.getAddress(), splitter.interface.encodeFunctionData("withdraw")),
      ).to.be.revertedWithCustomError(splitter, "ReentrancyGuardReentrantCall");
    });
  });

  describe("splitAmount / previewSplit", function () {
    it("previewSplit uses the split in force", async function () {
      const { splitter } = await networkHelpers.loadFixture(deployFixture);
      expect(await splitter.previewSplit(0n)).to.deep.equal([0n, 0n, 0n]);
      expect(await splitter.previewSplit(MaxUint256)).to.deep.equal(expectedSplit(MaxUint256, 1_500n, 500n));
    });

    it("is exact up to the largest uint256 (no overflow)", async function () {
      const { splitter } = await networkHelpers.loadFixture(deployFixture);
      for (const [p, t, b] of [
        [0n, 5_000n, 5_000n],
        [3_333n, 3_333n, 3_334n],
        [1n, 9_999n, 0n],
        [10_000n, 0n, 0n],
        [0n, 0n, 10_000n],
      ]) {
        const shares = await splitter.splitAmount(MaxUint256, p, t, b);
        expect(shares, `${p}/${t}/${b}`).to.deep.equal(expectedSplit(MaxUint256, t, b));
        expect(shares[0] + shares[1] + shares[2]).to.equal(MaxUint256);
      }
    });

    it("reverts with InvalidFeeSplit for a split that does not sum to 10,000 (or would overflow doing so)", async function () {
      const { splitter } = await networkHelpers.loadFixture(deployFixture);
      for (const [p, t, b] of [
        [8_000n, 1_500n, 400n],
        [0n, 0n, 0n],
        [MaxUint256, 1n, 10_000n],
        [10_000n, MaxUint256, 1n],
        [0n, 10_001n, MaxUint256],
      ]) {
        await expect(splitter.splitAmount(1n, p, t, b)).to.be.revertedWithCustomError(splitter, "InvalidFeeSplit").withArgs(p, t, b);
      }
    });
  });

  describe("withdraw / withdrawTo", function () {
    it("withdraw sends the provider's whole credit to it and emits Withdrawn", async function () {
      const { splitter, payer, provider } = await networkHelpers.loadFixture(deployFixture);
      await splitter.connect(payer).splitFee(provider.address, { value: 10_000n });
      await splitter.connect(payer).splitFee(provider.address, { value: 5_000n });
      expect(await splitter.connect(provider).withdraw.staticCall()).to.equal(12_000n);
      const tx = splitter.connect(provider).withdraw();
      await expect(tx).to.emit(splitter, "Withdrawn").withArgs(provider.address, provider.address, 12_000n);
      await expect(tx).to.changeEtherBalances(ethers, [splitter, provider], [-12_000n, 12_000n]);
      expect(await splitter.withdrawable(provider.address)).to.equal(0n);
      expect(await splitter.totalWithdrawable()).to.equal(0n);
      expect(await splitter.totalWithdrawn()).to.equal(12_000n);
    });

    it("withdrawTo sends the caller's credit to another address", async function () {
      const { splitter, payer, provider, recipient } = await networkHelpers.loadFixture(deployFixture);
      await splitter.connect(payer).splitFee(provider.address, { value: 10_000n });
      const tx = splitter.connect(provider).withdrawTo(recipient.address);
      await expect(tx).to.emit(splitter, "Withdrawn").withArgs(provider.address, recipient.address, 8_000n);
      await expect(tx).to.changeEtherBalances(ethers, [splitter, provider, recipient], [-8_000n, 0n, 8_000n]);
    });

    it("reverts with NothingToWithdraw(provider) when there is no credit, including a second withdrawal", async function () {
      const { splitter, payer, provider, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(splitter.connect(other).withdraw()).to.be.revertedWithCustomError(splitter, "NothingToWithdraw").withArgs(other.address);
      await expect(splitter.connect(other).withdrawTo(provider.address))
        .to.be.revertedWithCustomError(splitter, "NothingToWithdraw")
        .withArgs(other.address);
      await splitter.connect(payer).splitFee(provider.address, { value: 10n });
      await splitter.connect(provider).withdraw();
      await expect(splitter.connect(provider).withdraw())
        .to.be.revertedWithCustomError(splitter, "NothingToWithdraw")
        .withArgs(provider.address);
    });

    it("withdrawTo reverts with ZeroAddress for the zero recipient", async function () {
      const { splitter, payer, provider } = await networkHelpers.loadFixture(deployFixture);
      await splitter.connect(payer).splitFee(provider.address, { value: 10n });
      await expect(splitter.connect(provider).withdrawTo(ZeroAddress)).to.be.revertedWithCustomError(splitter, "ZeroAddress");
    });

    it("reverts with FailedCall when the recipient rejects the payment, and keeps the credit", async function () {
      const { splitter, deployer, payer } = await networkHelpers.loadFixture(deployFixture);
      const probe = await new CallProbe__factory(deployer).deploy();
      await splitter.connect(payer).splitFee(await probe.getAddress(), { value: 10_000n });
      await probe.setRejectPayments(true);
      await expect(
        probe.execute(await splitter.getAddress(), splitter.interface.encodeFunctionData("withdraw")),
      ).to.be.revertedWithCustomError(splitter, "FailedCall");
      expect(await splitter.withdrawable(await probe.getAddress())).to.equal(8_000n);
      // The provider can still collect to an address that accepts payments.
      await probe.execute(await splitter.getAddress(), splitter.interface.encodeFunctionData("withdrawTo", [payer.address]));
      expect(await splitter.withdrawable(await probe.getAddress())).to.equal(0n);
    });

    it("a provider cannot re-enter withdraw from its receive hook", async function () {
      const { splitter, deployer, payer } = await networkHelpers.loadFixture(deployFixture);
      const probe = await new CallProbe__factory(deployer).deploy();
      await splitter.connect(payer).splitFee(await probe.getAddress(), { value: 10_000n });
      await splitter.connect(payer).splitFee(payer.address, { value: 10_000n }); // more funds in the splitter
      const withdrawCall = splitter.interface.encodeFunctionData("withdraw");
      await probe.arm(await splitter.getAddress(), withdrawCall);
      await expect(probe.execute(await splitter.getAddress(), withdrawCall)).to.be.revertedWithCustomError(
        splitter,
        "ReentrancyGuardReentrantCall",
      );
      expect(await splitter.withdrawable(await probe.getAddress())).to.equal(8_000n);
      expect(await ethers.provider.getBalance(await splitter.getAddress())).to.equal(16_000n);
    });
  });

  describe("fuzz: shares always sum to the fee", function () {
    const validSplit = fc
      .record({ treasury: fc.integer({ min: 0, max: 5_000 }), burn: fc.integer({ min: 0, max: 5_000 }) })
      .filter(({ treasury, burn }) => treasury + burn <= 5_000)
      .map(({ treasury, burn }) => [BigInt(10_000 - treasury - burn), BigInt(treasury), BigInt(burn)] as [bigint, bigint, bigint]);
    const anySplit = fc
      .record({ treasury: fc.integer({ min: 0, max: 10_000 }), burn: fc.integer({ min: 0, max: 10_000 }) })
      .filter(({ treasury, burn }) => treasury + burn <= 10_000)
      .map(({ treasury, burn }) => [BigInt(10_000 - treasury - burn), BigInt(treasury), BigInt(burn)] as [bigint, bigint, bigint]);
    const amount = fc.oneof(
      fc.constantFrom(1n, 2n, 3n, 9_999n, 10_000n, 10_001n, MaxUint256, MaxUint256 - 1n, MaxUint256 / BPS, MaxUint256 / BPS + 1n),
      fc.bigInt({ min: 1n, max: 1_000_000n }),
      fc.bigInt({ min: 1n, max: MaxUint256 }),
    );

    it("splitAmount: 600 random amounts (1 wei to 2^256-1) and splits, exact floor shares, nothing created or lost", async function () {
      const { splitter } = await networkHelpers.loadFixture(deployFixture);
      await fc.assert(
        fc.asyncProperty(amount, anySplit, async (value, [p, t, b]) => {
          const [provider, treasury, burn] = await splitter.splitAmount(value, p, t, b);
          expect(provider + treasury + burn).to.equal(value);
          expect([provider, treasury, burn]).to.deep.equal(expectedSplit(value, t, b));
          // the provider never gets less than its own floor share, and at most 2 wei of dust more
          const providerFloor = (value * p) / BPS;
          expect(provider >= providerFloor && provider - providerFloor <= 2n).to.equal(true);
        }),
        { numRuns: fuzzRuns(connection, 600) },
      );
    });

    it("splitFee: 150 random fees under random valid splits move exactly msg.value between balances", async function () {
      const fixture = await networkHelpers.loadFixture(deployFixture);
      const { splitter, treasury, params, governance, payer, provider } = fixture;
      const feeAmount = fc.oneof(
        fc.constantFrom(1n, 3n, 7n, 9_999n, 10_001n, parseEther("1000") + 1n),
        fc.bigInt({ min: 1n, max: 100_000n }),
        fc.bigInt({ min: 1n, max: parseEther("10") }),
      );
      const addresses = [payer.address, await splitter.getAddress(), await treasury.getAddress(), BURN];
      await fc.assert(
        fc.asyncProperty(feeAmount, fc.option(validSplit, { freq: 3 }), async (value, split) => {
          await networkHelpers.setBalance(payer.address, parseEther("1000000")); // fees of up to 1,000 LAT, 150 times
          if (split !== null) {
            await params.connect(governance).setFeeSplit(...split);
            const latest = BigInt(await ethers.provider.getBlockNumber());
            await networkHelpers.mine((latest / L + 1n) * L - latest);
          }
          const [, t, b] = await params.feeSplit();
          const before = await Promise.all(addresses.map((a) => ethers.provider.getBalance(a)));
          const credit = await splitter.withdrawable(provider.address);
          const receipt = await (await splitter.connect(payer).splitFee(provider.address, { value })).wait();
          if (receipt === null) throw new Error("no receipt");
          const after = await Promise.all(addresses.map((a) => ethers.provider.getBalance(a)));
          const [pShare, tShare, bShare] = expectedSplit(value, t, b);
          expect(before[0] - after[0]).to.equal(value + receipt.fee);
          expect(after[1] - before[1]).to.equal(pShare);
          expect(after[2] - before[2]).to.equal(tShare);
          expect(after[3] - before[3]).to.equal(bShare);
          expect(pShare + tShare + bShare).to.equal(value);
          expect((await splitter.withdrawable(provider.address)) - credit).to.equal(pShare);
        }),
        { numRuns: fuzzRuns(connection, 150) },
      );
    });
  });

  describe("invariant: withdrawn + withdrawable + treasury + burned == paid", function () {
    type Op =
      | { kind: "pay"; payer: number; provider: number; amount: bigint }
      | { kind: "withdraw"; provider: number; toSelf: boolean }
      | { kind: "split"; split: [bigint, bigint, bigint] };

    it("holds after every step of random fee payments, withdrawals and split changes", async function () {
      const signers = await ethers.getSigners();
      const payers = signers.slice(6, 10);
      const providers = signers.slice(10, 14);
      const sink = signers[14];
      const op: fc.Arbitrary<Op> = fc.oneof(
        {
          weight: 5,
          arbitrary: fc.record({
            kind: fc.constant("pay" as const),
            payer: fc.nat({ max: payers.length - 1 }),
            provider: fc.nat({ max: providers.length - 1 }),
            amount: fc.oneof(fc.bigInt({ min: 1n, max: 20_000n }), fc.bigInt({ min: 1n, max: parseEther("5") })),
          }),
        },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), provider: fc.nat({ max: providers.length - 1 }), toSelf: fc.boolean() }) },
        {
          weight: 1,
          arbitrary: fc
            .record({ treasury: fc.integer({ min: 0, max: 5_000 }), burn: fc.integer({ min: 0, max: 5_000 }) })
            .filter(({ treasury, burn }) => treasury + burn <= 5_000)
            .map(({ treasury, burn }) => ({
              kind: "split" as const,
              split: [BigInt(10_000 - treasury - burn), BigInt(treasury), BigInt(burn)] as [bigint, bigint, bigint],
            })),
        },
      );

      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), async (ops) => {
          const { splitter, treasury, params, governance } = await networkHelpers.loadFixture(deployFixture);
          const splitterAddress = await splitter.getAddress();
          const treasuryAddress = await treasury.getAddress();
          const balanceOf = (who: string | Signer) =>
            typeof who === "string" ? ethers.provider.getBalance(who) : who.getAddress().then((a) => ethers.provider.getBalance(a));
          const treasuryStart = await balanceOf(treasuryAddress);
          const burnStart = await balanceOf(BURN);
          let paid = 0n;
          let received = 0n; // what providers and their recipients actually received
          const credited = new Map<string, bigint>();

          for (const step of ops) {
            if (step.kind === "pay") {
              const provider = providers[step.provider].address;
              const [pShare] = await splitter.splitFee.staticCall(provider, { value: step.amount });
              await splitter.connect(payers[step.payer]).splitFee(provider, { value: step.amount });
              paid += step.amount;
              credited.set(provider, (credited.get(provider) ?? 0n) + pShare);
            } else if (step.kind === "withdraw") {
              const provider = providers[step.provider];
              const owed = credited.get(provider.address) ?? 0n;
              if (owed === 0n) {
                await expect(splitter.connect(provider).withdraw()).to.be.revertedWithCustomError(splitter, "NothingToWithdraw");
                continue;
              }
              const to = step.toSelf ? provider : sink;
              const before = await balanceOf(to);
              const receipt = await (await (step.toSelf ? splitter.connect(provider).withdraw() : splitter.connect(provider).withdrawTo(sink.address))).wait();
              if (receipt === null) throw new Error("no receipt");
              const gas = step.toSelf ? receipt.fee : 0n;
              received += (await balanceOf(to)) - before + gas;
              credited.set(provider.address, 0n);
            } else {
              await params.connect(governance).setFeeSplit(...step.split);
              const latest = BigInt(await ethers.provider.getBlockNumber());
              await networkHelpers.mine((latest / L + 1n) * L - latest);
            }

            const toTreasury = (await balanceOf(treasuryAddress)) - treasuryStart;
            const burned = (await balanceOf(BURN)) - burnStart;
            const outstanding = [...credited.values()].reduce((a, b) => a + b, 0n);
            // measured balances
            expect(received + outstanding + toTreasury + burned).to.equal(paid);
            expect(await balanceOf(splitterAddress)).to.equal(outstanding);
            // the contract's own accounting agrees with the balances
            expect(await splitter.totalPaid()).to.equal(paid);
            expect(await splitter.totalWithdrawn()).to.equal(received);
            expect(await splitter.totalWithdrawable()).to.equal(outstanding);
            expect(await splitter.totalToTreasury()).to.equal(toTreasury);
            expect(await splitter.totalBurned()).to.equal(burned);
            for (const p of providers) expect(await splitter.withdrawable(p.address)).to.equal(credited.get(p.address) ?? 0n);
          }
        }),
        { numRuns: fuzzRuns(connection, 12) },
      );
    });
  });
});
