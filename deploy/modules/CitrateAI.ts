import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ARTIFACT_PRECOMPILE_ADDRESS } from "../../precompiles/artifact/artifact-abi.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../../precompiles/model/model-abi.js";
import CitrateEconomy from "./CitrateEconomy.js";

/**
 * The AI economy on top of CitrateEconomy: ModelRegistry, ProviderStaking, InferenceRouter and
 * LoRAFactory, each behind an ERC-1967 proxy initialised in the proxy's constructor, then wired:
 * the router may slash and record jobs in staking, the LoRAFactory may record jobs and register
 * derived models in the registry.
 *
 * The deploying account (account 0) holds the admin roles and ownerships, because it sends the wiring
 * calls; hand them over to the Timelock afterwards (`grantRole` + `renounceRole` on the AccessControl
 * contracts, `transferOwnership` + `acceptOwnership` on the others). Parameters: `pinReplicas` (3), `jailPeriod` in seconds (1 day), `toleranceBps` (100),
 * `challengerRewardBps` (5,000), `royaltyBps` (1,000), `jobTimeout` in seconds (1 day), and the
 * precompiles the implementations call, `modelPrecompile` (0x…1000) and `artifactPrecompile` (0x…1002):
 * the defaults are a Citrate chain's own, so `--network citrate` needs nothing; a network without them
 * passes contracts implementing their interfaces (tests pass the test doubles).
 */
export default buildModule("CitrateAI", (m) => {
  const { protocolParams, treasury, feeSplitter } = m.useModule(CitrateEconomy);
  // The wiring calls below must come from the admin, so it is the deploying account itself.
  const admin = m.getAccount(0);
  const pinReplicas = m.getParameter("pinReplicas", 3n);
  const jailPeriod = m.getParameter("jailPeriod", 86_400n);
  const toleranceBps = m.getParameter("toleranceBps", 100n);
  const challengerRewardBps = m.getParameter("challengerRewardBps", 5_000n);
  const royaltyBps = m.getParameter("royaltyBps", 1_000n);
  const jobTimeout = m.getParameter("jobTimeout", 86_400n);
  const modelPrecompile = m.getParameter("modelPrecompile", MODEL_PRECOMPILE_ADDRESS);
  const artifactPrecompile = m.getParameter("artifactPrecompile", ARTIFACT_PRECOMPILE_ADDRESS);

  const registryImplementation = m.contract("ModelRegistry", [modelPrecompile, artifactPrecompile], { id: "ModelRegistryImplementation" });
  const registryProxy = m.contract(
    "ERC1967Proxy",
    [registryImplementation, m.encodeFunctionCall(registryImplementation, "initialize", [admin, protocolParams, treasury, pinReplicas])],
    { id: "ModelRegistryProxy" },
  );
  const modelRegistry = m.contractAt("ModelRegistry", registryProxy, { id: "ModelRegistry" });

  const stakingImplementation = m.contract("ProviderStaking", [], { id: "ProviderStakingImplementation" });
  const stakingProxy = m.contract(
    "ERC1967Proxy",
    [stakingImplementation, m.encodeFunctionCall(stakingImplementation, "initialize", [admin, protocolParams, treasury, jailPeriod])],
    { id: "ProviderStakingProxy" },
  );
  const providerStaking = m.contractAt("ProviderStaking", stakingProxy, { id: "ProviderStaking" });

  const routerImplementation = m.contract("InferenceRouter", [modelPrecompile], { id: "InferenceRouterImplementation" });
  const routerProxy = m.contract(
    "ERC1967Proxy",
    [
      routerImplementation,
      m.encodeFunctionCall(routerImplementation, "initialize", [
        admin,
        protocolParams,
        modelRegistry,
        providerStaking,
        feeSplitter,
        toleranceBps,
        challengerRewardBps,
      ]),
    ],
    { id: "InferenceRouterProxy" },
  );
  const inferenceRouter = m.contractAt("InferenceRouter", routerProxy, { id: "InferenceRouter" });

  const factoryImplementation = m.contract("LoRAFactory", [modelPrecompile], { id: "LoRAFactoryImplementation" });
  const factoryProxy = m.contract(
    "ERC1967Proxy",
    [
      factoryImplementation,
      m.encodeFunctionCall(factoryImplementation, "initialize", [admin, modelRegistry, providerStaking, feeSplitter, royaltyBps, jobTimeout]),
    ],
    { id: "LoRAFactoryProxy" },
  );
  const loraFactory = m.contractAt("LoRAFactory", factoryProxy, { id: "LoRAFactory" });

  const slasherRole = m.staticCall(providerStaking, "SLASHER_ROLE", [], 0, { id: "SlasherRole" });
  const reporterRole = m.staticCall(providerStaking, "REPORTER_ROLE", [], 0, { id: "ReporterRole" });
  const registrarRole = m.staticCall(modelRegistry, "VERSION_REGISTRAR_ROLE", [], 0, { id: "VersionRegistrarRole" });
  m.call(providerStaking, "grantRole", [slasherRole, inferenceRouter], { id: "RouterSlasher", from: admin });
  m.call(providerStaking, "grantRole", [reporterRole, inferenceRouter], { id: "RouterReporter", from: admin });
  m.call(providerStaking, "grantRole", [reporterRole, loraFactory], { id: "LoRAFactoryReporter", from: admin });
  m.call(modelRegistry, "grantRole", [registrarRole, loraFactory], { id: "LoRAFactoryRegistrar", from: admin });

  return { protocolParams, treasury, feeSplitter, modelRegistry, providerStaking, inferenceRouter, loraFactory };
});
