// Proposal helpers shared by the governance tasks: building one action, checking that a proposal is
// in a state (and at a time) that allows what a task is about to do, and recovering a proposal's
// actions from its ProposalCreated event. They work on the dual-chamber CitrateGovernor and on a
// plain OpenZeppelin Governor (an application DAO's), whose functions the tasks call are a subset.
import { getAddress, id, isAddress, isHexString } from "ethers";
import type { CitrateGovernor } from "../../types/ethers-contracts/index.js";
import { GovernanceTaskError, TaskArgumentError, type GovernanceContext } from "./contracts.js";
import { CLASS_NAMES, STATE_NAMES, type StateName } from "./names.js";
import { readOrExplain, transact } from "./transactions.js";

export { CLASS_NAMES, STATE_NAMES } from "./names.js";

/** A proposal is not in a state (or not yet at a time) that allows the requested action. */
export class ProposalStateError extends GovernanceTaskError {
  constructor(message: string) {
    super(message);
    this.name = "ProposalStateError";
  }
}

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

/** Whether `governor` counts two chambers and has proposal classes (CitrateGovernor), rather than one (a DAO's Governor). */
export async function isDualChamber(governor: CitrateGovernor): Promise<boolean> {
  const mode = await readOrExplain(`COUNTING_MODE() of the Governor at ${await governor.getAddress()}`, () => governor.COUNTING_MODE());
  return mode.includes("chambers=");
}

/** Proposes `actions` with `proposalClass` (or the class the Governor picks) and returns the id. */
export async function submitProposal(governor: CitrateGovernor, actions: ProposalActions, proposalClass: number | undefined): Promise<bigint> {
  const { targets, values, calldatas, description } = actions;
  if (proposalClass !== undefined && !(await isDualChamber(governor))) {
    throw new TaskArgumentError(`the Governor at ${await governor.getAddress()} has no proposal classes: leave --proposal-class at auto`);
  }
  const proposalId = await governor.hashProposal(targets, values, calldatas, id(description));
  if ((await governor.proposalSnapshot(proposalId)) !== 0n) {
    throw new TaskArgumentError(`proposal ${proposalId} already exists (same actions and description): change --description`);
  }
  await transact("propose", () =>
    proposalClass === undefined
      ? governor.propose(targets, values, calldatas, description)
      : governor.proposeWithClass(proposalClass, targets, values, calldatas, description),
  );
  return proposalId;
}

/** Where a proposal stands, against the Governor's clock (timestamps, in seconds). */
export interface ProposalTiming {
  state: StateName;
  clock: bigint;
  snapshot: bigint;
  deadline: bigint;
  eta: bigint;
}

/** A proposal's state and times; an id the Governor does not know is a {@link TaskArgumentError}. */
export async function proposalTiming(governor: CitrateGovernor, proposalId: bigint): Promise<ProposalTiming> {
  const snapshot = await governor.proposalSnapshot(proposalId);
  if (snapshot === 0n) throw new TaskArgumentError(`no proposal ${proposalId} on the Governor at ${await governor.getAddress()}`);
  const [state, clock, deadline, eta] = await Promise.all([
    governor.state(proposalId),
    governor.clock(),
    governor.proposalDeadline(proposalId),
    governor.proposalEta(proposalId),
  ]);
  return { state: STATE_NAMES[Number(state)], clock, snapshot, deadline, eta };
}

// eth_call and gas estimation run at the head block, so an idle chain's clock stands still.
const CLOCK_NOTE = "the Governor's clock is the head block's timestamp; a node that mines on demand moves it only with new blocks";

/** Throws a {@link ProposalStateError} saying why, unless the proposal's state allows `action` now. */
export function requireState(timing: ProposalTiming, proposalId: bigint, action: "vote" | "queue" | "execute"): void {
  const { state, clock, snapshot, deadline, eta } = timing;
  if (action === "vote" && state === "Active") return;
  if (action === "queue" && state === "Succeeded") return;
  if (action === "execute" && state === "Queued" && clock >= eta) return;
  const now = `(chain time ${clock}; ${CLOCK_NOTE})`;
  const why: Partial<Record<StateName, string>> = {
    Pending: `voting opens after ${snapshot} ${now}`,
    Active: `voting closes after ${deadline} ${now}`,
    Succeeded: action === "execute" ? "queue it first (citrate:gov:queue)" : "voting has closed; queue it (citrate:gov:queue)",
    Queued: action === "execute" ? `the Timelock holds it until ${eta} ${now}` : `it is already queued; execute it from ${eta}`,
  };
  throw new ProposalStateError(`cannot ${action} proposal ${proposalId}: it is ${state}${why[state] === undefined ? "" : `, ${why[state]}`}`);
}

/** A proposal's actions, read back from its ProposalCreated event. */
export async function findProposal(governor: CitrateGovernor, proposalId: bigint): Promise<ProposalActions> {
  const events = await governor.queryFilter(governor.filters.ProposalCreated(), 0);
  const event = events.find((e) => e.args.proposalId === proposalId);
  if (event === undefined) throw new TaskArgumentError(`no proposal ${proposalId} on the Governor at ${await governor.getAddress()}`);
  return {
    targets: [...event.args.targets],
    values: [...event.args[3]],
    calldatas: [...event.args.calldatas],
    description: event.args.description,
  };
}
