// Deploys the protocol governance suite the way the Ignition module and the genesis builder do: every
// contract behind an ERC1967 proxy initialised through the proxy's constructor calldata, ProtocolParams,
// the Treasury and the TechnicalCouncil owned by the Timelock, the Governor the Timelock's only
// proposer, canceller and executor, and no admin left on the Timelock.
import { parseEther, type Signer } from "ethers";
import {
  CitrateGovernor__factory,
  CitrateTimelock__factory,
  StakedLAT__factory,
  TechnicalCouncil__factory,
  TestProxy__factory,
  type CitrateGovernor,
  type CitrateTimelock,
  type ProtocolParams,
  type StakedLAT,
  type TechnicalCouncil,
  type Treasury,
} from "../../../../types/ethers-contracts/index.js";
import { deployProtocolParams, deployTreasury } from "../../support/protocol-suite.js";

/** Proposal classes, in the Solidity enum's order. */
export const ProposalClass = { ParameterChange: 0, TreasurySpend: 1, Upgrade: 2, CouncilMembership: 3, Emergency: 4 } as const;
/** Governor proposal states, in OpenZeppelin's enum order. */
export const ProposalState = { Pending: 0, Active: 1, Canceled: 2, Defeated: 3, Succeeded: 4, Queued: 5, Expired: 6, Executed: 7 } as const;
/** Governor Bravo vote types. */
export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

/** The settings the tests use (seconds and basis points). */
export const SUITE = {
  minDelay: 60n,
  votingDelay: 100n,
  votingPeriod: 1_000n,
  proposalThreshold: parseEther("100"),
  tokenQuorumBps: 2_000,
  technicalQuorumBps: 5_000,
  // ParameterChange, TreasurySpend, Upgrade, CouncilMembership, Emergency
  classDelays: [600n, 600n, 3_600n, 600n, 60n] as const,
} as const;

export interface GovernanceSuite {
  params: ProtocolParams;
  treasury: Treasury;
  stakedLAT: StakedLAT;
  council: TechnicalCouncil;
  timelock: CitrateTimelock;
  governor: CitrateGovernor;
  governorImplementation: CitrateGovernor;
}

async function proxy(deployer: Signer, implementation: string, data: string): Promise<string> {
  const deployed = await new TestProxy__factory(deployer).deploy(implementation, data);
  return deployed.getAddress();
}

/** Deploys and wires the suite; `members` seed the council, `guardian` may cancel any proposal. */
export async function deployGovernanceSuite(deployer: Signer, members: string[], guardian: string): Promise<GovernanceSuite> {
  const deployerAddress = await deployer.getAddress();

  const timelockImplementation = await new CitrateTimelock__factory(deployer).deploy();
  const timelockAddress = await proxy(
    deployer,
    await timelockImplementation.getAddress(),
    timelockImplementation.interface.encodeFunctionData("initialize", [SUITE.minDelay, [], [], deployerAddress]),
  );
  const timelock = CitrateTimelock__factory.connect(timelockAddress, deployer);

  const { params } = await deployProtocolParams(deployer, timelockAddress);
  const { treasury } = await deployTreasury(deployer, timelockAddress);

  const stakedImplementation = await new StakedLAT__factory(deployer).deploy();
  const stakedLAT = StakedLAT__factory.connect(
    await proxy(deployer, await stakedImplementation.getAddress(), stakedImplementation.interface.encodeFunctionData("initialize")),
    deployer,
  );

  const councilImplementation = await new TechnicalCouncil__factory(deployer).deploy();
  const council = TechnicalCouncil__factory.connect(
    await proxy(
      deployer,
      await councilImplementation.getAddress(),
      councilImplementation.interface.encodeFunctionData("initialize", [timelockAddress, members]),
    ),
    deployer,
  );

  const governorImplementation = await new CitrateGovernor__factory(deployer).deploy();
  const governor = CitrateGovernor__factory.connect(
    await proxy(
      deployer,
      await governorImplementation.getAddress(),
      governorImplementation.interface.encodeFunctionData("initialize", [
        {
          stakedLAT: await stakedLAT.getAddress(),
          council: await council.getAddress(),
          timelock: timelockAddress,
          protocolParams: await params.getAddress(),
          treasury: await treasury.getAddress(),
          guardian,
          votingDelay: SUITE.votingDelay,
          votingPeriod: SUITE.votingPeriod,
          proposalThreshold: SUITE.proposalThreshold,
          tokenQuorumBps: SUITE.tokenQuorumBps,
          technicalQuorumBps: SUITE.technicalQuorumBps,
          classDelays: [...SUITE.classDelays],
        },
      ]),
    ),
    deployer,
  );

  const governorAddress = await governor.getAddress();
  for (const role of [await timelock.PROPOSER_ROLE(), await timelock.CANCELLER_ROLE(), await timelock.EXECUTOR_ROLE()]) {
    await timelock.grantRole(role, governorAddress);
  }
  await timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployerAddress);

  return { params, treasury, stakedLAT, council, timelock, governor, governorImplementation };
}
