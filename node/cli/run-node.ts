import path from "node:path";
import { devAccounts, devSystemAccounts } from "../chain/dev-accounts.js";
import { PREDEPLOY_ADDRESSES } from "../chain/predeploys/predeploy.js";
import { NativeEngine } from "../../precompiles/inference/native-engine.js";
import { backendArtifacts } from "../provider/backend-artifacts.js";
import { predeployedProviderContracts, ProviderWorker } from "../provider/provider-worker.js";
import { FileScanCursor } from "../provider/scan-cursor.js";
import { devChainSpec, withPredeploys } from "../chain/dev-chain-spec.js";
import { ArtifactDirectory } from "../chain/predeploys/predeploy-artifacts.js";
import { protocolPredeploys } from "../chain/predeploys/protocol-predeploys.js";
import { devProtocolSettings } from "../chain/predeploys/dev-protocol-settings.js";
import { CitrateNode } from "../citrate-node.js";
import { DevClock } from "../dev/dev-clock.js";
import { chainCommon } from "../execution/common.js";
import { createLogger } from "../logging/logger.js";
import { nodeMetrics } from "../metrics/node-metrics.js";
import { devRpc } from "../rpc/dev-rpc.js";
import { nodeRpc } from "../rpc/node-rpc.js";
import { RpcServer } from "../rpc/rpc-server.js";
import { TxPool } from "../txpool/tx-pool.js";
import type { Logger } from "pino";
import type { ChainSpec } from "../chain/chain-spec.js";
import { specParams } from "../params/node-params.js";
import { KuboApiServer } from "../../precompiles/artifacts/kubo-api/kubo-api-server.js";
import { AiRuntime, type AiFeeSources } from "../ai/ai-runtime.js";
import { ArtifactConfirmer } from "../ai/artifact-confirmer.js";
import { ArtifactPinning } from "../ai/artifact-pinning.js";
import { publishDemoModels } from "../ai/demo-models.js";
import { listNodeModels, registryNames } from "../ai/node-models.js";
import { bindContext } from "../rpc/method-registry.js";
import { citrateModelMethods, type CitrateModelsContext } from "../rpc/methods/citrate/models.js";
import type { NodeOptions } from "./node.js";


/** The MODEL and ARTIFACT fees a block gets when its epoch has no ProtocolParams values (the spec's). */
function specAiFees(spec: ChainSpec): AiFeeSources {
  const { inferenceGasPerMac, pinFee } = specParams(spec);
  return { gasPerMac: () => inferenceGasPerMac, pinFee: () => pinFee };
}

/** The dev chain's provider: Hardhat account #9, staked for the demo models, serving them on the fast path. */
const DEV_PROVIDER = { account: 9, capacity: 4, stake: 1_000n * 10n ** 18n } as const;

async function startDevProvider(rpcUrl: string, ai: AiRuntime, models: readonly `0x${string}`[], datadir: string, log: Logger): Promise<ProviderWorker> {
  const artifacts = backendArtifacts(ai.store);
  return ProviderWorker.start({
    rpcUrl,
    privateKey: devAccounts(DEV_PROVIDER.account + 1)[DEV_PROVIDER.account].privateKey,
    contracts: predeployedProviderContracts(),
    artifacts: artifacts.reader,
    pinArtifact: artifacts.pinArtifact,
    engine: new NativeEngine({ onFallback: (modelHash) => log.warn({ modelHash }, "CUDA unavailable; running on the CPU") }),
    log: log.child({ component: "provider" }),
    cursor: new FileScanCursor(path.join(datadir, "provider-cursor.json")),
    registration: { endpoint: rpcUrl, capacity: DEV_PROVIDER.capacity, models, stake: DEV_PROVIDER.stake },
  });
}

/** Serves the Kubo RPC subset from the node's store on `hostPort`. */
async function serveIpfsApi(ai: AiRuntime, hostPort: string, log: Logger): Promise<KuboApiServer> {
  const separator = hostPort.lastIndexOf(":");
  const server = new KuboApiServer(ai.store);
  const url = await server.listen(hostPort.slice(0, separator), Number(hostPort.slice(separator + 1)));
  log.info({ url }, "IPFS RPC API listening");
  return server;
}

/** Hardhat's coinbase: dev blocks' rewards go here, so the test accounts' balances move only by their own transactions. */
const DEV_PROPOSER = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";

/** Runs `citrate node` with parsed options until SIGINT or SIGTERM. */
export async function runNode(options: NodeOptions): Promise<void> {
  if (!options.dev) throw new Error("only the single-node dev chain exists so far: run `citrate node --dev`");
  const log = createLogger(options.logLevel);
  const devSpec = devChainSpec();
  const spec = withPredeploys(
    devSpec,
    protocolPredeploys(new ArtifactDirectory(options.artifacts), devProtocolSettings(devSpec.epochLength)),
  );
  let pool: TxPool | undefined;
  const clock = new DevClock();
  const datadir = path.resolve(options.datadir);
  const ai = await AiRuntime.open(datadir, specAiFees(spec), log);
  const node = await CitrateNode.open({
    spec,
    datadir,
    log,
    proposer: DEV_PROPOSER,
    clock,
    precompiles: ai.precompiles,
    mempool: (opened) => {
      pool = new TxPool({ common: chainCommon(spec), chainId: spec.chainId, accounts: opened.tipAccounts(options.minGasPrice) });
      return pool;
    },
  });
  // The pin jobs start once JSON-RPC serves (they confirm through it); the RPC method reads them then.
  const artifactJobs: { pinning?: ArtifactPinning } = {};
  const { methods, context } = nodeRpc(node, pool as TxPool);
  if (options.dev) methods.add(...devRpc(node, context, { clock }).methods);
  const modelsContext: CitrateModelsContext = {
    listModels: () => listNodeModels(node, ai, registryNames(node, PREDEPLOY_ADDRESSES.ModelRegistry)),
    artifactStatus: (cid) => artifactJobs.pinning?.status(cid),
  };
  methods.add(...citrateModelMethods.map((method) => bindContext(method, modelsContext)));
  const metrics = options.metricsPort === undefined ? undefined : nodeMetrics(node, pool as TxPool);
  const server = await RpcServer.start({
    methods: metrics?.instrumentRpc(methods) ?? methods,
    context,
    log: log.child({ component: "rpc" }),
    host: options.rpcHost,
    port: options.rpcPort,
  });
  const metricsServer = await metrics?.serve({ port: options.metricsPort as number, log: log.child({ component: "metrics" }) });
  const ipfsApi = options.ipfsApi === false ? undefined : await serveIpfsApi(ai, options.ipfsApi, log);
  const confirmer = new ArtifactConfirmer(server.httpUrl, devSystemAccounts().storageProvider.privateKey);
  const pinning = await ArtifactPinning.start({
    node,
    runtime: ai,
    datadir,
    log,
    replicaEndpoints: options.ipfsReplica,
    provider: devSystemAccounts().storageProvider.address,
    confirm: (cid) => confirmer.confirm(cid),
  });
  artifactJobs.pinning = pinning;
  if (options.blockTime !== undefined) node.producer.startInterval(options.blockTime === "protocol" ? undefined : options.blockTime * 1000);
  const demoModels = options.demoModels
    ? await publishDemoModels({ rpcUrl: server.httpUrl, privateKey: devSystemAccounts().publisher.privateKey, registry: PREDEPLOY_ADDRESSES.ModelRegistry, store: ai.store, log })
    : [];
  const worker =
    options.provider && demoModels.length > 0 ? await startDevProvider(server.httpUrl, ai, demoModels.map((model) => model.modelHash), datadir, log) : undefined;
  log.info({ url: server.httpUrl, ws: server.wsUrl, ipfsApi: ipfsApi?.url }, "node ready");

  const { promise: stopped, resolve: stop } = Promise.withResolvers<NodeJS.Signals>();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const signal = await stopped;
  log.info({ signal }, "shutting down");
  await worker?.stop();
  await server.close();
  await metricsServer?.close();
  await ipfsApi?.close();
  confirmer.close();
  await pinning.close();
  await node.close();
  await ai.close();
  log.info({ head: node.head.header.number }, "stopped");
}
