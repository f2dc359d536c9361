import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";
import { TechnicalCouncil__factory, TestProxy__factory } from "../../../types/ethers-contracts/index.js";
import { erc7201Slot } from "../support/protocol-suite.js";
import { devChainHelpers } from "../../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);

describe("TechnicalCouncil", function () {
  async function deployFixture() {
    const [deployer, owner, m1, m2, outsider] = await ethers.getSigners();
    const implementation = await new TechnicalCouncil__factory(deployer).deploy();
    const proxy = await new TestProxy__factory(deployer).deploy(
      await implementation.getAddress(),
      implementation.interface.encodeFunctionData("initialize", [owner.address, [m1.address, m2.address]]),
    );
    const council = TechnicalCouncil__factory.connect(await proxy.getAddress(), owner);
    return { deployer, owner, m1, m2, outsider, implementation, council };
  }

  it("initialises owner, members with one self-delegated vote each, and a timestamp clock", async function () {
    const { council, owner, m1, m2, implementation } = await networkHelpers.loadFixture(deployFixture);
    expect(await council.owner()).to.equal(owner.address);
    expect(await council.members()).to.have.members([m1.address, m2.address]);
    expect(await council.memberCount()).to.equal(2n);
    expect(await council.getVotes(m1.address)).to.equal(1n);
    expect(await council.delegates(m2.address)).to.equal(m2.address);
    expect(await council.ownerOf(await council.memberTokenId(m1.address))).to.equal(m1.address);
    expect(await council.CLOCK_MODE()).to.equal("mode=timestamp");
    await expect(implementation.initialize(owner.address, [])).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
  });

  it("uses the documented ERC-7201 slot", function () {
    expect(erc7201Slot("citrate.storage.TechnicalCouncil")).to.equal(0xf62597837b1892fe5038a23b2530f6f7cb1947d68a809c9fffeda36e23b0e600n);
  });

  it("initialize rejects duplicate members", async function () {
    const { implementation, deployer, owner, m1 } = await networkHelpers.loadFixture(deployFixture);
    const data = implementation.interface.encodeFunctionData("initialize", [owner.address, [m1.address, m1.address]]);
    await expect(new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data))
      .to.be.revertedWithCustomError(implementation, "AlreadyMember")
      .withArgs(m1.address);
  });

  it("addMember: owner only, one membership per address, vote counts at once", async function () {
    const { council, outsider, m1 } = await networkHelpers.loadFixture(deployFixture);
    await expect(council.connect(outsider).addMember(outsider.address))
      .to.be.revertedWithCustomError(council, "OwnableUnauthorizedAccount")
      .withArgs(outsider.address);
    await expect(council.addMember(outsider.address)).to.emit(council, "MemberAdded").withArgs(outsider.address);
    expect(await council.getVotes(outsider.address)).to.equal(1n);
    expect(await council.isMember(outsider.address)).to.equal(true);
    await expect(council.addMember(m1.address)).to.be.revertedWithCustomError(council, "AlreadyMember").withArgs(m1.address);
    await expect(council.addMember(ZeroAddress)).to.be.revertedWithCustomError(council, "ZeroAddress");
  });

  it("removeMember: owner only; the vote is gone from then on, past votes stay", async function () {
    const { council, m1, outsider } = await networkHelpers.loadFixture(deployFixture);
    const before = await networkHelpers.time.latest();
    await networkHelpers.time.increase(10);
    await expect(council.connect(outsider).removeMember(m1.address)).to.be.revertedWithCustomError(council, "OwnableUnauthorizedAccount");
    await expect(council.removeMember(m1.address)).to.emit(council, "MemberRemoved").withArgs(m1.address);
    await networkHelpers.time.increase(1);
    expect(await council.getVotes(m1.address)).to.equal(0n);
    expect(await council.getPastVotes(m1.address, before)).to.equal(1n);
    expect(await council.getPastTotalSupply(before)).to.equal(2n);
    expect(await council.memberCount()).to.equal(1n);
    await expect(council.removeMember(m1.address)).to.be.revertedWithCustomError(council, "NotMember").withArgs(m1.address);
    await council.addMember(m1.address);
    expect(await council.getVotes(m1.address)).to.equal(1n);
  });

  it("memberships cannot be transferred and votes cannot be delegated away", async function () {
    const { council, m1, m2 } = await networkHelpers.loadFixture(deployFixture);
    const tokenId = await council.memberTokenId(m1.address);
    await expect(council.connect(m1).transferFrom(m1.address, m2.address, tokenId))
      .to.be.revertedWithCustomError(council, "MembershipNonTransferable")
      .withArgs(tokenId, m1.address, m2.address);
    await expect(council.connect(m1).delegate(m2.address))
      .to.be.revertedWithCustomError(council, "CouncilVoteNotDelegable")
      .withArgs(m1.address, m2.address);
  });

  it("ownership cannot be renounced and moves in two steps", async function () {
    const { council, outsider } = await networkHelpers.loadFixture(deployFixture);
    await expect(council.renounceOwnership()).to.be.revertedWithCustomError(council, "OwnershipCannotBeRenounced");
    await council.transferOwnership(outsider.address);
    await council.connect(outsider).acceptOwnership();
    expect(await council.owner()).to.equal(outsider.address);
  });
});
