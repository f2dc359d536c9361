import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, parseProposalId, TaskArgumentError, type ContractOptions } from "./contracts.js";

/** Arguments of `citrate:gov:vote`. */
export interface VoteArguments extends ContractOptions {
  id: string;
  support: string;
  reason: string;
}

const SUPPORT: Record<string, number> = { against: 0, for: 1, abstain: 2 };

/** Casts a vote (for, against, abstain) or vetoes an emergency proposal after its vote (veto). */
export default async function vote(args: VoteArguments, hre: HardhatRuntimeEnvironment): Promise<{ proposalId: string; support: string; tx: string }> {
  const proposalId = parseProposalId(args.id);
  const support = args.support.toLowerCase();
  if (support !== "veto" && SUPPORT[support] === undefined) throw new TaskArgumentError(`--support must be for, against, abstain or veto, not ${args.support}`);
  const governor = await (await governanceContext(args, hre)).governor();
  const tx =
    support === "veto" ? await governor.vetoEmergency(proposalId) : await governor.castVoteWithReason(proposalId, SUPPORT[support], args.reason);
  await tx.wait();
  const result = { proposalId: proposalId.toString(), support, tx: tx.hash };
  console.log(JSON.stringify(result));
  return result;
}
