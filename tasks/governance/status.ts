import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { CitrateGovernor } from "../../types/ethers-contracts/index.js";
import { governanceContext, parseProposalId, type ContractOptions } from "./contracts.js";
import { CLASS_NAMES, isDualChamber, proposalTiming } from "./proposals.js";

/** Votes in one chamber, as decimal strings. */
export interface ChamberTally {
  against: string;
  for: string;
  abstain: string;
}

/**
 * One proposal as `citrate:gov:status` reports it (numbers as decimal strings, times in unix seconds).
 * On a single-chamber Governor (a DAO's) `proposalClass`, `technicalVotes` and the technical quorum are null.
 */
export interface ProposalStatus {
  proposalId: string;
  state: string;
  proposalClass: string | null;
  proposer: string;
  clock: string;
  snapshot: string;
  deadline: string;
  eta: string;
  tokenVotes: ChamberTally;
  technicalVotes: ChamberTally | null;
  quorums: { token: string; technical: string | null } | null;
  vetoed: boolean;
}

const tally = (votes: { againstVotes: bigint; forVotes: bigint; abstainVotes: bigint }): ChamberTally => ({
  against: votes.againstVotes.toString(),
  for: votes.forVotes.toString(),
  abstain: votes.abstainVotes.toString(),
});

/** Reads everything the Governor knows about `proposalId`. */
export async function proposalStatus(governor: CitrateGovernor, proposalId: bigint): Promise<ProposalStatus> {
  const timing = await proposalTiming(governor, proposalId);
  const proposer = await governor.proposalProposer(proposalId);
  // Quorums are known once the snapshot has passed.
  const quorumKnown = timing.snapshot < timing.clock;
  const common = {
    proposalId: proposalId.toString(),
    state: timing.state,
    proposer,
    clock: timing.clock.toString(),
    snapshot: timing.snapshot.toString(),
    deadline: timing.deadline.toString(),
    eta: timing.eta.toString(),
  };
  if (!(await isDualChamber(governor))) {
    return {
      ...common,
      proposalClass: null,
      tokenVotes: tally(await governor.proposalVotes(proposalId)),
      technicalVotes: null,
      quorums: quorumKnown ? { token: (await governor.quorum(timing.snapshot)).toString(), technical: null } : null,
      vetoed: false,
    };
  }
  const [proposalClass, [token, technical], vetoed] = await Promise.all([
    governor.proposalClass(proposalId),
    governor.chamberVotes(proposalId),
    governor.isVetoed(proposalId),
  ]);
  const quorums = quorumKnown ? await governor.proposalQuorums(proposalId) : null;
  return {
    ...common,
    proposalClass: CLASS_NAMES[Number(proposalClass)],
    tokenVotes: tally(token),
    technicalVotes: tally(technical),
    quorums: quorums === null ? null : { token: quorums.tokenQuorum.toString(), technical: quorums.technicalQuorum.toString() },
    vetoed,
  };
}

/** Prints one proposal's status. */
export default async function status(args: ContractOptions & { id: string }, hre: HardhatRuntimeEnvironment): Promise<ProposalStatus> {
  const proposalId = parseProposalId(args.id);
  const governor = await (await governanceContext(args, hre)).governor();
  const result = await proposalStatus(governor, proposalId);
  console.log(JSON.stringify(result, null, 2));
  return result;
}
