import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, parseProposalId, TaskArgumentError, type ContractOptions } from "./contracts.js";
import { CLASS_NAMES, isDualChamber, proposalTiming, ProposalStateError, requireState } from "./proposals.js";
import { transact } from "./transactions.js";

/** Arguments of `citrate:gov:vote`. */
export interface VoteArguments extends ContractOptions {
  id: string;
  support: string;
  reason: string;
}

/** What `citrate:gov:vote` prints and returns. */
export interface VoteResult {
  proposalId: string;
  voter: string;
  support: string;
  tx: string;
}

const SUPPORT: Record<string, number> = { against: 0, for: 1, abstain: 2 };

/** Casts a vote (for, against, abstain) or vetoes an emergency proposal after its vote (veto). */
export default async function vote(args: VoteArguments, hre: HardhatRuntimeEnvironment): Promise<VoteResult> {
  const proposalId = parseProposalId(args.id);
  const support = args.support.toLowerCase();
  if (support !== "veto" && SUPPORT[support] === undefined) throw new TaskArgumentError(`--support must be for, against, abstain or veto, not ${args.support}`);
  const ctx = await governanceContext(args, hre);
  const governor = await ctx.governor();
  const timing = await proposalTiming(governor, proposalId);
  if (support === "veto") {
    const proposalClass = (await isDualChamber(governor)) ? CLASS_NAMES[Number(await governor.proposalClass(proposalId))] : "a single-chamber proposal";
    if (proposalClass !== "Emergency") throw new TaskArgumentError(`--support veto applies to Emergency proposals only; proposal ${proposalId} is ${proposalClass}`);
    if (timing.state === "Active") throw new ProposalStateError(`proposal ${proposalId} is still Active: veto it with --support against`);
    if (timing.state !== "Succeeded" && timing.state !== "Queued") throw new ProposalStateError(`proposal ${proposalId} is ${timing.state}: nothing to veto`);
  } else {
    requireState(timing, proposalId, "vote");
  }
  const receipt = await transact(support === "veto" ? "veto" : "vote", () =>
    support === "veto" ? governor.vetoEmergency(proposalId) : governor.castVoteWithReason(proposalId, SUPPORT[support], args.reason),
  );
  const result = { proposalId: proposalId.toString(), voter: await ctx.signer.getAddress(), support, tx: receipt.hash };
  console.log(JSON.stringify(result));
  return result;
}
