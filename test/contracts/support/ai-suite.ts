// Deploys the AI economy (ModelRegistry, ProviderStaking, InferenceRouter, LoRAFactory) on top of the
// protocol suite, each behind an ERC1967 proxy initialised through its constructor calldata. The
// implementations call test doubles of the MODEL and ARTIFACT precompiles, deployed as ordinary
// contracts and passed to their constructors (the ARTIFACT double charging `AI_SETTINGS.pinFee` per
// replica, so every registration pays a pin fee): nothing is written at the precompiles' fixed
// addresses, so the same tests run on a Citrate node, where the real precompiles live there.
import { id, type Signer } from "ethers";
import {
  InferenceRouter__factory,
  LoRAFactory__factory,
  MockArtifactPrecompile__factory,
  MockModelPrecompile__factory,
  ModelRegistry__factory,
  ProviderStaking__factory,
  TestProxy__factory,
  type InferenceRouter,
  type LoRAFactory,
  type MockArtifactPrecompile,
  type MockModelPrecompile,
  type ModelRegistry,
  type ProviderStaking,
} from "../../../types/ethers-contracts/index.js";
import { deployFeeSplitter, deployProtocolParams, deployTreasury } from "./protocol-suite.js";

/** Settings the suite is initialised with. */
export const AI_SETTINGS = {
  pinReplicas: 3,
  /** Wei per replica the ARTIFACT double charges. */
  pinFee: 1_000_000_000_000n,
  jailPeriod: 3_600n,
  toleranceBps: 100,
  challengerRewardBps: 5_000,
  royaltyBps: 1_000,
  jobTimeout: 86_400n,
} as const;

/** What pinning one model file costs: `pinFee × pinReplicas` wei (the registry's `pinCost()`). */
export const PIN_COST = AI_SETTINGS.pinFee * BigInt(AI_SETTINGS.pinReplicas);

/** The MODEL and ARTIFACT test doubles, the ARTIFACT one charging `AI_SETTINGS.pinFee` per replica. */
export interface PrecompileMocks {
  readonly model: MockModelPrecompile;
  readonly artifact: MockArtifactPrecompile;
}

/** Deploys the precompile doubles as ordinary contracts; pass their addresses to the implementations. */
export async function deployPrecompileMocks(deployer: Signer): Promise<PrecompileMocks> {
  const model = await new MockModelPrecompile__factory(deployer).deploy();
  const artifact = await new MockArtifactPrecompile__factory(deployer).deploy();
  await artifact.setPinFee(AI_SETTINGS.pinFee);
  return { model, artifact };
}

async function behindProxy(deployer: Signer, implementation: { getAddress(): Promise<string> }, data: string): Promise<string> {
  const proxy = await new TestProxy__factory(deployer).deploy(await implementation.getAddress(), data);
  return proxy.getAddress();
}

/** The whole AI economy wired as the Ignition module wires it, `admin` holding every admin role. */
export async function deployAISuite(deployer: Signer, admin: Signer) {
  const adminAddress = await admin.getAddress();
  const { params } = await deployProtocolParams(deployer, adminAddress);
  const { treasury } = await deployTreasury(deployer, adminAddress);
  const { splitter } = await deployFeeSplitter(deployer, await params.getAddress(), await treasury.getAddress());
  const precompiles = await deployPrecompileMocks(deployer);
  const modelAddress = await precompiles.model.getAddress();
  const paramsAddress = await params.getAddress();
  const treasuryAddress = await treasury.getAddress();

  const registryImplementation = await new ModelRegistry__factory(deployer).deploy(modelAddress, await precompiles.artifact.getAddress());
  const registry: ModelRegistry = ModelRegistry__factory.connect(
    await behindProxy(
      deployer,
      registryImplementation,
      registryImplementation.interface.encodeFunctionData("initialize", [adminAddress, paramsAddress, treasuryAddress, AI_SETTINGS.pinReplicas]),
    ),
    deployer,
  );

  const stakingImplementation = await new ProviderStaking__factory(deployer).deploy();
  const staking: ProviderStaking = ProviderStaking__factory.connect(
    await behindProxy(
      deployer,
      stakingImplementation,
      stakingImplementation.interface.encodeFunctionData("initialize", [adminAddress, paramsAddress, treasuryAddress, AI_SETTINGS.jailPeriod]),
    ),
    deployer,
  );

  const routerImplementation = await new InferenceRouter__factory(deployer).deploy(modelAddress);
  const router: InferenceRouter = InferenceRouter__factory.connect(
    await behindProxy(
      deployer,
      routerImplementation,
      routerImplementation.interface.encodeFunctionData("initialize", [
        adminAddress,
        paramsAddress,
        await registry.getAddress(),
        await staking.getAddress(),
        await splitter.getAddress(),
        AI_SETTINGS.toleranceBps,
        AI_SETTINGS.challengerRewardBps,
      ]),
    ),
    deployer,
  );

  const factoryImplementation = await new LoRAFactory__factory(deployer).deploy(modelAddress);
  const lora: LoRAFactory = LoRAFactory__factory.connect(
    await behindProxy(
      deployer,
      factoryImplementation,
      factoryImplementation.interface.encodeFunctionData("initialize", [
        adminAddress,
        await registry.getAddress(),
        await staking.getAddress(),
        await splitter.getAddress(),
        AI_SETTINGS.royaltyBps,
        AI_SETTINGS.jobTimeout,
      ]),
    ),
    deployer,
  );

  const asAdminStaking = staking.connect(admin);
  await asAdminStaking.grantRole(await staking.SLASHER_ROLE(), await router.getAddress());
  await asAdminStaking.grantRole(await staking.REPORTER_ROLE(), await router.getAddress());
  await asAdminStaking.grantRole(await staking.REPORTER_ROLE(), await lora.getAddress());
  await registry.connect(admin).grantRole(await registry.VERSION_REGISTRAR_ROLE(), await lora.getAddress());

  return {
    params,
    treasury,
    splitter,
    registry,
    staking,
    router,
    lora,
    implementations: { registry: registryImplementation, staking: stakingImplementation, router: routerImplementation, lora: factoryImplementation },
    ...precompiles,
  };
}

export type AISuite = Awaited<ReturnType<typeof deployAISuite>>;

/** The access policies of ModelRegistry.AccessPolicy. */
export const Policy = { Public: 0, Private: 1, AllowList: 2, PayPerUse: 3 } as const;

/** Request states of InferenceRouter.RequestStatus. */
export const Status = { None: 0, Assigned: 1, Submitted: 2, Finalized: 3, Overturned: 4, Expired: 5 } as const;

/** A model description for ModelRegistry.registerModel, unique per `tag`. */
export function modelSpec(tag: string, overrides: Partial<ModelSpecInput> = {}): ModelSpecInput {
  return {
    name: `model-${tag}`,
    framework: "onnx",
    version: "1.0.0",
    cid: `bafy-${tag}`,
    modelHash: id(`onnx-file-${tag}`),
    size: 1_024n,
    price: 1_000n,
    policy: Policy.Public,
    ...overrides,
  };
}

/** ModelRegistry.ModelSpec as the ethers bindings take it. */
export interface ModelSpecInput {
  name: string;
  framework: string;
  version: string;
  cid: string;
  modelHash: string;
  size: bigint;
  price: bigint;
  policy: number;
}
