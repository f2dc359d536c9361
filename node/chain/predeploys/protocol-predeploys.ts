import { devParamSpecs } from "../../../deploy/protocol-parameters.js";
import { ArtifactDirectory, type ContractArtifact } from "./predeploy-artifacts.js";
import { PREDEPLOY_ADDRESSES, type PredeployDefinition, type PredeploySet } from "./predeploy.js";

/** Who the protocol contracts answer to, and the epoch length ProtocolParams counts in. */
export interface ProtocolPredeployOptions {
  /** Owner of ProtocolParams and the Treasury. */
  readonly owner: `0x${string}`;
  /** Chain blocks per epoch (the chain spec's `epochLength`). */
  readonly epochLength: number;
}

/** The protocol suite as genesis installs it, built from the compiled artifacts in `artifacts`. */
export function protocolPredeploys(artifacts: ArtifactDirectory, options: ProtocolPredeployOptions): PredeploySet {
  const proxy = artifacts.read("@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol", "ERC1967Proxy");
  const define = (name: keyof typeof PREDEPLOY_ADDRESSES, artifact: ContractArtifact, args: readonly unknown[]): PredeployDefinition => ({
    name,
    address: PREDEPLOY_ADDRESSES[name],
    creationCode: artifact.bytecode,
    initializeData: ArtifactDirectory.encode(artifact, "initialize", args),
  });
  const contracts = [
    define("ProtocolParams", artifacts.read("contracts/governance/ProtocolParams.sol", "ProtocolParams"), [
      options.owner,
      BigInt(options.epochLength),
      devParamSpecs(),
    ]),
    define("Treasury", artifacts.read("contracts/economics/Treasury.sol", "Treasury"), [options.owner]),
    define("FeeSplitter", artifacts.read("contracts/economics/FeeSplitter.sol", "FeeSplitter"), [
      PREDEPLOY_ADDRESSES.ProtocolParams,
      PREDEPLOY_ADDRESSES.Treasury,
    ]),
  ];
  return { proxyRuntimeCode: proxy.deployedBytecode, contracts };
}

/** `{name: address}` of the predeploys in `set` (`citrate_getProtocolContracts`). */
export function protocolContracts(set: PredeploySet | undefined): Record<string, `0x${string}`> {
  return Object.fromEntries((set?.contracts ?? []).map((contract) => [contract.name, contract.address]));
}
