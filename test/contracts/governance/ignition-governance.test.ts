import { expect } from "chai";
import { id, ZeroHash } from "ethers";
import { network } from "hardhat";
import CitrateGovernance from "../../../deploy/modules/CitrateGovernance.js";
import { devChainHelpers, testDeploymentId } from "../../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers, ignition } = connection;
const networkHelpers = devChainHelpers(connection.provider);

describe("Ignition: CitrateGovernance", function () {
  async function deployFixture() {
    const [deployer, m1, m2] = await ethers.getSigners();
    const deployed = await ignition.deploy(CitrateGovernance, {
      deploymentId: testDeploymentId(connection),
      parameters: { CitrateGovernance: { councilMembers: [m1.address, m2.address], minDelay: 90n } },
    });
    return { deployer, m1, m2, ...deployed };
  }

  it("hands ProtocolParams, the Treasury and the council to the Timelock and leaves the deployer no role", async function () {
    const { deployer, m1, protocolParams, treasury, technicalCouncil, timelock, citrateGovernor } =
      await networkHelpers.loadFixture(deployFixture);
    const timelockAddress = await timelock.getAddress();
    expect(await protocolParams.getFunction("owner")()).to.equal(timelockAddress);
    expect(await treasury.getFunction("owner")()).to.equal(timelockAddress);
    expect(await technicalCouncil.getFunction("owner")()).to.equal(timelockAddress);
    expect(await technicalCouncil.getFunction("isMember")(m1.address)).to.equal(true);
    expect(await timelock.getFunction("getMinDelay")()).to.equal(90n);
    const governorAddress = await citrateGovernor.getAddress();
    for (const role of ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"]) {
      expect(await timelock.getFunction("hasRole")(id(role), governorAddress)).to.equal(true);
      expect(await timelock.getFunction("hasRole")(id(role), deployer.address)).to.equal(false);
    }
    expect(await timelock.getFunction("hasRole")(ZeroHash, deployer.address)).to.equal(false);
    expect(await citrateGovernor.getFunction("timelock")()).to.equal(timelockAddress);
    expect(await citrateGovernor.getFunction("CLOCK_MODE")()).to.equal("mode=timestamp");
  });

  it("deploys a working GovernanceFactory", async function () {
    const { deployer, governanceFactory } = await networkHelpers.loadFixture(deployFixture);
    const config = {
      name: "App",
      symbol: "APP",
      holders: [deployer.address],
      amounts: [1_000n],
      votingDelay: 1n,
      votingPeriod: 10n,
      proposalThreshold: 0n,
      quorumPercent: 4n,
      timelockDelay: 1n,
    };
    await governanceFactory.getFunction("createDAO")(config);
    expect(await governanceFactory.getFunction("daoCount")()).to.equal(1n);
  });
});
