// The `citrate:*` Hardhat tasks. Each action lives in its own file, imported only when its task runs
// (so loading hardhat.config.ts never needs compiled contract types).
import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

/** A task with the options naming the protocol contracts, shared by every governance task (empty: look them up). */
function governanceTask(id: string, description: string) {
  return task(id, description)
    .addOption({ name: "governor", description: "CitrateGovernor address", defaultValue: "" })
    .addOption({ name: "council", description: "TechnicalCouncil address", defaultValue: "" })
    .addOption({ name: "params", description: "ProtocolParams address", defaultValue: "" })
    .addOption({ name: "treasury", description: "Treasury address", defaultValue: "" })
    .addOption({ name: "factory", description: "GovernanceFactory address", defaultValue: "" })
    .addOption({ name: "deploymentId", description: "Ignition deployment to read addresses from", defaultValue: "" });
}

const proposalId = { name: "id", description: "proposal id (decimal or 0x hex; required)", defaultValue: "" } as const;

export const citrateTasks = [
  governanceTask("citrate:gov:propose", "Create a proposal (one action) and print its id")
      .addOption({ name: "description", description: "proposal text", defaultValue: "" })
      .addOption({ name: "proposalClass", description: "auto, ParameterChange, TreasurySpend, Upgrade, CouncilMembership or Emergency", defaultValue: "auto" })
      .addOption({ name: "param", description: "parameter name for setParam, e.g. citrate.node.minGasPrice", defaultValue: "" })
      .addOption({ name: "value", description: "new parameter value (with --param)", type: ArgumentType.BIGINT, defaultValue: 0n })
      .addOption({ name: "spendTo", description: "treasury spend recipient", defaultValue: "" })
      .addOption({ name: "amount", description: "treasury spend in wei (with --spend-to)", type: ArgumentType.BIGINT, defaultValue: 0n })
      .addOption({ name: "addMember", description: "council member to add", defaultValue: "" })
      .addOption({ name: "removeMember", description: "council member to remove", defaultValue: "" })
      .addOption({ name: "target", description: "raw call target (with --calldata)", defaultValue: "" })
      .addOption({ name: "calldata", description: "raw call data, 0x hex", defaultValue: "0x" })
      .addOption({ name: "callValue", description: "wei sent with the raw call", type: ArgumentType.BIGINT, defaultValue: 0n })
    .setAction(() => import("./governance/propose.js"))
    .build(),

  governanceTask("citrate:gov:vote", "Vote on a proposal (for, against, abstain) or veto an emergency proposal (veto)")
      .addOption(proposalId)
      .addOption({ name: "support", description: "for, against, abstain or veto", defaultValue: "for" })
      .addOption({ name: "reason", description: "reason logged with the vote", defaultValue: "" })
    .setAction(() => import("./governance/vote.js"))
    .build(),

  governanceTask("citrate:gov:queue", "Queue a succeeded proposal in the Timelock").addOption(proposalId)
    .setAction(() => import("./governance/queue.js"))
    .build(),

  governanceTask("citrate:gov:execute", "Execute a queued proposal once its delay has passed").addOption(proposalId)
    .setAction(() => import("./governance/execute.js"))
    .build(),

  governanceTask("citrate:gov:status", "Show a proposal: state, class, votes per chamber, quorums, eta").addOption(proposalId)
    .setAction(() => import("./governance/status.js"))
    .build(),

  governanceTask("citrate:gov:list", "List every proposal with its state and class")
    .setAction(() => import("./governance/list.js"))
    .build(),

  governanceTask("citrate:council:add", "Propose adding a council member (a CouncilMembership proposal)")
      .addOption({ name: "member", description: "address to add", defaultValue: "" })
      .addOption({ name: "description", description: "proposal text", defaultValue: "" })
    .setAction(() => import("./governance/council-add.js"))
    .build(),

  governanceTask("citrate:council:remove", "Propose removing a council member (a CouncilMembership proposal)")
      .addOption({ name: "member", description: "address to remove", defaultValue: "" })
      .addOption({ name: "description", description: "proposal text", defaultValue: "" })
    .setAction(() => import("./governance/council-remove.js"))
    .build(),

  governanceTask("citrate:council:list", "List the council's members")
    .setAction(() => import("./governance/council-list.js"))
    .build(),

  governanceTask("citrate:dao:create", "Create an application DAO (token, governor, timelock, treasury) in one transaction")
      .addOption({ name: "name", description: "DAO and token name", defaultValue: "" })
      .addOption({ name: "symbol", description: "token symbol", defaultValue: "" })
      .addOption({ name: "holders", description: "comma-separated initial holders", defaultValue: "" })
      .addOption({ name: "amounts", description: "comma-separated initial balances (token units, wei)", defaultValue: "" })
      .addOption({ name: "votingDelay", description: "seconds before voting starts", type: ArgumentType.BIGINT, defaultValue: 60n })
      .addOption({ name: "votingPeriod", description: "seconds of voting", type: ArgumentType.BIGINT, defaultValue: 300n })
      .addOption({ name: "threshold", description: "votes needed to propose", type: ArgumentType.BIGINT, defaultValue: 0n })
      .addOption({ name: "quorum", description: "quorum, percent of supply", type: ArgumentType.BIGINT, defaultValue: 4n })
      .addOption({ name: "timelockDelay", description: "seconds between queue and execute", type: ArgumentType.BIGINT, defaultValue: 60n })
    .setAction(() => import("./governance/dao-create.js"))
    .build(),

  governanceTask("citrate:params", "Show every protocol parameter: value, pending change, bounds")
    .setAction(() => import("./governance/params.js"))
    .build(),
];
