import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, type ContractOptions } from "./contracts.js";
import { CLASS_NAMES, isDualChamber, STATE_NAMES } from "./proposals.js";

/** One line of `citrate:gov:list` (`proposalClass` is null on a Governor without classes, e.g. a DAO's). */
export interface ProposalSummary {
  proposalId: string;
  state: string;
  proposalClass: string | null;
  proposer: string;
  description: string;
}

/** Lists every proposal made on the Governor (from its ProposalCreated events), oldest first. */
export default async function list(args: ContractOptions, hre: HardhatRuntimeEnvironment): Promise<ProposalSummary[]> {
  const governor = await (await governanceContext(args, hre)).governor();
  const dualChamber = await isDualChamber(governor);
  const events = await governor.queryFilter(governor.filters.ProposalCreated(), 0);
  const result: ProposalSummary[] = [];
  for (const event of events) {
    const proposalId = event.args.proposalId;
    result.push({
      proposalId: proposalId.toString(),
      state: STATE_NAMES[Number(await governor.state(proposalId))],
      proposalClass: dualChamber ? CLASS_NAMES[Number(await governor.proposalClass(proposalId))] : null,
      proposer: event.args.proposer,
      description: event.args.description,
    });
  }
  for (const line of result) console.log(JSON.stringify(line));
  return result;
}
