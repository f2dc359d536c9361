import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { PARAM_TABLE } from "../../deploy/protocol-parameters.js";
import { governanceContext, type ContractOptions } from "./contracts.js";
import { id } from "ethers";

/** One parameter as `citrate:params` reports it (numbers as decimal strings). */
export interface ParamLine {
  name: string;
  key: string;
  value: string;
  pendingValue: string | null;
  activationEpoch: string | null;
  min: string;
  max: string;
}

/** Lists every protocol parameter with its value, pending change and bounds. */
export default async function params(args: ContractOptions, hre: HardhatRuntimeEnvironment): Promise<ParamLine[]> {
  const protocolParams = await (await governanceContext(args, hre)).params();
  const names = new Map(PARAM_TABLE.map((row) => [id(row.name), row.name]));
  const [keys, infos] = await protocolParams.allParams();
  const result = keys.map((key, i) => ({
    name: names.get(key) ?? key,
    key,
    value: infos[i].value.toString(),
    pendingValue: infos[i].hasPending ? infos[i].pendingValue.toString() : null,
    activationEpoch: infos[i].hasPending ? infos[i].activationEpoch.toString() : null,
    min: infos[i].min.toString(),
    max: infos[i].max.toString(),
  }));
  for (const line of result) console.log(JSON.stringify(line));
  return result;
}
