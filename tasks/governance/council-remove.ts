import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ContractOptions } from "./contracts.js";
import { proposeMembership } from "./council-membership.js";
import type { ProposeResult } from "./propose.js";

/** Proposes removing `member` from the council (only governance can: the Timelock owns the council). */
export default async function councilRemove(
  args: ContractOptions & { member: string; description: string },
  hre: HardhatRuntimeEnvironment,
): Promise<ProposeResult> {
  return proposeMembership("removeMember", args, hre);
}
