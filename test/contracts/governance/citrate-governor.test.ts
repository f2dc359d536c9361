import { expect } from "chai";
import { id, parseEther, type Signer } from "ethers";
import { network } from "hardhat";
import { KEY } from "../support/protocol-suite.js";
import { deployGovernanceSuite, ProposalClass, ProposalState, SUITE, Vote, type GovernanceSuite } from "./support/governance-suite.js";
import { devChainHelpers } from "../../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);
const { time } = networkHelpers;

type ClassId = (typeof ProposalClass)[keyof typeof ProposalClass];

interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

describe("CitrateGovernor", function () {
  async function deployFixture() {
    const [deployer, guardian, alice, bob, carol, m1, m2, m3, outsider, recipient] = await ethers.getSigners();
    const suite = await deployGovernanceSuite(deployer, [m1.address, m2.address, m3.address], guardian.address);
    // 1,000 stLAT in all: token quorum (20%) is 200; council quorum (50% of 3, rounded up) is 2.
    await suite.stakedLAT.connect(alice).deposit({ value: parseEther("400") });
    await suite.stakedLAT.connect(bob).deposit({ value: parseEther("300") });
    await suite.stakedLAT.connect(carol).deposit({ value: parseEther("300") });
    await deployer.sendTransaction({ to: await suite.treasury.getAddress(), value: parseEther("50") });
    await time.increase(1);
    return { ...suite, deployer, guardian, alice, bob, carol, m1, m2, m3, outsider, recipient };
  }
  type Fixture = Awaited<ReturnType<typeof deployFixture>>;

  async function paramChange(suite: GovernanceSuite, value: bigint, description = "raise the min gas price"): Promise<Proposal> {
    return {
      targets: [await suite.params.getAddress()],
      values: [0n],
      calldatas: [suite.params.interface.encodeFunctionData("setParam", [KEY.MIN_GAS_PRICE, value])],
      description,
    };
  }

  async function treasurySpend(suite: GovernanceSuite, to: string, amount: bigint, description = "grant"): Promise<Proposal> {
    return {
      targets: [await suite.treasury.getAddress()],
      values: [0n],
      calldatas: [suite.treasury.interface.encodeFunctionData("spend", [to, amount, description])],
      description,
    };
  }

  async function propose(f: Fixture, p: Proposal, by: Signer, cls?: ClassId): Promise<bigint> {
    const governor = f.governor.connect(by);
    const proposalId = await governor.hashProposal(p.targets, p.values, p.calldatas, id(p.description));
    if (cls === undefined) await governor.propose(p.targets, p.values, p.calldatas, p.description);
    else await governor.proposeWithClass(cls, p.targets, p.values, p.calldatas, p.description);
    return proposalId;
  }

  async function vote(f: Fixture, proposalId: bigint, ballots: [Signer, number][]): Promise<void> {
    for (const [voter, support] of ballots) await f.governor.connect(voter).castVote(proposalId, support);
  }

  async function toVoting(f: Fixture, proposalId: bigint): Promise<void> {
    await time.increaseTo((await f.governor.proposalSnapshot(proposalId)) + 1n);
  }

  async function toEnd(f: Fixture, proposalId: bigint): Promise<void> {
    await time.increaseTo((await f.governor.proposalDeadline(proposalId)) + 1n);
  }

  async function queue(f: Fixture, p: Proposal) {
    return f.governor.queue(p.targets, p.values, p.calldatas, id(p.description));
  }

  async function execute(f: Fixture, p: Proposal) {
    return f.governor.execute(p.targets, p.values, p.calldatas, id(p.description));
  }

  /** Proposes, votes with `ballots`, ends voting; returns the proposal id. */
  async function run(f: Fixture, p: Proposal, ballots: [Signer, number][], cls?: ClassId, by: Signer = f.alice): Promise<bigint> {
    const proposalId = await propose(f, p, by, cls);
    await toVoting(f, proposalId);
    await vote(f, proposalId, ballots);
    await toEnd(f, proposalId);
    return proposalId;
  }

  describe("initialize", function () {
    it("wires chambers, timelock, guardian, settings and class delays", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      expect(await f.governor.name()).to.equal("CitrateGovernor");
      expect(await f.governor.tokenChamber()).to.equal(await f.stakedLAT.getAddress());
      expect(await f.governor.technicalChamber()).to.equal(await f.council.getAddress());
      expect(await f.governor.timelock()).to.equal(await f.timelock.getAddress());
      expect(await f.governor.proposalGuardian()).to.equal(f.guardian.address);
      expect(await f.governor.votingDelay()).to.equal(SUITE.votingDelay);
      expect(await f.governor.votingPeriod()).to.equal(SUITE.votingPeriod);
      expect(await f.governor.proposalThreshold()).to.equal(SUITE.proposalThreshold);
      expect(await f.governor.chamberQuorumBps(0)).to.equal(BigInt(SUITE.tokenQuorumBps));
      expect(await f.governor.chamberQuorumBps(1)).to.equal(BigInt(SUITE.technicalQuorumBps));
      for (let c = 0; c < 5; c++) expect(await f.governor.classDelay(c)).to.equal(SUITE.classDelays[c]);
      expect(await f.governor.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await f.governor.clock()).to.equal(BigInt(await time.latest()));
      expect(await f.governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain&chambers=token,technical");
    });

    it("the implementation is locked and the proxy cannot be initialised twice", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const config = {
        stakedLAT: await f.stakedLAT.getAddress(),
        council: await f.council.getAddress(),
        timelock: await f.timelock.getAddress(),
        protocolParams: await f.params.getAddress(),
        treasury: await f.treasury.getAddress(),
        guardian: f.guardian.address,
        votingDelay: 1n,
        votingPeriod: 10n,
        proposalThreshold: 0n,
        tokenQuorumBps: 1,
        technicalQuorumBps: 1,
        classDelays: [0n, 0n, 0n, 0n, 0n] as [bigint, bigint, bigint, bigint, bigint],
      };
      await expect(f.governorImplementation.initialize(config)).to.be.revertedWithCustomError(f.governor, "InvalidInitialization");
      await expect(f.governor.initialize(config)).to.be.revertedWithCustomError(f.governor, "InvalidInitialization");
    });

    it("the Timelock owns ProtocolParams, the Treasury and the council; only the Governor holds its roles", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const timelock = await f.timelock.getAddress();
      expect(await f.params.owner()).to.equal(timelock);
      expect(await f.treasury.owner()).to.equal(timelock);
      expect(await f.council.owner()).to.equal(timelock);
      expect(await f.timelock.hasRole(await f.timelock.DEFAULT_ADMIN_ROLE(), f.deployer.address)).to.equal(false);
      expect(await f.timelock.hasRole(await f.timelock.PROPOSER_ROLE(), await f.governor.getAddress())).to.equal(true);
      expect(await f.timelock.hasRole(await f.timelock.EXECUTOR_ROLE(), f.deployer.address)).to.equal(false);
    });
  });

  describe("classes and actions", function () {
    it("propose picks the narrowest class that fits the actions", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const pc = await paramChange(f, 2n);
      const ts = await treasurySpend(f, f.recipient.address, 1n);
      const council = await f.council.getAddress();
      const add = f.council.interface.encodeFunctionData("addMember", [f.outsider.address]);
      expect(await f.governor.classify(pc.targets, pc.values, pc.calldatas)).to.equal(BigInt(ProposalClass.ParameterChange));
      expect(await f.governor.classify(ts.targets, ts.values, ts.calldatas)).to.equal(BigInt(ProposalClass.TreasurySpend));
      expect(await f.governor.classify([council], [0n], [add])).to.equal(BigInt(ProposalClass.CouncilMembership));
      const mixed = [...pc.targets, ...ts.targets];
      expect(await f.governor.classify(mixed, [0n, 0n], [...pc.calldatas, ...ts.calldatas])).to.equal(BigInt(ProposalClass.Upgrade));
      const proposalId = await propose(f, ts, f.alice);
      expect(await f.governor.proposalClass(proposalId)).to.equal(BigInt(ProposalClass.TreasurySpend));
    });

    it("rejects a class its actions do not fit (no upgrade can pass as a treasury spend)", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const governorAddress = await f.governor.getAddress();
      const setDelay = f.governor.interface.encodeFunctionData("setClassDelay", [ProposalClass.Upgrade, 0n]);
      await expect(f.governor.connect(f.alice).proposeWithClass(ProposalClass.TreasurySpend, [governorAddress], [0n], [setDelay], "x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorClassActionMismatch")
        .withArgs(ProposalClass.TreasurySpend, 0n, governorAddress, setDelay.slice(0, 10));
      const pc = await paramChange(f, 2n);
      await expect(f.governor.connect(f.alice).proposeWithClass(ProposalClass.CouncilMembership, pc.targets, pc.values, pc.calldatas, "x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorClassActionMismatch");
      // A value transfer is never a parameter change.
      await expect(f.governor.connect(f.alice).proposeWithClass(ProposalClass.ParameterChange, pc.targets, [1n], pc.calldatas, "x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorClassActionMismatch");
      // The technical chamber alone may not spend or choose its own members.
      const ts = await treasurySpend(f, f.recipient.address, 1n);
      await expect(f.governor.connect(f.m1).proposeWithClass(ProposalClass.Emergency, ts.targets, ts.values, ts.calldatas, "x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorClassActionMismatch");
      const add = f.council.interface.encodeFunctionData("addMember", [f.outsider.address]);
      await expect(f.governor.connect(f.m1).proposeWithClass(ProposalClass.Emergency, [await f.council.getAddress()], [0n], [add], "x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorClassActionMismatch");
      await expect(f.governor.connect(f.m1).proposeWithClass(ProposalClass.Emergency, [governorAddress], [0n], [setDelay], "x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorClassActionMismatch");
      // Anything may be labelled Upgrade (it needs both chambers and the longest delay).
      await f.governor.connect(f.alice).proposeWithClass(ProposalClass.Upgrade, ts.targets, ts.values, ts.calldatas, "as upgrade");
    });

    it("rejects malformed proposals", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await expect(f.governor.connect(f.alice).propose([], [], [], "empty")).to.be.revertedWithCustomError(
        f.governor,
        "GovernorInvalidProposalLength",
      );
      const pc = await paramChange(f, 2n);
      await expect(f.governor.connect(f.alice).propose(pc.targets, [0n, 0n], pc.calldatas, "x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorInvalidProposalLength")
        .withArgs(1n, 1n, 2n);
    });
  });

  describe("proposal threshold and front-running", function () {
    it("needs staked LAT above the threshold, or a council seat", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const pc = await paramChange(f, 2n);
      await expect(f.governor.connect(f.outsider).propose(pc.targets, pc.values, pc.calldatas, pc.description))
        .to.be.revertedWithCustomError(f.governor, "GovernorInsufficientProposerVotes")
        .withArgs(f.outsider.address, 0n, SUITE.proposalThreshold);
      await f.governor.connect(f.m1).propose(pc.targets, pc.values, pc.calldatas, pc.description);
    });

    it("a front-run copy of a #proposer= proposal is refused and does not block the original", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const pc = await paramChange(f, 2n, `raise the min gas price#proposer=${f.alice.address.toLowerCase()}`);
      await expect(f.governor.connect(f.bob).propose(pc.targets, pc.values, pc.calldatas, pc.description))
        .to.be.revertedWithCustomError(f.governor, "GovernorRestrictedProposer")
        .withArgs(f.bob.address);
      await expect(f.governor.connect(f.bob).proposeWithClass(ProposalClass.ParameterChange, pc.targets, pc.values, pc.calldatas, pc.description))
        .to.be.revertedWithCustomError(f.governor, "GovernorRestrictedProposer");
      const proposalId = await propose(f, pc, f.alice);
      expect(await f.governor.proposalProposer(proposalId)).to.equal(f.alice.address);
      await expect(f.governor.connect(f.alice).propose(pc.targets, pc.values, pc.calldatas, pc.description))
        .to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
    });
  });

  describe("ParameterChange (both chambers)", function () {
    it("token chamber alone, or technical chamber alone, is not enough", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const tokenOnly = await run(f, await paramChange(f, 2n, "token only"), [[f.alice, Vote.For]]);
      expect(await f.governor.state(tokenOnly)).to.equal(BigInt(ProposalState.Defeated));
      const councilOnly = await run(f, await paramChange(f, 2n, "council only"), [[f.m1, Vote.For], [f.m2, Vote.For]]);
      expect(await f.governor.state(councilOnly)).to.equal(BigInt(ProposalState.Defeated));
    });

    it("fails on quorum: one council vote of three, or 150 of 1,000 stLAT", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const fewCouncil = await run(f, await paramChange(f, 2n, "few council"), [[f.alice, Vote.For], [f.m1, Vote.For]]);
      expect(await f.governor.proposalQuorums(fewCouncil)).to.deep.equal([parseEther("200"), 2n]);
      expect(await f.governor.state(fewCouncil)).to.equal(BigInt(ProposalState.Defeated));
      await f.stakedLAT.connect(f.outsider).deposit({ value: parseEther("150") });
      await f.stakedLAT.connect(f.alice).delegate(f.m3.address);
      await f.stakedLAT.connect(f.bob).delegate(f.m3.address);
      await f.stakedLAT.connect(f.carol).delegate(f.m3.address);
      await time.increase(1);
      // Now only the outsider's 150 stLAT of 1,150 can vote For (quorum 230).
      const fewTokens = await run(f, await paramChange(f, 2n, "few tokens"), [[f.outsider, Vote.For], [f.m1, Vote.For], [f.m2, Vote.For]], undefined, f.m1);
      expect(await f.governor.state(fewTokens)).to.equal(BigInt(ProposalState.Defeated));
    });

    it("a chamber that votes Against blocks it", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const proposalId = await run(f, await paramChange(f, 2n), [
        [f.alice, Vote.For],
        [f.m1, Vote.Against],
        [f.m2, Vote.Against],
        [f.m3, Vote.For],
      ]);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Defeated));
    });

    it("both chambers → timelock (delay holds) → ProtocolParams changes at the next epoch", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p = await paramChange(f, 5n * 10n ** 9n);
      const proposalId = await run(f, p, [[f.alice, Vote.For], [f.bob, Vote.Against], [f.m1, Vote.For], [f.m2, Vote.Abstain]]);
      const [token, technical] = await f.governor.chamberVotes(proposalId);
      expect(token).to.deep.equal([parseEther("300"), parseEther("400"), 0n]);
      expect(technical).to.deep.equal([0n, 1n, 1n]);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Succeeded));
      await expect(queue(f, p)).to.emit(f.governor, "ProposalScheduled");
      const eta = await f.governor.proposalEta(proposalId);
      expect(eta).to.equal(BigInt(await time.latest()) + SUITE.classDelays[ProposalClass.ParameterChange]);
      await expect(execute(f, p)).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
      await time.increaseTo(eta - 2n);
      await expect(execute(f, p)).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
      await time.increaseTo(eta);
      const epoch = await f.params.currentEpoch();
      await expect(execute(f, p)).to.emit(f.params, "ParamChangeScheduled").withArgs(KEY.MIN_GAS_PRICE, 10n ** 9n, 5n * 10n ** 9n, epoch + 1n);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Executed));
      expect(await f.params.getParam(KEY.MIN_GAS_PRICE)).to.equal(10n ** 9n);
      const next = await f.params.epochStartBlock(epoch + 1n);
      await networkHelpers.mine(next - BigInt(await ethers.provider.getBlockNumber()));
      expect(await f.params.getParam(KEY.MIN_GAS_PRICE)).to.equal(5n * 10n ** 9n);
    });
  });

  describe("TreasurySpend (token chamber)", function () {
    it("passes on the token chamber alone and spends", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p = await treasurySpend(f, f.recipient.address, parseEther("7"));
      const proposalId = await run(f, p, [[f.alice, Vote.For], [f.m1, Vote.Against], [f.m2, Vote.Against]]);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Succeeded));
      await queue(f, p);
      await time.increase(SUITE.classDelays[ProposalClass.TreasurySpend]);
      await expect(execute(f, p)).to.changeEtherBalances(ethers, [f.recipient, f.treasury], [parseEther("7"), -parseEther("7")]);
    });

    it("fails without token quorum or majority", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const noVotes = await run(f, await treasurySpend(f, f.recipient.address, 1n, "nobody"), [[f.m1, Vote.For], [f.m2, Vote.For]]);
      expect(await f.governor.state(noVotes)).to.equal(BigInt(ProposalState.Defeated));
      const outvoted = await run(f, await treasurySpend(f, f.recipient.address, 1n, "outvoted"), [
        [f.alice, Vote.For],
        [f.bob, Vote.Against],
        [f.carol, Vote.Against],
      ]);
      expect(await f.governor.state(outvoted)).to.equal(BigInt(ProposalState.Defeated));
    });
  });

  describe("Upgrade (both chambers, longer delay)", function () {
    it("needs both chambers and waits the upgrade delay", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const governorAddress = await f.governor.getAddress();
      const p: Proposal = {
        targets: [governorAddress],
        values: [0n],
        calldatas: [f.governor.interface.encodeFunctionData("setClassDelay", [ProposalClass.TreasurySpend, 900n])],
        description: "slower treasury spends",
      };
      const tokenOnly = await run(f, { ...p, description: "token only" }, [[f.alice, Vote.For]]);
      expect(await f.governor.proposalClass(tokenOnly)).to.equal(BigInt(ProposalClass.Upgrade));
      expect(await f.governor.state(tokenOnly)).to.equal(BigInt(ProposalState.Defeated));

      const proposalId = await run(f, p, [[f.alice, Vote.For], [f.m1, Vote.For], [f.m2, Vote.For]]);
      await queue(f, p);
      const eta = await f.governor.proposalEta(proposalId);
      expect(eta).to.equal(BigInt(await time.latest()) + SUITE.classDelays[ProposalClass.Upgrade]);
      await time.increaseTo(eta - 2n);
      await expect(execute(f, p)).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
      await time.increaseTo(eta);
      await expect(execute(f, p)).to.emit(f.governor, "ClassDelaySet").withArgs(ProposalClass.TreasurySpend, 600n, 900n);
    });

    it("governance-only setters refuse direct calls", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await expect(f.governor.setClassDelay(ProposalClass.Upgrade, 0n))
        .to.be.revertedWithCustomError(f.governor, "GovernorOnlyExecutor")
        .withArgs(f.deployer.address);
      await expect(f.governor.setChamberQuorum(0, 1)).to.be.revertedWithCustomError(f.governor, "GovernorOnlyExecutor");
      await expect(f.governor.setProposalGuardian(f.deployer.address)).to.be.revertedWithCustomError(f.governor, "GovernorOnlyExecutor");
    });
  });

  describe("CouncilMembership (token chamber)", function () {
    it("the token chamber adds a member whose vote counts in the next proposal", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p: Proposal = {
        targets: [await f.council.getAddress()],
        values: [0n],
        calldatas: [f.council.interface.encodeFunctionData("addMember", [f.outsider.address])],
        description: "welcome outsider",
      };
      const proposalId = await run(f, p, [[f.alice, Vote.For], [f.m1, Vote.Against], [f.m2, Vote.Against], [f.m3, Vote.Against]]);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Succeeded));
      await queue(f, p);
      await time.increase(SUITE.classDelays[ProposalClass.CouncilMembership]);
      await expect(execute(f, p)).to.emit(f.council, "MemberAdded").withArgs(f.outsider.address);
      await time.increase(1);
      const next = await propose(f, await paramChange(f, 3n), f.outsider);
      await toVoting(f, next);
      await f.governor.connect(f.outsider).castVote(next, Vote.For);
      expect((await f.governor.chamberVotes(next))[1].forVotes).to.equal(1n);
    });

    it("fails without token quorum", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p: Proposal = {
        targets: [await f.council.getAddress()],
        values: [0n],
        calldatas: [f.council.interface.encodeFunctionData("removeMember", [f.m1.address])],
        description: "remove m1",
      };
      const proposalId = await run(f, p, [[f.m2, Vote.For], [f.m3, Vote.For]]);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Defeated));
    });
  });

  describe("Emergency (technical chamber, token veto)", function () {
    it("passes on the technical chamber alone and runs after the short delay", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p = await paramChange(f, 7n, "emergency gas price");
      const proposalId = await run(f, p, [[f.m1, Vote.For], [f.m2, Vote.For]], ProposalClass.Emergency);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Succeeded));
      await queue(f, p);
      expect(await f.governor.proposalEta(proposalId)).to.equal(BigInt(await time.latest()) + SUITE.classDelays[ProposalClass.Emergency]);
      await time.increase(SUITE.classDelays[ProposalClass.Emergency]);
      await expect(execute(f, p)).to.emit(f.params, "ParamChangeScheduled");
    });

    it("fails without technical quorum or majority", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const few = await run(f, await paramChange(f, 7n, "one member"), [[f.m1, Vote.For], [f.alice, Vote.For]], ProposalClass.Emergency);
      expect(await f.governor.state(few)).to.equal(BigInt(ProposalState.Defeated));
      const split = await run(f, await paramChange(f, 7n, "split"), [[f.m1, Vote.For], [f.m2, Vote.Against]], ProposalClass.Emergency);
      expect(await f.governor.state(split)).to.equal(BigInt(ProposalState.Defeated));
    });

    it("token Against votes reaching the token quorum during voting veto it", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p = await paramChange(f, 7n, "vetoed while voting");
      const proposalId = await propose(f, p, f.m1, ProposalClass.Emergency);
      await toVoting(f, proposalId);
      await vote(f, proposalId, [[f.m1, Vote.For], [f.m2, Vote.For], [f.m3, Vote.For]]);
      await expect(f.governor.connect(f.alice).castVote(proposalId, Vote.Against)).to.emit(f.governor, "ProposalVetoed").withArgs(proposalId);
      expect(await f.governor.isVetoed(proposalId)).to.equal(true);
      await toEnd(f, proposalId);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Defeated));
    });

    it("after voting, vetoEmergency defeats a succeeded or queued proposal and cancels its timelock operation", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p = await paramChange(f, 7n, "vetoed in the timelock");
      const proposalId = await run(f, p, [[f.m1, Vote.For], [f.m2, Vote.For]], ProposalClass.Emergency);
      await queue(f, p);
      const operationId = await f.governor.proposalTimelockId(proposalId);
      expect(await f.timelock.isOperationPending(operationId)).to.equal(true);
      await expect(f.governor.connect(f.carol).vetoEmergency(proposalId))
        .to.emit(f.governor, "EmergencyVetoCast")
        .withArgs(f.carol.address, proposalId, parseEther("300"))
        .and.to.emit(f.governor, "ProposalVetoed")
        .withArgs(proposalId);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Defeated));
      expect(await f.timelock.isOperation(operationId)).to.equal(false);
      await time.increase(SUITE.classDelays[ProposalClass.Emergency]);
      await expect(execute(f, p)).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");

      const q = await paramChange(f, 8n, "vetoed before queueing");
      const second = await run(f, q, [[f.m1, Vote.For], [f.m2, Vote.For]], ProposalClass.Emergency);
      await f.governor.connect(f.alice).vetoEmergency(second);
      expect(await f.governor.state(second)).to.equal(BigInt(ProposalState.Defeated));
      await expect(queue(f, q)).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
    });

    it("a veto below the token quorum does not block it", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await f.stakedLAT.connect(f.outsider).deposit({ value: parseEther("100") });
      await time.increase(1);
      const p = await paramChange(f, 7n, "small veto");
      const proposalId = await run(f, p, [[f.m1, Vote.For], [f.m2, Vote.For]], ProposalClass.Emergency);
      await expect(f.governor.connect(f.outsider).vetoEmergency(proposalId)).not.to.emit(f.governor, "ProposalVetoed");
      await queue(f, p);
      await time.increase(SUITE.classDelays[ProposalClass.Emergency]);
      await execute(f, p);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Executed));
    });

    it("veto is refused for other classes, twice, without stake, or while voting", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const pc = await run(f, await paramChange(f, 2n), [[f.alice, Vote.For], [f.m1, Vote.For], [f.m2, Vote.For]]);
      await expect(f.governor.connect(f.bob).vetoEmergency(pc))
        .to.be.revertedWithCustomError(f.governor, "GovernorNotEmergency")
        .withArgs(pc, ProposalClass.ParameterChange);
      const em = await run(f, await paramChange(f, 7n, "em"), [[f.m1, Vote.For], [f.m2, Vote.For], [f.outsider, Vote.For]], ProposalClass.Emergency);
      await expect(f.governor.connect(f.m1).vetoEmergency(em)).to.be.revertedWithCustomError(f.governor, "GovernorAlreadyCastVote");
      await expect(f.governor.connect(f.m3).vetoEmergency(em))
        .to.be.revertedWithCustomError(f.governor, "GovernorNoVetoWeight")
        .withArgs(f.m3.address, em);
      const active = await propose(f, await paramChange(f, 9n, "active"), f.m1, ProposalClass.Emergency);
      await toVoting(f, active);
      await expect(f.governor.connect(f.bob).vetoEmergency(active)).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
    });
  });

  describe("cancel", function () {
    it("the proposer cancels before voting starts, not after", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p = await paramChange(f, 2n);
      const proposalId = await propose(f, p, f.alice);
      await expect(f.governor.connect(f.bob).cancel(p.targets, p.values, p.calldatas, id(p.description)))
        .to.be.revertedWithCustomError(f.governor, "GovernorUnableToCancel")
        .withArgs(proposalId, f.bob.address);
      await expect(f.governor.connect(f.alice).cancel(p.targets, p.values, p.calldatas, id(p.description)))
        .to.emit(f.governor, "ProposalCanceled")
        .withArgs(proposalId);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Canceled));

      const q = await paramChange(f, 3n, "second");
      const second = await propose(f, q, f.alice);
      await toVoting(f, second);
      await expect(f.governor.connect(f.alice).cancel(q.targets, q.values, q.calldatas, id(q.description)))
        .to.be.revertedWithCustomError(f.governor, "GovernorUnableToCancel");
    });

    it("the guardian cancels at any stage, including in the timelock", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p = await treasurySpend(f, f.recipient.address, 1n);
      const proposalId = await run(f, p, [[f.alice, Vote.For]]);
      await queue(f, p);
      const operationId = await f.governor.proposalTimelockId(proposalId);
      await expect(f.governor.connect(f.guardian).cancel(p.targets, p.values, p.calldatas, id(p.description)))
        .to.emit(f.timelock, "Cancelled")
        .withArgs(operationId);
      expect(await f.governor.state(proposalId)).to.equal(BigInt(ProposalState.Canceled));
      await time.increase(SUITE.classDelays[ProposalClass.TreasurySpend]);
      await expect(execute(f, p)).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
    });
  });

  describe("votes", function () {
    it("counts each vote in both chambers with its snapshot weights, once", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      await f.stakedLAT.connect(f.m1).deposit({ value: parseEther("10") });
      await time.increase(1);
      const proposalId = await propose(f, await paramChange(f, 2n), f.alice);
      await toVoting(f, proposalId);
      // Stake added after the snapshot does not count.
      await f.stakedLAT.connect(f.m2).deposit({ value: parseEther("10") });
      await expect(f.governor.connect(f.m1).castVote(proposalId, Vote.For))
        .to.emit(f.governor, "ChamberVotesCast")
        .withArgs(f.m1.address, proposalId, Vote.For, parseEther("10"), 1n);
      await expect(f.governor.connect(f.m2).castVote(proposalId, Vote.For))
        .to.emit(f.governor, "ChamberVotesCast")
        .withArgs(f.m2.address, proposalId, Vote.For, 0n, 1n);
      await expect(f.governor.connect(f.m1).castVote(proposalId, Vote.Against)).to.be.revertedWithCustomError(f.governor, "GovernorAlreadyCastVote");
      await expect(f.governor.connect(f.bob).castVote(proposalId, 3)).to.be.revertedWithCustomError(f.governor, "GovernorInvalidVoteType");
      expect(await f.governor.hasVoted(proposalId, f.m1.address)).to.equal(true);
      expect(await f.governor.proposalVotes(proposalId)).to.deep.equal([0n, parseEther("10"), 0n]);
    });

    it("quorum fractions above 100% are refused (through governance)", async function () {
      const f = await networkHelpers.loadFixture(deployFixture);
      const p: Proposal = {
        targets: [await f.governor.getAddress()],
        values: [0n],
        calldatas: [f.governor.interface.encodeFunctionData("setChamberQuorum", [1, 10_001])],
        description: "bad quorum",
      };
      await run(f, p, [[f.alice, Vote.For], [f.m1, Vote.For], [f.m2, Vote.For]]);
      await queue(f, p);
      await time.increase(SUITE.classDelays[ProposalClass.Upgrade]);
      await expect(execute(f, p)).to.be.revertedWithCustomError(f.governor, "GovernorInvalidQuorumFraction").withArgs(10_001n);
    });
  });
});
