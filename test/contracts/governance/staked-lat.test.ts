import { expect } from "chai";
import { parseEther, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { CallProbe__factory, StakedLAT__factory, TestProxy__factory } from "../../../types/ethers-contracts/index.js";
import { devChainHelpers } from "../../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

describe("StakedLAT", function () {
  async function deployFixture() {
    const [deployer, alice, bob] = await ethers.getSigners();
    const implementation = await new StakedLAT__factory(deployer).deploy();
    const proxy = await new TestProxy__factory(deployer).deploy(
      await implementation.getAddress(),
      implementation.interface.encodeFunctionData("initialize"),
    );
    const staked = StakedLAT__factory.connect(await proxy.getAddress(), deployer);
    return { deployer, alice, bob, implementation, staked };
  }

  it("initialises name, symbol and a timestamp clock; the implementation is locked", async function () {
    const { staked, implementation } = await networkHelpers.loadFixture(deployFixture);
    expect(await staked.name()).to.equal("Staked LAT");
    expect(await staked.symbol()).to.equal("stLAT");
    expect(await staked.CLOCK_MODE()).to.equal("mode=timestamp");
    expect(await staked.clock()).to.equal(BigInt(await networkHelpers.time.latest()));
    await expect(implementation.initialize()).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    await expect(staked.initialize()).to.be.revertedWithCustomError(staked, "InvalidInitialization");
  });

  it("deposit mints 1:1, self-delegates on the first deposit and emits Deposited", async function () {
    const { staked, alice } = await networkHelpers.loadFixture(deployFixture);
    const tx = staked.connect(alice).deposit({ value: parseEther("5") });
    await expect(tx).to.emit(staked, "Deposited").withArgs(alice.address, parseEther("5"));
    await expect(tx).to.emit(staked, "DelegateChanged").withArgs(alice.address, ZeroAddress, alice.address);
    await expect(tx).to.changeEtherBalances(ethers, [alice, staked], [-parseEther("5"), parseEther("5")]);
    expect(await staked.balanceOf(alice.address)).to.equal(parseEther("5"));
    expect(await staked.getVotes(alice.address)).to.equal(parseEther("5"));
    await expect(staked.connect(alice).deposit({ value: 0n })).to.be.revertedWithCustomError(staked, "ZeroAmount");
  });

  it("keeps an explicit delegation on later deposits; delegate and transfers move votes", async function () {
    const { staked, alice, bob } = await networkHelpers.loadFixture(deployFixture);
    await staked.connect(alice).deposit({ value: 10n });
    await staked.connect(alice).delegate(bob.address);
    await staked.connect(alice).deposit({ value: 5n });
    expect(await staked.getVotes(bob.address)).to.equal(15n);
    expect(await staked.getVotes(alice.address)).to.equal(0n);
    await staked.connect(bob).delegate(bob.address);
    await staked.connect(alice).transfer(bob.address, 4n);
    expect(await staked.getVotes(bob.address)).to.equal(15n);
    await staked.connect(alice).delegate(alice.address);
    expect(await staked.getVotes(alice.address)).to.equal(11n);
    expect(await staked.getVotes(bob.address)).to.equal(4n);
  });

  it("past votes are read by timestamp", async function () {
    const { staked, alice } = await networkHelpers.loadFixture(deployFixture);
    await staked.connect(alice).deposit({ value: 7n });
    const depositedAt = await networkHelpers.time.latest();
    await networkHelpers.time.increase(100);
    await staked.connect(alice).deposit({ value: 3n });
    await networkHelpers.time.increase(1);
    expect(await staked.getPastVotes(alice.address, depositedAt)).to.equal(7n);
    expect(await staked.getPastVotes(alice.address, depositedAt - 1)).to.equal(0n);
    expect(await staked.getPastTotalSupply(depositedAt + 50)).to.equal(7n);
  });

  it("withdraw burns and sends LAT; withdrawTo sends to another account", async function () {
    const { staked, alice, bob } = await networkHelpers.loadFixture(deployFixture);
    await staked.connect(alice).deposit({ value: parseEther("3") });
    const tx = staked.connect(alice).withdraw(parseEther("1"));
    await expect(tx).to.emit(staked, "Withdrawn").withArgs(alice.address, alice.address, parseEther("1"));
    await expect(tx).to.changeEtherBalances(ethers, [alice, staked], [parseEther("1"), -parseEther("1")]);
    await expect(staked.connect(alice).withdrawTo(bob.address, parseEther("2"))).to.changeEtherBalances(
      ethers,
      [bob, staked],
      [parseEther("2"), -parseEther("2")],
    );
    expect(await staked.totalSupply()).to.equal(0n);
    expect(await staked.getVotes(alice.address)).to.equal(0n);
  });

  it("withdraw rejects zero, more than the balance and the zero recipient", async function () {
    const { staked, alice } = await networkHelpers.loadFixture(deployFixture);
    await staked.connect(alice).deposit({ value: 10n });
    await expect(staked.connect(alice).withdraw(0n)).to.be.revertedWithCustomError(staked, "ZeroAmount");
    await expect(staked.connect(alice).withdraw(11n))
      .to.be.revertedWithCustomError(staked, "ERC20InsufficientBalance")
      .withArgs(alice.address, 10n, 11n);
    await expect(staked.connect(alice).withdrawTo(ZeroAddress, 1n)).to.be.revertedWithCustomError(staked, "ZeroAddress");
  });

  it("a re-entering recipient cannot withdraw twice", async function () {
    const { staked, deployer } = await networkHelpers.loadFixture(deployFixture);
    const probe = await new CallProbe__factory(deployer).deploy();
    const stakedAddress = await staked.getAddress();
    await probe.execute(stakedAddress, staked.interface.encodeFunctionData("deposit"), { value: 10n });
    await probe.arm(stakedAddress, staked.interface.encodeFunctionData("withdraw", [5n]));
    await expect(probe.execute(stakedAddress, staked.interface.encodeFunctionData("withdraw", [5n]))).to.be.revertedWithCustomError(
      staked,
      "ReentrancyGuardReentrantCall",
    );
    expect(await staked.balanceOf(await probe.getAddress())).to.equal(10n);
  });

  it("a recipient that rejects LAT keeps its stake", async function () {
    const { staked, deployer } = await networkHelpers.loadFixture(deployFixture);
    const probe = await new CallProbe__factory(deployer).deploy();
    const stakedAddress = await staked.getAddress();
    await probe.execute(stakedAddress, staked.interface.encodeFunctionData("deposit"), { value: 10n });
    await probe.setRejectPayments(true);
    await expect(probe.execute(stakedAddress, staked.interface.encodeFunctionData("withdraw", [10n]))).to.be.revertedWithCustomError(
      staked,
      "FailedCall",
    );
    expect(await staked.balanceOf(await probe.getAddress())).to.equal(10n);
  });
});
