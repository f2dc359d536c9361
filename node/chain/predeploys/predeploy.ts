/**
 * Predeploys: the protocol's system contracts, present from genesis at fixed addresses (OP Stack's
 * model). Each is an ERC-1967 proxy at its fixed address whose implementation the genesis builder
 * creates from the compiled artifact, initialised by calling `initialize` through the proxy: the
 * genesis state holds exactly what a real deployment would, and no one can initialise it first.
 */
export interface PredeployDefinition {
  /** The name tools look it up by (`citrate_getProtocolContracts`). */
  readonly name: string;
  /** The proxy's fixed address: the contract's address for everyone. */
  readonly address: `0x${string}`;
  /**
   * The implementation's creation bytecode with its ABI-encoded constructor arguments appended (the
   * constructor disables initialisers; the AI contracts' also fix the precompiles they call).
   */
  readonly creationCode: `0x${string}`;
  /** Calldata of the `initialize` call made through the proxy. */
  readonly initializeData: `0x${string}`;
}

/** A contract created at genesis without a proxy (e.g. an implementation factories clone). */
export interface GenesisImplementation {
  readonly name: string;
  readonly creationCode: `0x${string}`;
}

/** A call made at genesis once every contract is installed (role grants, initial stakes). */
export interface GenesisCall {
  readonly description: string;
  readonly from: `0x${string}`;
  readonly to: `0x${string}`;
  readonly data: `0x${string}`;
  readonly value: bigint;
}

/** What genesis installs: the proxy code shared by all predeploys, and the contracts in order. */
export interface PredeploySet {
  /** ERC1967Proxy's runtime code, placed at every predeploy address. */
  readonly proxyRuntimeCode: `0x${string}`;
  /**
   * Created first, in order, by GENESIS_DEPLOYER with nonces 0, 1, …, so their addresses are
   * `getCreateAddress(GENESIS_DEPLOYER, i)` and initialisers can name them.
   */
  readonly implementations?: readonly GenesisImplementation[];
  /** Installed in this order (an initialiser may call predeploys installed before it). */
  readonly contracts: readonly PredeployDefinition[];
  /** Balances added before `calls` run (what genesis calls send as value). */
  readonly credits?: ReadonlyMap<`0x${string}`, bigint>;
  /** Run last, in order; each must succeed. */
  readonly calls?: readonly GenesisCall[];
}

/** The system account that creates implementations and initialises proxies at genesis. */
export const GENESIS_DEPLOYER = "0xc17a00000000000000000000000000000000ffff" as const;

/** The fixed proxy addresses of the protocol contracts (`0xc17a…00nn`). */
export const PREDEPLOY_ADDRESSES = {
  ProtocolParams: "0xc17a000000000000000000000000000000000001",
  Treasury: "0xc17a000000000000000000000000000000000002",
  FeeSplitter: "0xc17a000000000000000000000000000000000003",
  ModelRegistry: "0xc17a000000000000000000000000000000000010",
  ProviderStaking: "0xc17a000000000000000000000000000000000011",
  InferenceRouter: "0xc17a000000000000000000000000000000000012",
  LoRAFactory: "0xc17a000000000000000000000000000000000013",
  Timelock: "0xc17a000000000000000000000000000000000020",
  CitrateGovernor: "0xc17a000000000000000000000000000000000021",
  StakedLAT: "0xc17a000000000000000000000000000000000022",
  TechnicalCouncil: "0xc17a000000000000000000000000000000000023",
  GovernanceFactory: "0xc17a000000000000000000000000000000000024",
} as const satisfies Record<string, `0x${string}`>;

export type PredeployName = keyof typeof PREDEPLOY_ADDRESSES;
