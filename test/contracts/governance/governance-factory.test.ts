import { expect } from "chai";
import { id, parseEther, ZeroAddress } from "ethers";
import { network } from "hardhat";
import {
  DAOGovernor__factory,
  DAOToken__factory,
  TestProxy__factory,
  CitrateTimelock__factory,
  Treasury__factory,
} from "../../../types/ethers-contracts/index.js";
import { deployGovernanceFactory } from "./support/dao-factory.js";
import { ProposalState, Vote } from "./support/governance-suite.js";
import { devChainHelpers } from "../../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);
const { time } = networkHelpers;

describe("GovernanceFactory", function () {
  async function deployFixture() {
    const [deployer, alice, bob, carol, recipient] = await ethers.getSigners();
    const { factory, implementation, implementations } = await deployGovernanceFactory(deployer);
    const config = {
      name: "Model Guild",
      symbol: "GUILD",
      holders: [alice.address, bob.address, carol.address],
      amounts: [parseEther("600"), parseEther("300"), parseEther("100")],
      votingDelay: 10n,
      votingPeriod: 100n,
      proposalThreshold: parseEther("50"),
      quorumPercent: 10n,
      timelockDelay: 30n,
    };
    return { deployer, alice, bob, carol, recipient, factory, implementation, implementations, config };
  }

  async function createFixture() {
    const f = await deployFixture();
    const dao = await f.factory.connect(f.alice).createDAO.staticCall(f.config);
    await f.factory.connect(f.alice).createDAO(f.config);
    return {
      ...f,
      token: DAOToken__factory.connect(dao.token, f.alice),
      governor: DAOGovernor__factory.connect(dao.governor, f.alice),
      timelock: CitrateTimelock__factory.connect(dao.timelock, f.alice),
      treasury: Treasury__factory.connect(dao.treasury, f.alice),
    };
  }

  it("initialize stores the implementations and refuses addresses without code", async function () {
    const { factory, implementation, implementations, deployer } = await networkHelpers.loadFixture(deployFixture);
    expect(await factory.implementations()).to.deep.equal([
      implementations.token,
      implementations.governor,
      implementations.timelock,
      implementations.treasury,
    ]);
    await expect(implementation.initialize(implementations)).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    const data = implementation.interface.encodeFunctionData("initialize", [{ ...implementations, treasury: deployer.address }]);
    await expect(new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data))
      .to.be.revertedWithCustomError(implementation, "InvalidImplementation")
      .withArgs(deployer.address);
  });

  it("createDAO makes and wires token, governor, timelock and treasury in one transaction", async function () {
    const { factory, alice, bob, config } = await networkHelpers.loadFixture(deployFixture);
    const dao = await factory.connect(alice).createDAO.staticCall(config);
    await expect(factory.connect(alice).createDAO(config))
      .to.emit(factory, "DAOCreated")
      .withArgs(0n, alice.address, "Model Guild", dao.token, dao.governor, dao.timelock, dao.treasury);
    expect(await factory.daoCount()).to.equal(1n);
    expect(await factory.daoAt(0n)).to.deep.equal([dao.token, dao.governor, dao.timelock, dao.treasury]);
    await expect(factory.daoAt(1n)).to.be.revertedWithCustomError(factory, "DAOIndexOutOfRange").withArgs(1n, 1n);

    const token = DAOToken__factory.connect(dao.token, alice);
    expect(await token.name()).to.equal("Model Guild");
    expect(await token.balanceOf(bob.address)).to.equal(parseEther("300"));
    expect(await token.getVotes(bob.address)).to.equal(parseEther("300"));
    expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
    const governor = DAOGovernor__factory.connect(dao.governor, alice);
    expect(await governor.name()).to.equal("Model Guild");
    expect(await governor.token()).to.equal(dao.token);
    expect(await governor.timelock()).to.equal(dao.timelock);
    expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
    const timelock = CitrateTimelock__factory.connect(dao.timelock, alice);
    expect(await timelock.getMinDelay()).to.equal(30n);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), dao.governor)).to.equal(true);
    expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), ZeroAddress)).to.equal(false);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), await factory.getAddress())).to.equal(false);
    expect(await Treasury__factory.connect(dao.treasury, alice).owner()).to.equal(dao.timelock);
  });

  it("the clones cannot be initialised again", async function () {
    const { token, governor, treasury, alice } = await networkHelpers.loadFixture(createFixture);
    await expect(token.initialize("x", "x", [], [])).to.be.revertedWithCustomError(token, "InvalidInitialization");
    await expect(governor.initialize("x", ZeroAddress, ZeroAddress, 1n, 1n, 0n, 1n)).to.be.revertedWithCustomError(governor, "InvalidInitialization");
    await expect(treasury.initialize(alice.address)).to.be.revertedWithCustomError(treasury, "InvalidInitialization");
  });

  it("rejects mismatched holders and amounts", async function () {
    const { factory, config } = await networkHelpers.loadFixture(deployFixture);
    await expect(factory.createDAO({ ...config, amounts: [1n] }))
      .to.be.revertedWithCustomError(DAOToken__factory.connect(ZeroAddress), "HoldersAmountsMismatch")
      .withArgs(3n, 1n);
  });

  it("a proposal runs end to end in the new DAO: propose, vote, queue, wait, execute a treasury spend", async function () {
    const { governor, treasury, timelock, alice, bob, recipient } = await networkHelpers.loadFixture(createFixture);
    await bob.sendTransaction({ to: await treasury.getAddress(), value: parseEther("5") });
    await time.increase(1);
    const targets = [await treasury.getAddress()];
    const values = [0n];
    const calldatas = [treasury.interface.encodeFunctionData("spend", [recipient.address, parseEther("2"), "bounty"])];
    const description = "pay the bounty";
    const proposalId = await governor.hashProposal(targets, values, calldatas, id(description));
    await expect(governor.connect(recipient).propose(targets, values, calldatas, description)).to.be.revertedWithCustomError(
      governor,
      "GovernorInsufficientProposerVotes",
    );
    await governor.propose(targets, values, calldatas, description);
    await time.increaseTo((await governor.proposalSnapshot(proposalId)) + 1n);
    await governor.connect(alice).castVote(proposalId, Vote.For);
    await governor.connect(bob).castVote(proposalId, Vote.Against);
    await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
    expect(await governor.state(proposalId)).to.equal(BigInt(ProposalState.Succeeded));
    await governor.queue(targets, values, calldatas, id(description));
    await expect(governor.execute(targets, values, calldatas, id(description))).to.be.revertedWithCustomError(
      timelock,
      "TimelockUnexpectedOperationState",
    );
    await time.increase(30);
    await expect(governor.execute(targets, values, calldatas, id(description))).to.changeEtherBalances(
      ethers,
      [recipient, treasury],
      [parseEther("2"), -parseEther("2")],
    );
    expect(await governor.state(proposalId)).to.equal(BigInt(ProposalState.Executed));
  });
});
