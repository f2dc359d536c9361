import { expect } from "chai";
import { parseEther, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { CallProbe__factory, TestERC20__factory, TestProxy__factory } from "../../types/ethers-contracts/index.js";
import { deployTreasury } from "./support/protocol-suite.js";
import { devChainHelpers } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

describe("Treasury", function () {
  async function deployFixture() {
    const [deployer, owner, other, recipient, timelock] = await ethers.getSigners();
    const { treasury, implementation } = await deployTreasury(deployer, owner.address);
    await other.sendTransaction({ to: await treasury.getAddress(), value: parseEther("10") });
    const token = await new TestERC20__factory(deployer).deploy();
    await token.mint(await treasury.getAddress(), 1_000n);
    return { deployer, owner, other, recipient, timelock, treasury, implementation, token, asOwner: treasury.connect(owner) };
  }

  describe("initialize", function () {
    it("sets the owner and emits OwnershipTransferred", async function () {
      const [deployer, owner] = await ethers.getSigners();
      const { treasury, implementation } = await deployTreasury(deployer, owner.address);
      expect(await treasury.owner()).to.equal(owner.address);
      const logs = await ethers.provider.getLogs({ address: await treasury.getAddress(), fromBlock: 0n });
      const transferred = logs
        .map((log) => implementation.interface.parseLog(log))
        .find((log) => log?.name === "OwnershipTransferred");
      expect(transferred?.args.toArray()).to.deep.equal([ZeroAddress, owner.address]);
    });

    it("the implementation's initializer is disabled", async function () {
      const { implementation, owner } = await networkHelpers.loadFixture(deployFixture);
      await expect(implementation.initialize(owner.address)).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
      expect(await implementation.owner()).to.equal(ZeroAddress);
    });

    it("cannot be initialised twice", async function () {
      const { treasury, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(treasury.connect(other).initialize(other.address)).to.be.revertedWithCustomError(treasury, "InvalidInitialization");
    });

    it("reverts with OwnableInvalidOwner for the zero owner", async function () {
      const { implementation, deployer } = await networkHelpers.loadFixture(deployFixture);
      const data = implementation.interface.encodeFunctionData("initialize", [ZeroAddress]);
      await expect(new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data))
        .to.be.revertedWithCustomError(implementation, "OwnableInvalidOwner")
        .withArgs(ZeroAddress);
    });
  });

  describe("receive", function () {
    it("accepts native LAT from anyone and emits Deposited", async function () {
      const { treasury, other } = await networkHelpers.loadFixture(deployFixture);
      const tx = other.sendTransaction({ to: await treasury.getAddress(), value: 123n });
      await expect(tx).to.emit(treasury, "Deposited").withArgs(other.address, 123n);
      await expect(tx).to.changeEtherBalances(ethers, [treasury, other], [123n, -123n]);
    });

    it("rejects calls with data that match no function", async function () {
      const { treasury, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(other.sendTransaction({ to: await treasury.getAddress(), value: 1n, data: "0x12345678" })).to.be.revert(ethers);
    });
  });

  describe("spend", function () {
    it("sends native LAT to the recipient and emits Spent with the reason", async function () {
      const { asOwner, treasury, recipient } = await networkHelpers.loadFixture(deployFixture);
      const tx = asOwner.spend(recipient.address, parseEther("4"), "grant #1");
      await expect(tx).to.emit(treasury, "Spent").withArgs(recipient.address, parseEther("4"), "grant #1");
      await expect(tx).to.changeEtherBalances(ethers, [treasury, recipient], [-parseEther("4"), parseEther("4")]);
    });

    it("can spend the whole balance", async function () {
      const { asOwner, treasury, recipient } = await networkHelpers.loadFixture(deployFixture);
      await asOwner.spend(recipient.address, parseEther("10"), "all of it");
      expect(await ethers.provider.getBalance(await treasury.getAddress())).to.equal(0n);
    });

    it("reverts with InsufficientBalance(available, requested) beyond the balance", async function () {
      const { asOwner, treasury, recipient } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.spend(recipient.address, parseEther("10") + 1n, "too much"))
        .to.be.revertedWithCustomError(treasury, "InsufficientBalance")
        .withArgs(parseEther("10"), parseEther("10") + 1n);
    });

    it("reverts with ZeroAddress and ZeroAmount", async function () {
      const { asOwner, treasury, recipient } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.spend(ZeroAddress, 1n, "x")).to.be.revertedWithCustomError(treasury, "ZeroAddress");
      await expect(asOwner.spend(recipient.address, 0n, "x")).to.be.revertedWithCustomError(treasury, "ZeroAmount");
    });

    it("reverts with OwnableUnauthorizedAccount for anyone but the owner", async function () {
      const { treasury, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(treasury.connect(other).spend(other.address, 1n, "mine"))
        .to.be.revertedWithCustomError(treasury, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
    });

    it("reverts with FailedCall when the recipient rejects the payment, and keeps the funds", async function () {
      const { asOwner, treasury, deployer } = await networkHelpers.loadFixture(deployFixture);
      const probe = await new CallProbe__factory(deployer).deploy();
      await probe.setRejectPayments(true);
      await expect(asOwner.spend(await probe.getAddress(), 1n, "rejected")).to.be.revertedWithCustomError(treasury, "FailedCall");
      expect(await ethers.provider.getBalance(await treasury.getAddress())).to.equal(parseEther("10"));
    });

    it("a recipient that is also the owner cannot re-enter spend", async function () {
      const { asOwner, treasury, deployer } = await networkHelpers.loadFixture(deployFixture);
      const probe = await new CallProbe__factory(deployer).deploy();
      const probeAddress = await probe.getAddress();
      await asOwner.transferOwnership(probeAddress);
      await probe.execute(await treasury.getAddress(), treasury.interface.encodeFunctionData("acceptOwnership"));
      expect(await treasury.owner()).to.equal(probeAddress);

      const spendAgain = treasury.interface.encodeFunctionData("spend", [probeAddress, 1n, "again"]);
      await probe.arm(await treasury.getAddress(), spendAgain);
      const spendOnce = treasury.interface.encodeFunctionData("spend", [probeAddress, 1n, "once"]);
      await expect(probe.execute(await treasury.getAddress(), spendOnce)).to.be.revertedWithCustomError(
        treasury,
        "ReentrancyGuardReentrantCall",
      );
      // Disarmed, the same spending goes through: the revert came from the guard alone.
      await probe.arm(ZeroAddress, "0x");
      await expect(probe.execute(await treasury.getAddress(), spendOnce)).to.emit(treasury, "Spent").withArgs(probeAddress, 1n, "once");
    });
  });

  describe("spendToken", function () {
    it("sends ERC-20 tokens and emits TokenSpent with the reason", async function () {
      const { asOwner, treasury, token, recipient } = await networkHelpers.loadFixture(deployFixture);
      const tx = asOwner.spendToken(await token.getAddress(), recipient.address, 400n, "audit");
      await expect(tx).to.emit(treasury, "TokenSpent").withArgs(await token.getAddress(), recipient.address, 400n, "audit");
      await expect(tx).to.changeTokenBalances(ethers, token, [treasury, recipient], [-400n, 400n]);
    });

    it("reverts with InsufficientTokenBalance(token, available, requested) beyond the balance", async function () {
      const { asOwner, treasury, token, recipient } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.spendToken(await token.getAddress(), recipient.address, 1_001n, "too much"))
        .to.be.revertedWithCustomError(treasury, "InsufficientTokenBalance")
        .withArgs(await token.getAddress(), 1_000n, 1_001n);
    });

    it("reverts with ZeroAddress for the zero token or recipient, and ZeroAmount", async function () {
      const { asOwner, treasury, token, recipient } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.spendToken(ZeroAddress, recipient.address, 1n, "x")).to.be.revertedWithCustomError(treasury, "ZeroAddress");
      await expect(asOwner.spendToken(await token.getAddress(), ZeroAddress, 1n, "x")).to.be.revertedWithCustomError(
        treasury,
        "ZeroAddress",
      );
      await expect(asOwner.spendToken(await token.getAddress(), recipient.address, 0n, "x")).to.be.revertedWithCustomError(
        treasury,
        "ZeroAmount",
      );
    });

    it("reverts with SafeERC20FailedOperation when the token reports a failed transfer", async function () {
      const { asOwner, treasury, token, recipient } = await networkHelpers.loadFixture(deployFixture);
      await token.setFailTransfers(true);
      await expect(asOwner.spendToken(await token.getAddress(), recipient.address, 1n, "x"))
        .to.be.revertedWithCustomError(treasury, "SafeERC20FailedOperation")
        .withArgs(await token.getAddress());
    });

    it("reverts with OwnableUnauthorizedAccount for anyone but the owner", async function () {
      const { treasury, token, other } = await networkHelpers.loadFixture(deployFixture);
      await expect(treasury.connect(other).spendToken(await token.getAddress(), other.address, 1n, "mine"))
        .to.be.revertedWithCustomError(treasury, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
    });
  });

  describe("ownership", function () {
    it("hands over in two steps to the Timelock, which alone may then spend", async function () {
      const { asOwner, treasury, owner, timelock, recipient } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.transferOwnership(timelock.address))
        .to.emit(treasury, "OwnershipTransferStarted")
        .withArgs(owner.address, timelock.address);
      await expect(treasury.connect(timelock).acceptOwnership())
        .to.emit(treasury, "OwnershipTransferred")
        .withArgs(owner.address, timelock.address);
      await expect(asOwner.spend(recipient.address, 1n, "old owner"))
        .to.be.revertedWithCustomError(treasury, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      await expect(treasury.connect(timelock).spend(recipient.address, 1n, "proposal 1")).to.emit(treasury, "Spent");
    });

    it("renounceOwnership is disabled", async function () {
      const { asOwner, treasury, other, owner } = await networkHelpers.loadFixture(deployFixture);
      await expect(asOwner.renounceOwnership()).to.be.revertedWithCustomError(treasury, "OwnershipCannotBeRenounced");
      await expect(treasury.connect(other).renounceOwnership())
        .to.be.revertedWithCustomError(treasury, "OwnableUnauthorizedAccount")
        .withArgs(other.address);
      expect(await treasury.owner()).to.equal(owner.address);
    });
  });
});
