import { id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, parseProposalId, type ContractOptions } from "./contracts.js";
import { findProposal } from "./proposals.js";

/** Executes a queued proposal whose Timelock delay has passed. */
export default async function execute(args: ContractOptions & { id: string }, hre: HardhatRuntimeEnvironment): Promise<{ proposalId: string; tx: string }> {
  const proposalId = parseProposalId(args.id);
  const governor = await (await governanceContext(args, hre)).governor();
  const { targets, values, calldatas, description } = await findProposal(governor, proposalId);
  const tx = await governor.execute(targets, values, calldatas, id(description));
  await tx.wait();
  const result = { proposalId: proposalId.toString(), tx: tx.hash };
  console.log(JSON.stringify(result));
  return result;
}
