import { getAddress, isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, required, TaskArgumentError, type ContractOptions } from "./contracts.js";
import { submitProposal } from "./proposals.js";
import type { ProposeResult } from "./propose.js";

/** Submits a CouncilMembership proposal calling `addMember` or `removeMember` for `member`. */
export async function proposeMembership(
  change: "addMember" | "removeMember",
  args: ContractOptions & { member: string; description: string },
  hre: HardhatRuntimeEnvironment,
): Promise<ProposeResult> {
  required("member", args.member);
  if (!isAddress(args.member)) throw new TaskArgumentError(`--member is not an address: ${args.member}`);
  const member = getAddress(args.member);
  const ctx = await governanceContext(args, hre);
  const council = await ctx.council();
  const description = args.description !== "" ? args.description : `${change === "addMember" ? "Add" : "Remove"} council member ${member}`;
  const proposalId = await submitProposal(
    await ctx.governor(),
    { targets: [await council.getAddress()], values: [0n], calldatas: [
        change === "addMember"
          ? council.interface.encodeFunctionData("addMember", [member])
          : council.interface.encodeFunctionData("removeMember", [member]),
      ], description },
    3,
  );
  const result = { proposalId: proposalId.toString(), proposalClass: "CouncilMembership" };
  console.log(JSON.stringify(result));
  return result;
}
