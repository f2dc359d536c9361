import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, NonceManager, Wallet, getBytes, type Log } from "ethers";
import { create as kuboClient } from "kubo-rpc-client";
import pino from "pino";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { PREDEPLOY_ADDRESSES } from "../../node/chain/predeploys/predeploy.js";
import { encodeDataset, subset } from "../../node/provider/dataset.js";
import { backendArtifacts } from "../../node/provider/backend-artifacts.js";
import { predeployedProviderContracts, ProviderWorker } from "../../node/provider/provider-worker.js";
import { KuboBackend } from "../../precompiles/artifacts/kubo-backend.js";
import { NativeEngine } from "../../precompiles/inference/native-engine.js";
import { MLP_FEATURES } from "../../precompiles/inference/demo-models/mlp-classifier.js";
import { OnnxModel } from "../../precompiles/inference/onnx-model.js";
import { encodeTensor } from "../../precompiles/inference/tensor-codec.js";
import {
  FeeSplitter__factory,
  InferenceRouter__factory,
  LoRAFactory__factory,
  ModelRegistry__factory,
  ProviderStaking__factory,
} from "../../types/ethers-contracts/index.js";
import { mineAfter } from "../support/chain-time.js";
import { nodeProvider, type RunningNode, startDevNode } from "../support/node-process.js";
import { until } from "../support/until.js";
import { syntheticDataset } from "../node/provider/support/synthetic-dataset.js";

const accounts = devAccounts(11);
const devProvider = accounts[9];
const [requester, challenger, dishonest] = [accounts[3], accounts[4], accounts[10]];
const RequestStatus = { Submitted: 2n, Finalized: 3n, Overturned: 4n } as const;

/** A fixed MLP input, [1, 16] float32. */
function mlpInput(): Uint8Array {
  const values = Float32Array.from({ length: MLP_FEATURES }, (_, i) => Math.cos(i) * 1.5);
  return encodeTensor({ dtype: "float32", shape: [1, MLP_FEATURES], data: new Uint8Array(values.buffer) });
}


describe("the AI economy on a running dev node: requests, settlement, a challenge, a LoRA job", function () {
  this.timeout(600_000);
  let datadir: string;
  let node: RunningNode;
  let provider: JsonRpcProvider;
  const workers: ProviderWorker[] = [];

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-economy-"));
    node = await startDevNode(datadir);
    provider = nodeProvider(node);
  });
  after(async function () {
    for (const worker of workers) await worker.stop();
    provider?.destroy();
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  const signer = (account: { privateKey: string }) => new NonceManager(new Wallet(account.privateKey, provider));
  const router = (account = requester) => InferenceRouter__factory.connect(PREDEPLOY_ADDRESSES.InferenceRouter, signer(account));
  const registry = () => ModelRegistry__factory.connect(PREDEPLOY_ADDRESSES.ModelRegistry, provider);
  const modelByName = async (name: string) => {
    const models = (await provider.send("citrate_listModels", [])) as Array<{ modelHash: `0x${string}`; name: string | null; cid: string }>;
    const found = models.find((model) => model.name === name);
    if (found === undefined) throw new Error(`no ${name} in citrate_listModels`);
    return found;
  };
  const advance = (seconds: number) => mineAfter(provider, seconds);
  /** The router's `event` logs for `requestId` (indexed first), through eth_getLogs. */
  const routerLogs = async (event: "InferenceRequested" | "ResultSubmitted" | "RequestFinalized" | "ResultOverturned", requestId: bigint): Promise<Log[]> => {
    const topics = (await router().filters[event](requestId).getTopicFilter()) as string[];
    return provider.getLogs({ address: PREDEPLOY_ADDRESSES.InferenceRouter, topics, fromBlock: 0 });
  };

  it("serves a request through the dev provider worker and settles the fee exactly after the challenge window", async function () {
    const mlp = await modelByName("mlp-classifier");
    const modelId = await registry().modelIdByHash(mlp.modelHash);
    const price = (await registry().getModel(modelId)).spec.price;
    const staking = ProviderStaking__factory.connect(PREDEPLOY_ADDRESSES.ProviderStaking, provider);
    expect((await staking.getProvider(devProvider.address)).stake).to.be.greaterThan(0n);

    const receipt = await (await router().requestInference(mlp.modelHash, mlpInput(), { value: price })).wait();
    const requested = router().interface.parseLog(receipt?.logs.find((log) => log.address.toLowerCase() === PREDEPLOY_ADDRESSES.InferenceRouter) as Log);
    const requestId = requested?.args.requestId as bigint;
    expect((requested?.args.provider as string).toLowerCase()).to.equal(devProvider.address);

    const submitted = await until("the worker's result", async () => {
      const request = await router().getRequest(requestId);
      return request.status === RequestStatus.Submitted ? request : undefined;
    });
    expect(submitted.outputHash).to.not.equal(`0x${"0".repeat(64)}`);

    const splitter = FeeSplitter__factory.connect(PREDEPLOY_ADDRESSES.FeeSplitter, provider);
    const withdrawableBefore = await splitter.withdrawable(devProvider.address);
    await advance(601);
    const finalized = await (await router().finalize(requestId)).wait();
    const split = finalized?.logs.map((log) => splitter.interface.parseLog(log)).find((parsed) => parsed?.name === "FeeSplit");
    const [providerShare, treasuryShare, burned] = [split?.args.providerShare, split?.args.treasuryShare, split?.args.burnShare] as bigint[];
    expect(providerShare + treasuryShare + burned).to.equal(price);
    expect(providerShare).to.equal((price * 8_000n) / 10_000n);
    expect(await splitter.withdrawable(devProvider.address)).to.equal(withdrawableBefore + providerShare);
    expect((await router().getRequest(requestId)).status).to.equal(RequestStatus.Finalized);
    for (const event of ["InferenceRequested", "ResultSubmitted", "RequestFinalized"] as const) {
      expect(await routerLogs(event, requestId), `${event} through eth_getLogs`).to.have.length(1);
    }
  });

  it("proves a dishonest provider's output wrong with verifyInference, slashes it and refunds the requester", async function () {
    const mlp = await modelByName("mlp-classifier");
    const staking = (account: { privateKey: string }) => ProviderStaking__factory.connect(PREDEPLOY_ADDRESSES.ProviderStaking, signer(account));
    const artifacts = backendArtifacts(new KuboBackend(node.ipfsApiUrl as string));
    const liar = await ProviderWorker.start({
      rpcUrl: node.url,
      privateKey: dishonest.privateKey,
      contracts: predeployedProviderContracts(),
      artifacts: artifacts.reader,
      engine: new NativeEngine(),
      behaviour: "wrong-output",
      log: pino({ level: "silent" }),
      pollIntervalMs: 200,
      startBlock: await provider.getBlockNumber(),
      registration: { endpoint: "test", capacity: 2, models: [mlp.modelHash], stake: 1_000n * 10n ** 18n },
    });
    workers.push(liar);
    // Only the dishonest provider takes new requests.
    await (await staking(devProvider).setAvailable(false)).wait();
    try {
      const modelId = await registry().modelIdByHash(mlp.modelHash);
      const price = (await registry().getModel(modelId)).spec.price;
      const input = mlpInput();
      const receipt = await (await router().requestInference(mlp.modelHash, input, { value: price })).wait();
      const requestId = router().interface.parseLog(receipt?.logs.find((log) => log.address.toLowerCase() === PREDEPLOY_ADDRESSES.InferenceRouter) as Log)?.args.requestId as bigint;
      const submitted = await until("the dishonest result", async () => {
        const request = await router().getRequest(requestId);
        return request.status === RequestStatus.Submitted ? request : undefined;
      });
      expect(submitted.provider.toLowerCase()).to.equal(dishonest.address);
      const claimed = (await routerLogs("ResultSubmitted", requestId)).map((log) => router().interface.parseLog(log))[0]?.args.output as string;

      const stakeBefore = (await staking(dishonest).getProvider(dishonest.address)).stake;
      const challenged = await (await router(challenger).challenge(requestId, input, getBytes(claimed))).wait();
      const overturned = challenged?.logs.map((log) => router().interface.parseLog(log)).find((parsed) => parsed?.name === "ResultOverturned");
      expect(overturned, "ResultOverturned").to.not.equal(undefined);
      expect((await router().getRequest(requestId)).status).to.equal(RequestStatus.Overturned);
      const slashed = overturned?.args.slashed as bigint;
      expect(slashed).to.be.greaterThan(0n);
      expect((await staking(dishonest).getProvider(dishonest.address)).stake).to.equal(stakeBefore - slashed);
      expect(await router().refundOf(requester.address)).to.be.at.least(price);
      expect(await routerLogs("ResultOverturned", requestId)).to.have.length(1);
    } finally {
      await (await staking(devProvider).setAvailable(true)).wait();
    }
  });

  it("runs a LoRA job whose merged model scores better than its base on held-out data", async function () {
    const mlp = await modelByName("mlp-classifier");
    const modelId = await registry().modelIdByHash(mlp.modelHash);
    // The same teacher labels both: the job trains on the first 1,000 examples, the check uses 1,000 it never saw.
    const all = syntheticDataset(2_000);
    const training = subset(all, Array.from({ length: 1_000 }, (_, i) => i));
    const heldOut = subset(all, Array.from({ length: 1_000 }, (_, i) => 1_000 + i));
    const ipfs = kuboClient({ url: node.ipfsApiUrl as string });
    const datasetCid = (await ipfs.add(encodeDataset(training), { cidVersion: 1 })).cid.toString();

    const factory = LoRAFactory__factory.connect(PREDEPLOY_ADDRESSES.LoRAFactory, signer(requester));
    const created = await (await factory.createJob(modelId, datasetCid, 4, 10, { value: 10n ** 17n })).wait();
    const jobId = created?.logs.map((log) => factory.interface.parseLog(log)).find((parsed) => parsed?.name === "JobCreated")?.args.jobId as bigint;
    const completed = await until("the LoRA job's result", async () => {
      const logs = await provider.getLogs({ address: PREDEPLOY_ADDRESSES.LoRAFactory, topics: (await factory.filters.JobCompleted(jobId).getTopicFilter()) as string[], fromBlock: 0 });
      return logs.length > 0 ? factory.interface.parseLog(logs[0]) : undefined;
    }, 180_000);
    const adapterCid = completed?.args.cid as string;
    const chunks: Uint8Array[] = [];
    for await (const chunk of ipfs.cat(adapterCid)) chunks.push(chunk);
    const adapter = Buffer.concat(chunks);
    expect(`0x${createHash("sha256").update(adapter).digest("hex")}`).to.equal(completed?.args.modelHash);

    const base = Buffer.concat(await (async () => {
      const parts: Uint8Array[] = [];
      for await (const chunk of ipfs.cat(mlp.cid)) parts.push(chunk);
      return parts;
    })());
    const engine = new NativeEngine();
    try {
      const accuracy = async (bytes: Uint8Array) => {
        const x = Float32Array.from(heldOut.x);
        const [output] = await engine.run({ hash: `0x${createHash("sha256").update(bytes).digest("hex")}`, bytes, graph: OnnxModel.parse(bytes) }, [
          { dtype: "float32", shape: [heldOut.size, MLP_FEATURES], data: new Uint8Array(x.buffer) },
        ]);
        const probabilities = new Float32Array(output.data.buffer, output.data.byteOffset, output.data.byteLength / 4);
        let correct = 0;
        for (let i = 0; i < heldOut.size; i++) {
          const row = Array.from(probabilities.subarray(i * 4, i * 4 + 4));
          if (row.indexOf(Math.max(...row)) === heldOut.labels[i]) correct++;
        }
        return correct / heldOut.size;
      };
      const [baseAccuracy, adaptedAccuracy] = [await accuracy(base), await accuracy(adapter)];
      console.log(`      held-out accuracy: base ${(baseAccuracy * 100).toFixed(1)} %, LoRA-merged ${(adaptedAccuracy * 100).toFixed(1)} %`);
      expect(adaptedAccuracy).to.be.greaterThan(baseAccuracy + 0.2);
    } finally {
      await engine.close();
    }
  });
});
