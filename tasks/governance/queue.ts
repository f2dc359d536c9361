import { id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, parseProposalId, type ContractOptions } from "./contracts.js";
import { findProposal, proposalTiming, requireState } from "./proposals.js";
import { transact } from "./transactions.js";

/** Queues a succeeded proposal in the Timelock; prints when it can be executed (unix seconds). */
export default async function queue(args: ContractOptions & { id: string }, hre: HardhatRuntimeEnvironment): Promise<{ proposalId: string; eta: string; tx: string }> {
  const proposalId = parseProposalId(args.id);
  const governor = await (await governanceContext(args, hre)).governor();
  requireState(await proposalTiming(governor, proposalId), proposalId, "queue");
  const { targets, values, calldatas, description } = await findProposal(governor, proposalId);
  const receipt = await transact("queue", () => governor.queue(targets, values, calldatas, id(description)));
  const result = { proposalId: proposalId.toString(), eta: (await governor.proposalEta(proposalId)).toString(), tx: receipt.hash };
  console.log(JSON.stringify(result));
  return result;
}
