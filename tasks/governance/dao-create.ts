import { getAddress, isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { GovernanceTaskError, governanceContext, required, TaskArgumentError, type ContractOptions } from "./contracts.js";
import { transact } from "./transactions.js";

/** Arguments of `citrate:dao:create`. */
export interface DaoCreateArguments extends ContractOptions {
  name: string;
  symbol: string;
  holders: string;
  amounts: string;
  votingDelay: bigint;
  votingPeriod: bigint;
  threshold: bigint;
  quorum: bigint;
  timelockDelay: bigint;
}

/** The new DAO's contracts. */
export interface DaoAddresses {
  token: string;
  governor: string;
  timelock: string;
  treasury: string;
}

function list(option: string, value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter((item) => item !== "").map((item) => {
    if (option === "holders" && !isAddress(item)) throw new TaskArgumentError(`--holders: not an address: ${item}`);
    return item;
  });
}

/** Creates an application DAO through the GovernanceFactory and prints its addresses. */
export default async function daoCreate(args: DaoCreateArguments, hre: HardhatRuntimeEnvironment): Promise<DaoAddresses> {
  for (const option of ["name", "symbol", "holders", "amounts"] as const) required(option, args[option]);
  const holders = list("holders", args.holders).map((holder) => getAddress(holder));
  const amounts = list("amounts", args.amounts).map((amount) => {
    try {
      return BigInt(amount);
    } catch {
      throw new TaskArgumentError(`--amounts: not an integer: ${amount}`);
    }
  });
  if (holders.length !== amounts.length) throw new TaskArgumentError(`${holders.length} holders but ${amounts.length} amounts`);
  const factory = await (await governanceContext(args, hre)).factory();
  const config = {
    name: args.name,
    symbol: args.symbol,
    holders,
    amounts,
    votingDelay: args.votingDelay,
    votingPeriod: args.votingPeriod,
    proposalThreshold: args.threshold,
    quorumPercent: args.quorum,
    timelockDelay: args.timelockDelay,
  };
  const receipt = await transact("createDAO", () => factory.createDAO(config));
  const created = receipt.logs.map((log) => factory.interface.parseLog(log)).find((parsed) => parsed?.name === "DAOCreated");
  if (created === undefined || created === null) throw new GovernanceTaskError(`createDAO (tx ${receipt.hash}) emitted no DAOCreated event`);
  const result: DaoAddresses = {
    token: created.args.token,
    governor: created.args.governor,
    timelock: created.args.timelock,
    treasury: created.args.treasury,
  };
  console.log(JSON.stringify({ name: args.name, ...result }));
  return result;
}
