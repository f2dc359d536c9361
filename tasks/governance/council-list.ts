import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { governanceContext, type ContractOptions } from "./contracts.js";

/** Lists the council's current members. */
export default async function councilList(args: ContractOptions, hre: HardhatRuntimeEnvironment): Promise<string[]> {
  const council = await (await governanceContext(args, hre)).council();
  const members = [...(await council.members())];
  console.log(JSON.stringify({ members }));
  return members;
}
