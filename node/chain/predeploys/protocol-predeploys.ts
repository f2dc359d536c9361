import { id } from "ethers";
import { devParamSpecs } from "../../../deploy/protocol-parameters.js";
import { ARTIFACT_PRECOMPILE_ADDRESS } from "../../../precompiles/artifact/artifact-abi.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../../../precompiles/model/model-abi.js";
import { genesisImplementationAddress } from "./install-predeploys.js";
import { ArtifactDirectory, type ContractArtifact } from "./predeploy-artifacts.js";
import { PREDEPLOY_ADDRESSES, type GenesisCall, type PredeployDefinition, type PredeployName, type PredeploySet } from "./predeploy.js";

/** Governance as genesis sets it up; the Timelock owns every protocol contract. */
export interface GovernanceSettings {
  /** Accounts staking LAT into StakedLAT at genesis (each self-delegated by its first deposit). */
  readonly stakers: readonly { readonly address: `0x${string}`; readonly stake: bigint }[];
  /** Technical council members at genesis. */
  readonly council: readonly `0x${string}`[];
  /** May cancel any proposal. */
  readonly guardian: `0x${string}`;
  /** Seconds (the governance clock is the block timestamp). */
  readonly votingDelay: number;
  readonly votingPeriod: number;
  readonly proposalThreshold: bigint;
  readonly tokenQuorumBps: number;
  readonly technicalQuorumBps: number;
  /** Timelock delays in seconds: ParameterChange, TreasurySpend, Upgrade, CouncilMembership, Emergency. */
  readonly classDelays: readonly [bigint, bigint, bigint, bigint, bigint];
}

/** The AI economy's settings that are contract configuration rather than protocol parameters. */
export interface EconomySettings {
  readonly pinReplicas: number;
  readonly jailPeriod: bigint;
  readonly verificationToleranceBps: number;
  readonly challengerRewardBps: number;
  readonly loraRoyaltyBps: number;
  readonly loraJobTimeout: bigint;
}

export interface ProtocolPredeployOptions {
  /** Chain blocks per epoch (the chain spec's `epochLength`). */
  readonly epochLength: number;
  readonly governance: GovernanceSettings;
  readonly economy: EconomySettings;
}

const ROLE = {
  slasher: id("citrate.role.SLASHER"),
  reporter: id("citrate.role.REPORTER"),
  versionRegistrar: id("citrate.role.VERSION_REGISTRAR"),
} as const;

/** The contracts GovernanceFactory clones, created at genesis in this order. */
const DAO_IMPLEMENTATIONS = [
  { name: "DAOToken", source: "contracts/governance/dao/DAOToken.sol" },
  { name: "DAOGovernor", source: "contracts/governance/dao/DAOGovernor.sol" },
  { name: "CitrateTimelock", source: "contracts/governance/CitrateTimelock.sol" },
  { name: "Treasury", source: "contracts/economics/Treasury.sol" },
] as const;

/**
 * The whole protocol suite as genesis installs it, built from the compiled artifacts: ProtocolParams,
 * Treasury, FeeSplitter, the AI economy (ModelRegistry, ProviderStaking, InferenceRouter,
 * LoRAFactory) and governance (StakedLAT, TechnicalCouncil, Timelock, CitrateGovernor,
 * GovernanceFactory). The Timelock owns or administers every one of them; its only proposer,
 * canceller and executor is the Governor.
 */
export function protocolPredeploys(artifacts: ArtifactDirectory, options: ProtocolPredeployOptions): PredeploySet {
  const { governance, economy } = options;
  const A = PREDEPLOY_ADDRESSES;
  const timelock = A.Timelock;
  const read = (source: string, name: string): ContractArtifact => artifacts.read(source, name);
  const define = definer();
  const implementations = DAO_IMPLEMENTATIONS.map(({ name, source }) => ({ name, creationCode: read(source, name).bytecode }));
  const implementationAddress = (name: (typeof DAO_IMPLEMENTATIONS)[number]["name"]) =>
    genesisImplementationAddress(DAO_IMPLEMENTATIONS.findIndex((entry) => entry.name === name));

  const staking = read("contracts/staking/ProviderStaking.sol", "ProviderStaking");
  const registry = read("contracts/ai/ModelRegistry.sol", "ModelRegistry");
  const stakedLat = read("contracts/governance/StakedLAT.sol", "StakedLAT");
  const core = coreProtocolPredeploys(artifacts, { owner: timelock, epochLength: options.epochLength });
  // The AI contracts' implementations are built to call this chain's own precompiles.
  const contracts: PredeployDefinition[] = [
    ...core.contracts,
    define("ModelRegistry", registry, [timelock, A.ProtocolParams, A.Treasury, economy.pinReplicas], {
      constructorArgs: [MODEL_PRECOMPILE_ADDRESS, ARTIFACT_PRECOMPILE_ADDRESS],
    }),
    define("ProviderStaking", staking, [timelock, A.ProtocolParams, A.Treasury, economy.jailPeriod]),
    define("InferenceRouter", read("contracts/ai/InferenceRouter.sol", "InferenceRouter"), [
      timelock,
      A.ProtocolParams,
      A.ModelRegistry,
      A.ProviderStaking,
      A.FeeSplitter,
      economy.verificationToleranceBps,
      economy.challengerRewardBps,
    ], { constructorArgs: [MODEL_PRECOMPILE_ADDRESS] }),
    define("LoRAFactory", read("contracts/ai/LoRAFactory.sol", "LoRAFactory"), [
      timelock,
      A.ModelRegistry,
      A.ProviderStaking,
      A.FeeSplitter,
      economy.loraRoyaltyBps,
      economy.loraJobTimeout,
    ], { constructorArgs: [MODEL_PRECOMPILE_ADDRESS] }),
    define("StakedLAT", stakedLat, []),
    define("TechnicalCouncil", read("contracts/governance/TechnicalCouncil.sol", "TechnicalCouncil"), [timelock, governance.council]),
    define("Timelock", read("contracts/governance/CitrateTimelock.sol", "CitrateTimelock"), [
      minimum(governance.classDelays),
      [A.CitrateGovernor],
      [A.CitrateGovernor],
      "0x0000000000000000000000000000000000000000",
    ]),
    define("CitrateGovernor", read("contracts/governance/CitrateGovernor.sol", "CitrateGovernor"), [
      {
        stakedLAT: A.StakedLAT,
        council: A.TechnicalCouncil,
        timelock,
        protocolParams: A.ProtocolParams,
        treasury: A.Treasury,
        guardian: governance.guardian,
        votingDelay: governance.votingDelay,
        votingPeriod: governance.votingPeriod,
        proposalThreshold: governance.proposalThreshold,
        tokenQuorumBps: governance.tokenQuorumBps,
        technicalQuorumBps: governance.technicalQuorumBps,
        classDelays: [...governance.classDelays],
      },
    ]),
    define("GovernanceFactory", read("contracts/governance/GovernanceFactory.sol", "GovernanceFactory"), [
      {
        token: implementationAddress("DAOToken"),
        governor: implementationAddress("DAOGovernor"),
        timelock: implementationAddress("CitrateTimelock"),
        treasury: implementationAddress("Treasury"),
      },
    ]),
  ];

  const call = (description: string, from: `0x${string}`, to: `0x${string}`, artifact: ContractArtifact, fn: string, args: readonly unknown[], value = 0n): GenesisCall => ({
    description,
    from,
    to,
    data: ArtifactDirectory.encode(artifact, fn, args),
    value,
  });
  const calls: GenesisCall[] = [
    call("router may slash", timelock, A.ProviderStaking, staking, "grantRole", [ROLE.slasher, A.InferenceRouter]),
    call("router reports jobs", timelock, A.ProviderStaking, staking, "grantRole", [ROLE.reporter, A.InferenceRouter]),
    call("LoRAFactory reports jobs", timelock, A.ProviderStaking, staking, "grantRole", [ROLE.reporter, A.LoRAFactory]),
    call("LoRAFactory registers adapter versions", timelock, A.ModelRegistry, registry, "grantRole", [ROLE.versionRegistrar, A.LoRAFactory]),
    ...governance.stakers.map(({ address, stake }) => call(`stake of ${address}`, address, A.StakedLAT, stakedLat, "deposit", [], stake)),
  ];
  const credits = new Map(governance.stakers.map(({ address, stake }) => [address, stake]));
  return { proxyRuntimeCode: core.proxyRuntimeCode, implementations, contracts, credits, calls };
}

/**
 * The economy's base alone, answering to `owner`: ProtocolParams (with the chain's epoch length and
 * the parameter table), Treasury and FeeSplitter. The full suite builds on it with the Timelock as
 * owner; a chain (or a test) without governance can use it with any owner.
 */
export function coreProtocolPredeploys(artifacts: ArtifactDirectory, options: { owner: `0x${string}`; epochLength: number }): PredeploySet {
  const define = definer();
  const read = (source: string, name: string): ContractArtifact => artifacts.read(source, name);
  return {
    proxyRuntimeCode: read("@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol", "ERC1967Proxy").deployedBytecode,
    contracts: [
      define("ProtocolParams", read("contracts/governance/ProtocolParams.sol", "ProtocolParams"), [options.owner, BigInt(options.epochLength), devParamSpecs()]),
      define("Treasury", read("contracts/economics/Treasury.sol", "Treasury"), [options.owner]),
      define("FeeSplitter", read("contracts/economics/FeeSplitter.sol", "FeeSplitter"), [PREDEPLOY_ADDRESSES.ProtocolParams, PREDEPLOY_ADDRESSES.Treasury]),
    ],
  };
}

/** What an implementation's constructor takes (none by default). */
interface ImplementationOptions {
  readonly constructorArgs?: readonly unknown[];
}

/** A predeploy at its fixed address, its implementation built with `constructorArgs`, initialised with `args`. */
function definer(): (name: PredeployName, artifact: ContractArtifact, args: readonly unknown[], options?: ImplementationOptions) => PredeployDefinition {
  return (name, artifact, args, { constructorArgs = [] } = {}) => ({
    name,
    address: PREDEPLOY_ADDRESSES[name],
    creationCode: ArtifactDirectory.creationCode(artifact, constructorArgs),
    initializeData: ArtifactDirectory.encode(artifact, "initialize", args),
  });
}

function minimum(values: readonly bigint[]): bigint {
  return values.reduce((least, value) => (value < least ? value : least));
}

/** `{name: address}` of the predeploys in `set` (`citrate_getProtocolContracts`). */
export function protocolContracts(set: PredeploySet | undefined): Record<string, `0x${string}`> {
  return Object.fromEntries((set?.contracts ?? []).map((contract) => [contract.name, contract.address]));
}
