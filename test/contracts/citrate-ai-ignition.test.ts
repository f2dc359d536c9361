import { expect } from "chai";
import { AbiCoder, getAddress, hexlify, parseEther, toUtf8Bytes } from "ethers";
import { network } from "hardhat";
import CitrateAI from "../../deploy/modules/CitrateAI.js";
import { ARTIFACT_PRECOMPILE_ADDRESS } from "../../precompiles/artifact/artifact-abi.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../../precompiles/model/model-abi.js";
import {
  FeeSplitter__factory,
  InferenceRouter__factory,
  LoRAFactory__factory,
  ModelRegistry__factory,
  ProviderStaking__factory,
} from "../../types/ethers-contracts/index.js";
import { PIN_COST, deployPrecompileMocks, modelSpec } from "./support/ai-suite.js";
import { devChainHelpers, testDeploymentId } from "../support/dev-chain-helpers.js";

const connection = await network.create();
const { ethers, ignition } = connection;
const networkHelpers = devChainHelpers(connection.provider);

describe("Ignition: deploy/modules/CitrateAI", function () {
  async function deployFixture() {
    const [deployer, modelOwner, provider, requester] = await ethers.getSigners();
    const at = async (contract: { getAddress(): Promise<string> }) => contract.getAddress();
    const { model, artifact } = await deployPrecompileMocks(deployer);
    const deployed = await ignition.deploy(CitrateAI, {
      deploymentId: testDeploymentId(connection),
      parameters: { CitrateAI: { modelPrecompile: await at(model), artifactPrecompile: await at(artifact) } },
    });
    return {
      model,
      artifact,
      deployer,
      modelOwner,
      provider,
      requester,
      registry: ModelRegistry__factory.connect(await at(deployed.modelRegistry), deployer),
      staking: ProviderStaking__factory.connect(await at(deployed.providerStaking), deployer),
      router: InferenceRouter__factory.connect(await at(deployed.inferenceRouter), deployer),
      lora: LoRAFactory__factory.connect(await at(deployed.loraFactory), deployer),
      splitter: FeeSplitter__factory.connect(await at(deployed.feeSplitter), deployer),
      paramsAddress: await at(deployed.protocolParams),
      treasuryAddress: await at(deployed.treasury),
    };
  }

  it("deploys the four contracts behind proxies, initialised and wired to the economy", async function () {
    const f = await networkHelpers.loadFixture(deployFixture);
    expect(await f.registry.protocolParams()).to.equal(f.paramsAddress);
    expect(await f.registry.treasury()).to.equal(f.treasuryAddress);
    expect(await f.registry.pinReplicas()).to.equal(3n);
    expect(await f.staking.jailPeriod()).to.equal(86_400n);
    expect(await f.router.registry()).to.equal(await f.registry.getAddress());
    expect(await f.router.staking()).to.equal(await f.staking.getAddress());
    expect(await f.router.feeSplitter()).to.equal(await f.splitter.getAddress());
    expect(await f.router.owner()).to.equal(f.deployer.address);
    expect(await f.lora.royaltyBps()).to.equal(1_000n);
    expect(await f.lora.owner()).to.equal(f.deployer.address);
    const router = await f.router.getAddress();
    const lora = await f.lora.getAddress();
    expect(await f.staking.hasRole(await f.staking.SLASHER_ROLE(), router)).to.equal(true);
    expect(await f.staking.hasRole(await f.staking.REPORTER_ROLE(), router)).to.equal(true);
    expect(await f.staking.hasRole(await f.staking.REPORTER_ROLE(), lora)).to.equal(true);
    expect(await f.registry.hasRole(await f.registry.VERSION_REGISTRAR_ROLE(), lora)).to.equal(true);
    expect(await f.staking.hasRole(await f.staking.DEFAULT_ADMIN_ROLE(), f.deployer.address)).to.equal(true);
    const model = await f.model.getAddress();
    expect([await f.registry.modelPrecompile(), await f.registry.artifactPrecompile()]).to.deep.equal([model, await f.artifact.getAddress()]);
    expect([await f.router.modelPrecompile(), await f.lora.modelPrecompile()]).to.deep.equal([model, model]);
  });

  it("calls a Citrate chain's own precompiles unless told otherwise", async function () {
    const deployed = await ignition.deploy(CitrateAI, { deploymentId: testDeploymentId(connection) });
    const [deployer] = await ethers.getSigners();
    const registry = ModelRegistry__factory.connect(await deployed.modelRegistry.getAddress(), deployer);
    const model = getAddress(MODEL_PRECOMPILE_ADDRESS);
    expect([await registry.modelPrecompile(), await registry.artifactPrecompile()]).to.deep.equal([model, getAddress(ARTIFACT_PRECOMPILE_ADDRESS)]);
    const router = InferenceRouter__factory.connect(await deployed.inferenceRouter.getAddress(), deployer);
    const lora = LoRAFactory__factory.connect(await deployed.loraFactory.getAddress(), deployer);
    expect([await router.modelPrecompile(), await lora.modelPrecompile()]).to.deep.equal([model, model]);
  });

  it("serves a request end to end: register, stake, request, answer, finalise", async function () {
    const f = await networkHelpers.loadFixture(deployFixture);
    const spec = modelSpec("ignition", { price: 10_000n });
    // what a client does: ask the registry for the exact value (registration fee + pin fee)
    const [registration, pin, total] = await f.registry.registrationCost();
    expect([registration, pin]).to.deep.equal([parseEther("1"), PIN_COST]);
    await f.registry.connect(f.modelOwner).registerModel(spec, { value: total });
    await f.staking.connect(f.provider).register("p", 1, [spec.modelHash], { value: parseEther("100") });
    const input = hexlify(toUtf8Bytes("x"));
    await f.router.connect(f.requester).requestInference(spec.modelHash, input, { value: 10_000n });
    expect(await f.router.assignedRequestsOf(f.provider.address)).to.deep.equal([1n]);
    const output = AbiCoder.defaultAbiCoder().encode(["uint256"], [await f.model.expectedOutput(spec.modelHash, input)]);
    await f.router.connect(f.provider).submitResult(1n, output);
    await networkHelpers.time.increase(600);
    await expect(f.router.finalize(1n)).to.emit(f.router, "RequestFinalized").withArgs(1n, f.provider.address, 10_000n);
    expect(await f.splitter.withdrawable(f.provider.address)).to.equal(8_000n);
  });
});
