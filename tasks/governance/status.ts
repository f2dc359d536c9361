import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { CitrateGovernor } from "../../types/ethers-contracts/index.js";
import { governanceContext, parseProposalId, type ContractOptions } from "./contracts.js";
import { CLASS_NAMES, STATE_NAMES } from "./proposals.js";

/** One proposal as `citrate:gov:status` reports it (numbers as decimal strings, times in unix seconds). */
export interface ProposalStatus {
  proposalId: string;
  state: string;
  proposalClass: string;
  proposer: string;
  snapshot: string;
  deadline: string;
  eta: string;
  tokenVotes: { against: string; for: string; abstain: string };
  technicalVotes: { against: string; for: string; abstain: string };
  quorums: { token: string; technical: string } | null;
  vetoed: boolean;
}

/** Reads everything the Governor knows about `proposalId`. */
export async function proposalStatus(governor: CitrateGovernor, proposalId: bigint): Promise<ProposalStatus> {
  const [state, proposalClass, proposer, snapshot, deadline, eta, [token, technical], clock] = await Promise.all([
    governor.state(proposalId),
    governor.proposalClass(proposalId),
    governor.proposalProposer(proposalId),
    governor.proposalSnapshot(proposalId),
    governor.proposalDeadline(proposalId),
    governor.proposalEta(proposalId),
    governor.chamberVotes(proposalId),
    governor.clock(),
  ]);
  // Quorums are known once the snapshot has passed.
  const quorums = snapshot < clock ? await governor.proposalQuorums(proposalId) : null;
  return {
    proposalId: proposalId.toString(),
    state: STATE_NAMES[Number(state)],
    proposalClass: CLASS_NAMES[Number(proposalClass)],
    proposer,
    snapshot: snapshot.toString(),
    deadline: deadline.toString(),
    eta: eta.toString(),
    tokenVotes: { against: token.againstVotes.toString(), for: token.forVotes.toString(), abstain: token.abstainVotes.toString() },
    technicalVotes: { against: technical.againstVotes.toString(), for: technical.forVotes.toString(), abstain: technical.abstainVotes.toString() },
    quorums: quorums === null ? null : { token: quorums.tokenQuorum.toString(), technical: quorums.technicalQuorum.toString() },
    vetoed: await governor.isVetoed(proposalId),
  };
}

/** Prints one proposal's status. */
export default async function status(args: ContractOptions & { id: string }, hre: HardhatRuntimeEnvironment): Promise<ProposalStatus> {
  const governor = await (await governanceContext(args, hre)).governor();
  const result = await proposalStatus(governor, parseProposalId(args.id));
  console.log(JSON.stringify(result, null, 2));
  return result;
}
