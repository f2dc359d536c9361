import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, required, type ContractOptions } from "./contracts.js";
import { buildAction, CLASS_NAMES, isDualChamber, parseClass, submitProposal, type ActionOptions } from "./proposals.js";

/** Arguments of `citrate:gov:propose`. */
export interface ProposeArguments extends ContractOptions, ActionOptions {
  description: string;
  proposalClass: string;
}

/** What `citrate:gov:propose` prints and returns (`proposalClass` is null on a Governor without classes, e.g. a DAO's). */
export interface ProposeResult {
  proposalId: string;
  proposalClass: string | null;
}

/** Creates a one-action proposal. */
export default async function propose(args: ProposeArguments, hre: HardhatRuntimeEnvironment): Promise<ProposeResult> {
  const description = required("description", args.description);
  const proposalClass = parseClass(args.proposalClass);
  const ctx = await governanceContext(args, hre);
  const action = await buildAction(args, ctx);
  const governor = await ctx.governor();
  const proposalId = await submitProposal(
    governor,
    { targets: [action.target], values: [action.value], calldatas: [action.calldata], description },
    proposalClass,
  );
  const result = {
    proposalId: proposalId.toString(),
    proposalClass: (await isDualChamber(governor)) ? CLASS_NAMES[Number(await governor.proposalClass(proposalId))] : null,
  };
  console.log(JSON.stringify(result));
  return result;
}
