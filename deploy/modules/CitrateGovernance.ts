import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id, ZeroHash } from "ethers";
import CitrateEconomy from "./CitrateEconomy.js";

const PROPOSER_ROLE = id("PROPOSER_ROLE");
const EXECUTOR_ROLE = id("EXECUTOR_ROLE");
const CANCELLER_ROLE = id("CANCELLER_ROLE");
const DEFAULT_ADMIN_ROLE = ZeroHash;
// Salt of the one-off hand-over operation (any fixed value; it only has to be the same in schedule and execute).
const HANDOVER_SALT = id("citrate.governance.handover");

/**
 * The protocol's governance on top of CitrateEconomy, each contract behind an ERC-1967 proxy initialised
 * in the proxy's constructor: StakedLAT, TechnicalCouncil (owned by the Timelock), CitrateTimelock,
 * CitrateGovernor and GovernanceFactory (with its DAOToken, DAOGovernor, timelock and Treasury
 * implementations). ProtocolParams and the Treasury move to the Timelock (`transferOwnership`, then one
 * Timelock operation that runs both `acceptOwnership` calls and raises the Timelock's delay from 0 to
 * `minDelay`); the Governor becomes the Timelock's only proposer, canceller and executor and the deployer
 * gives up every Timelock role. Times are in seconds (the governance clock is the block timestamp).
 *
 * Parameters: `minDelay` (60), `votingDelay` (60), `votingPeriod` (300), `proposalThreshold` (wei of
 * staked LAT, 1 LAT), `tokenQuorumBps` (400), `technicalQuorumBps` (5000), `classDelays` (ParameterChange,
 * TreasurySpend, Upgrade, CouncilMembership, Emergency: 120, 120, 600, 120, 60), `councilMembers` ([]),
 * `guardian` (the deployer).
 */
export default buildModule("CitrateGovernance", (m) => {
  const { protocolParams, treasury, feeSplitter } = m.useModule(CitrateEconomy);
  const deployer = m.getAccount(0);
  const minDelay = m.getParameter("minDelay", 60n);
  const councilMembers = m.getParameter<string[]>("councilMembers", []);

  const timelockImplementation = m.contract("CitrateTimelock", [], { id: "CitrateTimelockImplementation" });
  const timelockProxy = m.contract(
    "ERC1967Proxy",
    // Delay 0 and the deployer as proposer/executor only for the hand-over below, in this deployment.
    [timelockImplementation, m.encodeFunctionCall(timelockImplementation, "initialize", [0n, [deployer], [deployer], deployer])],
    { id: "CitrateTimelockProxy" },
  );
  const timelock = m.contractAt("CitrateTimelock", timelockProxy, { id: "Timelock" });

  const stakedImplementation = m.contract("StakedLAT", [], { id: "StakedLATImplementation" });
  const stakedProxy = m.contract(
    "ERC1967Proxy",
    [stakedImplementation, m.encodeFunctionCall(stakedImplementation, "initialize", [])],
    { id: "StakedLATProxy" },
  );
  const stakedLAT = m.contractAt("StakedLAT", stakedProxy, { id: "StakedLAT" });

  const councilImplementation = m.contract("TechnicalCouncil", [], { id: "TechnicalCouncilImplementation" });
  const councilProxy = m.contract(
    "ERC1967Proxy",
    [councilImplementation, m.encodeFunctionCall(councilImplementation, "initialize", [timelock, councilMembers])],
    { id: "TechnicalCouncilProxy" },
  );
  const technicalCouncil = m.contractAt("TechnicalCouncil", councilProxy, { id: "TechnicalCouncil" });

  const governorImplementation = m.contract("CitrateGovernor", [], { id: "CitrateGovernorImplementation" });
  const governorConfig = {
    stakedLAT,
    council: technicalCouncil,
    timelock,
    protocolParams,
    treasury,
    guardian: m.getParameter("guardian", deployer),
    votingDelay: m.getParameter("votingDelay", 60n),
    votingPeriod: m.getParameter("votingPeriod", 300n),
    proposalThreshold: m.getParameter("proposalThreshold", 10n ** 18n),
    tokenQuorumBps: m.getParameter("tokenQuorumBps", 400n),
    technicalQuorumBps: m.getParameter("technicalQuorumBps", 5_000n),
    classDelays: m.getParameter<bigint[]>("classDelays", [120n, 120n, 600n, 120n, 60n]),
  };
  const governorProxy = m.contract(
    "ERC1967Proxy",
    [governorImplementation, m.encodeFunctionCall(governorImplementation, "initialize", [governorConfig])],
    { id: "CitrateGovernorProxy" },
  );
  const citrateGovernor = m.contractAt("CitrateGovernor", governorProxy, { id: "CitrateGovernor" });

  const factoryImplementation = m.contract("GovernanceFactory", [], { id: "GovernanceFactoryImplementation" });
  const implementations = {
    token: m.contract("DAOToken", [], { id: "DAOTokenImplementation" }),
    governor: m.contract("DAOGovernor", [], { id: "DAOGovernorImplementation" }),
    timelock: timelockImplementation,
    treasury: m.contract("Treasury", [], { id: "DAOTreasuryImplementation" }),
  };
  const factoryProxy = m.contract(
    "ERC1967Proxy",
    [factoryImplementation, m.encodeFunctionCall(factoryImplementation, "initialize", [implementations])],
    { id: "GovernanceFactoryProxy" },
  );
  const governanceFactory = m.contractAt("GovernanceFactory", factoryProxy, { id: "GovernanceFactory" });

  // Hand ProtocolParams and the Treasury to the Timelock, then raise its delay, in one operation.
  const offerParams = m.call(protocolParams, "transferOwnership", [timelock], { id: "OfferProtocolParams" });
  const offerTreasury = m.call(treasury, "transferOwnership", [timelock], { id: "OfferTreasury" });
  const handover = [
    [protocolParams, treasury, timelock],
    [0n, 0n, 0n],
    [
      m.encodeFunctionCall(protocolParams, "acceptOwnership", [], { id: "AcceptProtocolParams" }),
      m.encodeFunctionCall(treasury, "acceptOwnership", [], { id: "AcceptTreasury" }),
      m.encodeFunctionCall(timelock, "updateDelay", [minDelay], { id: "RaiseTimelockDelay" }),
    ],
    ZeroHash,
    HANDOVER_SALT,
  ];
  const scheduled = m.call(timelock, "scheduleBatch", [...handover, 0n], { id: "ScheduleHandover", after: [offerParams, offerTreasury] });
  const executed = m.call(timelock, "executeBatch", handover, { id: "ExecuteHandover", after: [scheduled] });

  // The Governor alone proposes, cancels and executes; the deployer keeps nothing.
  const grants = [PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE].map((role, i) =>
    m.call(timelock, "grantRole", [role, citrateGovernor], { id: `GrantGovernor${i}`, after: [executed] }),
  );
  const revokes = [PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE].map((role, i) =>
    m.call(timelock, "revokeRole", [role, deployer], { id: `RevokeDeployer${i}`, after: grants }),
  );
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "RenounceTimelockAdmin", after: revokes });

  return { protocolParams, treasury, feeSplitter, stakedLAT, technicalCouncil, timelock, citrateGovernor, governanceFactory };
});
