import { rejects } from "node:assert/strict";
import { expect } from "chai";
import { parseEther } from "ethers";
import hre from "hardhat";
import { deployGovernanceFactory } from "./support/dao-factory.js";
import { deployGovernanceSuite, SUITE } from "./support/governance-suite.js";
import { devChainHelpers } from "../../support/dev-chain-helpers.js";

// The tasks reuse the cached connection of the selected network, so the test shares it.
const connection = await hre.network.getOrCreate();
const { ethers } = connection;
const networkHelpers = devChainHelpers(connection.provider);
const { time } = networkHelpers;

describe("citrate:* tasks", function () {
  async function deployFixture() {
    const [deployer, guardian, alice, m1, m2, newMember] = await ethers.getSigners();
    const suite = await deployGovernanceSuite(deployer, [deployer.address, m1.address, m2.address], guardian.address);
    const { factory } = await deployGovernanceFactory(deployer);
    await suite.stakedLAT.connect(deployer).deposit({ value: parseEther("500") });
    await suite.stakedLAT.connect(alice).deposit({ value: parseEther("100") });
    await time.increase(1);
    const options = {
      governor: await suite.governor.getAddress(),
      council: await suite.council.getAddress(),
      params: await suite.params.getAddress(),
      treasury: await suite.treasury.getAddress(),
      factory: await factory.getAddress(),
    };
    return { ...suite, factory, deployer, m1, m2, newMember, options };
  }

  const run = (name: string, args: Record<string, unknown>) => hre.tasks.getTask(name).run(args);

  it("propose → vote → status → queue → execute changes a parameter; list shows it", async function () {
    const { options, governor, params, m1, m2 } = await networkHelpers.loadFixture(deployFixture);
    const proposed = (await run("citrate:gov:propose", {
      ...options,
      description: "min gas price to 2 gwei",
      param: "citrate.node.minGasPrice",
      value: 2n * 10n ** 9n,
    })) as { proposalId: string; proposalClass: string };
    expect(proposed.proposalClass).to.equal("ParameterChange");
    const proposalId = BigInt(proposed.proposalId);
    await time.increaseTo((await governor.proposalSnapshot(proposalId)) + 1n);
    await run("citrate:gov:vote", { ...options, id: proposed.proposalId, support: "for" });
    await governor.connect(m1).castVote(proposalId, 1);
    await governor.connect(m2).castVote(proposalId, 2);
    const active = (await run("citrate:gov:status", { ...options, id: proposed.proposalId })) as { state: string; tokenVotes: { for: string }; technicalVotes: { for: string; abstain: string } };
    expect(active.state).to.equal("Active");
    expect(active.tokenVotes.for).to.equal(parseEther("500").toString());
    expect(active.technicalVotes).to.deep.include({ for: "2", abstain: "1" });
    await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
    const queued = (await run("citrate:gov:queue", { ...options, id: proposed.proposalId })) as { eta: string };
    expect(BigInt(queued.eta)).to.equal(BigInt(await time.latest()) + SUITE.classDelays[0]);
    await time.increaseTo(BigInt(queued.eta));
    await run("citrate:gov:execute", { ...options, id: proposed.proposalId });
    const lines = (await run("citrate:params", options)) as { name: string; pendingValue: string | null }[];
    expect(lines.find((line) => line.name === "citrate.node.minGasPrice")?.pendingValue).to.equal((2n * 10n ** 9n).toString());
    expect(await params.isParam(ethers.id("citrate.node.minGasPrice"))).to.equal(true);
    const listed = (await run("citrate:gov:list", options)) as { proposalId: string; state: string }[];
    expect(listed).to.deep.include({
      proposalId: proposed.proposalId,
      state: "Executed",
      proposalClass: "ParameterChange",
      proposer: (await ethers.getSigners())[0].address,
      description: "min gas price to 2 gwei",
    });
  });

  it("council:add proposes a CouncilMembership change; council:list shows the members", async function () {
    const { options, governor, newMember, deployer, m1, m2 } = await networkHelpers.loadFixture(deployFixture);
    const proposed = (await run("citrate:council:add", { ...options, member: newMember.address, description: "" })) as { proposalId: string };
    expect(await governor.proposalClass(BigInt(proposed.proposalId))).to.equal(3n);
    const removal = (await run("citrate:council:remove", { ...options, member: m2.address, description: "" })) as { proposalClass: string };
    expect(removal.proposalClass).to.equal("CouncilMembership");
    const members = (await run("citrate:council:list", options)) as string[];
    expect(members).to.have.members([deployer.address, m1.address, m2.address]);
  });

  it("dao:create makes a DAO", async function () {
    const { options, factory, deployer, m1 } = await networkHelpers.loadFixture(deployFixture);
    const dao = (await run("citrate:dao:create", {
      ...options,
      name: "Task DAO",
      symbol: "TASK",
      holders: `${deployer.address},${m1.address}`,
      amounts: "100,200",
      votingDelay: 1n,
      votingPeriod: 50n,
      threshold: 0n,
      quorum: 4n,
      timelockDelay: 10n,
    })) as { governor: string };
    expect((await factory.daoAt(0n)).governor).to.equal(dao.governor);
  });

  it("reports bad arguments clearly", async function () {
    const { options } = await networkHelpers.loadFixture(deployFixture);
    await rejects(run("citrate:gov:vote", { ...options, id: "" }), { message: /--id is required/ });
    await rejects(run("citrate:gov:vote", { ...options, id: "1", support: "maybe" }), { message: /--support must be/ });
    await rejects(run("citrate:gov:propose", { ...options, description: "two actions", param: "citrate.node.minGasPrice", spendTo: options.params }), { message: /give exactly one action/ });
    await rejects(run("citrate:gov:propose", { ...options, description: "x", proposalClass: "Big", param: "citrate.node.minGasPrice" }), { message: /unknown proposal class Big/ });
    await rejects(run("citrate:gov:status", { ...options, id: "1", governor: "0x1234" }), { message: /--governor is not an address/ });
    await rejects(run("citrate:gov:status", { ...options, id: "12345" }), { message: /no proposal 12345 on the Governor at 0x/ });
    await rejects(run("citrate:gov:propose", { ...options, description: "x", proposalClass: "TreasurySpend", param: "citrate.node.minGasPrice" }), {
      message: /propose reverted: action 0 .* is not allowed in a TreasurySpend proposal \(GovernorClassActionMismatch\)/,
    });
    await rejects(run("citrate:council:list", { ...options, council: "", deploymentId: "no-such-deployment" }), {
      message: /no Ignition deployment "no-such-deployment" \(looked for deploy\/deployments\/no-such-deployment\/deployed_addresses.json\)/,
    });
  });
});
