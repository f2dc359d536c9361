// Proposal helpers shared by the governance tasks: names of states and classes, building one action,
// and recovering a proposal's actions from its ProposalCreated event.
import { getAddress, id, isAddress, isHexString } from "ethers";
import type { CitrateGovernor } from "../../types/ethers-contracts/index.js";
import { TaskArgumentError, type GovernanceContext } from "./contracts.js";

/** OpenZeppelin's ProposalState, by value. */
export const STATE_NAMES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"] as const;
/** CitrateGovernor's ProposalClass, by value. */
export const CLASS_NAMES = ["ParameterChange", "TreasurySpend", "Upgrade", "CouncilMembership", "Emergency"] as const;

/** A proposal's actions and description, as `propose`, `queue` and `execute` take them. */
export interface ProposalActions {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

/** The action options of `citrate:gov:propose`. */
export interface ActionOptions {
  param: string;
  value: bigint;
  spendTo: string;
  amount: bigint;
  addMember: string;
  removeMember: string;
  target: string;
  calldata: string;
  callValue: bigint;
}

function address(option: string, value: string): string {
  if (!isAddress(value)) throw new TaskArgumentError(`--${option} is not an address: ${value}`);
  return getAddress(value);
}

/** Builds the single action named by exactly one of the action options. */
export async function buildAction(options: ActionOptions, ctx: GovernanceContext): Promise<{ target: string; value: bigint; calldata: string }> {
  const chosen = [options.param, options.spendTo, options.addMember, options.removeMember, options.target].filter((o) => o !== "");
  if (chosen.length !== 1) {
    throw new TaskArgumentError("give exactly one action: --param, --spend-to, --add-member, --remove-member or --target");
  }
  if (options.param !== "") {
    const params = await ctx.params();
    return { target: await params.getAddress(), value: 0n, calldata: params.interface.encodeFunctionData("setParam", [id(options.param), options.value]) };
  }
  if (options.spendTo !== "") {
    const treasury = await ctx.treasury();
    const calldata = treasury.interface.encodeFunctionData("spend", [address("spend-to", options.spendTo), options.amount, "governance proposal"]);
    return { target: await treasury.getAddress(), value: 0n, calldata };
  }
  if (options.addMember !== "" || options.removeMember !== "") {
    const council = await ctx.council();
    const calldata =
      options.addMember !== ""
        ? council.interface.encodeFunctionData("addMember", [address("add-member", options.addMember)])
        : council.interface.encodeFunctionData("removeMember", [address("remove-member", options.removeMember)]);
    return { target: await council.getAddress(), value: 0n, calldata };
  }
  if (!isHexString(options.calldata)) throw new TaskArgumentError(`--calldata is not 0x hex: ${options.calldata}`);
  return { target: address("target", options.target), value: options.callValue, calldata: options.calldata };
}

/** The class index of a `--proposal-class` name, or `undefined` for `auto`. */
export function parseClass(name: string): number | undefined {
  if (name === "auto") return undefined;
  const index = (CLASS_NAMES as readonly string[]).indexOf(name);
  if (index < 0) throw new TaskArgumentError(`unknown proposal class ${name}: use auto or one of ${CLASS_NAMES.join(", ")}`);
  return index;
}

/** Proposes `actions` with `proposalClass` (or the class the Governor picks) and returns the id. */
export async function submitProposal(governor: CitrateGovernor, actions: ProposalActions, proposalClass: number | undefined): Promise<bigint> {
  const { targets, values, calldatas, description } = actions;
  const proposalId = await governor.hashProposal(targets, values, calldatas, id(description));
  const tx =
    proposalClass === undefined
      ? await governor.propose(targets, values, calldatas, description)
      : await governor.proposeWithClass(proposalClass, targets, values, calldatas, description);
  await tx.wait();
  return proposalId;
}

/** A proposal's actions, read back from its ProposalCreated event. */
export async function findProposal(governor: CitrateGovernor, proposalId: bigint): Promise<ProposalActions> {
  const events = await governor.queryFilter(governor.filters.ProposalCreated(), 0);
  const event = events.find((e) => e.args.proposalId === proposalId);
  if (event === undefined) throw new TaskArgumentError(`no proposal ${proposalId} on this Governor`);
  return {
    targets: [...event.args.targets],
    values: [...event.args[3]],
    calldatas: [...event.args.calldatas],
    description: event.args.description,
  };
}
