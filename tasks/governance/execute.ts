import { id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, parseProposalId, type ContractOptions } from "./contracts.js";
import { findProposal, proposalTiming, requireState } from "./proposals.js";
import { transact } from "./transactions.js";

/** Executes a queued proposal whose Timelock delay has passed. */
export default async function execute(args: ContractOptions & { id: string }, hre: HardhatRuntimeEnvironment): Promise<{ proposalId: string; tx: string }> {
  const proposalId = parseProposalId(args.id);
  const governor = await (await governanceContext(args, hre)).governor();
  requireState(await proposalTiming(governor, proposalId), proposalId, "execute");
  const { targets, values, calldatas, description } = await findProposal(governor, proposalId);
  const receipt = await transact("execute", () => governor.execute(targets, values, calldatas, id(description)));
  const result = { proposalId: proposalId.toString(), tx: receipt.hash };
  console.log(JSON.stringify(result));
  return result;
}
