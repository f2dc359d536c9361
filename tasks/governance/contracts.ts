// Where the governance tasks find the protocol contracts, and the connection they use. Addresses come,
// in this order, from the task's options, from the node's `citrate_getProtocolContracts`, and from an
// Ignition deployment's deployed_addresses.json (`--deployment-id`, default `chain-<chainId>`).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isAddress, type Signer } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  CitrateGovernor__factory,
  GovernanceFactory__factory,
  ProtocolParams__factory,
  TechnicalCouncil__factory,
  Treasury__factory,
  type CitrateGovernor,
  type GovernanceFactory,
  type ProtocolParams,
  type TechnicalCouncil,
  type Treasury,
} from "../../types/ethers-contracts/index.js";

/** The address options every governance task accepts (empty string: look the contract up). */
export interface ContractOptions {
  governor: string;
  council: string;
  params: string;
  treasury: string;
  factory: string;
  deploymentId: string;
}

/**
 * Any failure a `citrate:*` task reports. A Hardhat plugin error, so the CLI prints the message alone
 * (no stack trace unless `--show-stack-traces`).
 */
export class GovernanceTaskError extends HardhatPluginError {
  constructor(message: string, parent?: Error) {
    super("citrate", message, parent);
    this.name = "GovernanceTaskError";
  }
}

/** A contract the tasks need could not be located. */
export class ContractNotFoundError extends GovernanceTaskError {
  constructor(readonly contract: string) {
    super(
      `cannot find ${contract}: pass its address as an option, use a node that answers citrate_getProtocolContracts, ` +
        `or name an Ignition deployment with --deployment-id`,
    );
    this.name = "ContractNotFoundError";
  }
}

/** A task argument is malformed or names something that does not exist. */
export class TaskArgumentError extends GovernanceTaskError {
  constructor(message: string) {
    super(message);
    this.name = "TaskArgumentError";
  }
}

type ContractName = "CitrateGovernor" | "TechnicalCouncil" | "ProtocolParams" | "Treasury" | "GovernanceFactory";

const OPTION_OF: Record<ContractName, keyof ContractOptions> = {
  CitrateGovernor: "governor",
  TechnicalCouncil: "council",
  ProtocolParams: "params",
  Treasury: "treasury",
  GovernanceFactory: "factory",
};

const IGNITION_KEY: Record<ContractName, string> = {
  CitrateGovernor: "CitrateGovernance#CitrateGovernor",
  TechnicalCouncil: "CitrateGovernance#TechnicalCouncil",
  ProtocolParams: "CitrateEconomy#ProtocolParams",
  Treasury: "CitrateEconomy#Treasury",
  GovernanceFactory: "CitrateGovernance#GovernanceFactory",
};

/** The tasks' view of the chain: a signer, and typed contracts found on demand. */
export interface GovernanceContext {
  signer: Signer;
  governor(): Promise<CitrateGovernor>;
  council(): Promise<TechnicalCouncil>;
  params(): Promise<ProtocolParams>;
  treasury(): Promise<Treasury>;
  factory(): Promise<GovernanceFactory>;
}

/** Connects to the selected network (reusing an open connection) and prepares the contract lookups. */
export async function governanceContext(options: ContractOptions, hre: HardhatRuntimeEnvironment): Promise<GovernanceContext> {
  const { ethers } = await hre.network.getOrCreate();
  const [signer] = await ethers.getSigners();
  let registry: Promise<Record<string, string>> | undefined;
  const registered = async (name: ContractName): Promise<string> => {
    registry ??= protocolRegistry(ethers.provider, options.deploymentId, hre.config.paths.root);
    const found = (await registry)[name] ?? (await registry)[IGNITION_KEY[name]];
    if (found === undefined) throw new ContractNotFoundError(name);
    return found;
  };

  const lookup = async (name: ContractName): Promise<string> => {
    const given = options[OPTION_OF[name]];
    if (given !== "" && !isAddress(given)) throw new TaskArgumentError(`--${OPTION_OF[name]} is not an address: ${given}`);
    const found = given !== "" ? given : await registered(name);
    // A wrong address would otherwise surface as an opaque decoding error on the first call.
    if ((await ethers.provider.getCode(found)) === "0x") throw new TaskArgumentError(`no contract at ${found} (${name})`);
    return found;
  };

  return {
    signer,
    governor: async () => CitrateGovernor__factory.connect(await lookup("CitrateGovernor"), signer),
    council: async () => TechnicalCouncil__factory.connect(await lookup("TechnicalCouncil"), signer),
    params: async () => ProtocolParams__factory.connect(await lookup("ProtocolParams"), signer),
    treasury: async () => Treasury__factory.connect(await lookup("Treasury"), signer),
    factory: async () => GovernanceFactory__factory.connect(await lookup("GovernanceFactory"), signer),
  };
}

interface RpcProvider {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/**
 * The addresses of the named Ignition deployment when `--deployment-id` is given; else the node's
 * `citrate_getProtocolContracts` where it answers it, else the chain's own Ignition deployment.
 */
async function protocolRegistry(provider: RpcProvider, deploymentId: string, root: string): Promise<Record<string, string>> {
  const deployment = (id: string) => path.join(root, "deploy", "deployments", id, "deployed_addresses.json");
  if (deploymentId !== "") {
    const file = deployment(deploymentId);
    if (!existsSync(file)) throw new TaskArgumentError(`no Ignition deployment "${deploymentId}" (looked for ${path.relative(root, file)})`);
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  }
  try {
    const answer = await provider.send("citrate_getProtocolContracts", []);
    if (answer !== null && typeof answer === "object") return answer as Record<string, string>;
  } catch {
    // Not a Citrate node (or an older one): fall back to Ignition's record.
  }
  const file = deployment(`chain-${BigInt((await provider.send("eth_chainId", [])) as string)}`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
}

/** `value`, or a {@link TaskArgumentError} naming the option if it is empty. */
export function required(option: string, value: string): string {
  if (value === "") throw new TaskArgumentError(`--${option} is required`);
  return value;
}

/** Parses a proposal id given in decimal or 0x hex. */
export function parseProposalId(id: string): bigint {
  required("id", id);
  try {
    return BigInt(id);
  } catch {
    throw new TaskArgumentError(`not a proposal id: ${id}`);
  }
}
