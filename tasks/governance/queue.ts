import { id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, parseProposalId, type ContractOptions } from "./contracts.js";
import { findProposal } from "./proposals.js";

/** Queues a succeeded proposal in the Timelock; prints when it can be executed (unix seconds). */
export default async function queue(args: ContractOptions & { id: string }, hre: HardhatRuntimeEnvironment): Promise<{ proposalId: string; eta: string }> {
  const proposalId = parseProposalId(args.id);
  const governor = await (await governanceContext(args, hre)).governor();
  const { targets, values, calldatas, description } = await findProposal(governor, proposalId);
  await (await governor.queue(targets, values, calldatas, id(description))).wait();
  const result = { proposalId: proposalId.toString(), eta: (await governor.proposalEta(proposalId)).toString() };
  console.log(JSON.stringify(result));
  return result;
}
