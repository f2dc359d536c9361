import { createHash } from "node:crypto";
import { expect } from "chai";
import { BrowserProvider, getAddress, keccak256, parseEther, type Eip1193Provider } from "ethers";
import { network } from "hardhat";
import { pino } from "pino";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { encodeDataset } from "../../../node/provider/dataset.js";
import { runLoraJob } from "../../../node/provider/lora-job.js";
import { readMlp } from "../../../node/provider/mlp-graph.js";
import { ProviderWorker, type ProviderBehaviour, type ProviderWorkerOptions } from "../../../node/provider/provider-worker.js";
import { MemoryScanCursor } from "../../../node/provider/scan-cursor.js";
import { WasmConsensusEngine } from "../../../precompiles/inference/consensus-engine.js";
import { buildMlpClassifier } from "../../../precompiles/inference/demo-models/mlp-classifier.js";
import { buildTextEmbedding } from "../../../precompiles/inference/demo-models/text-embedding.js";
import { checkAgainstConsensus } from "../../../precompiles/inference/engine.js";
import { NativeEngine } from "../../../precompiles/inference/native-engine.js";
import { OnnxModel } from "../../../precompiles/inference/onnx-model.js";
import { decodeTensor, encodeTensor, type Tensor } from "../../../precompiles/inference/tensor-codec.js";
import { deployAISuite, modelSpec, Status } from "../../contracts/support/ai-suite.js";
import { cidOf, MemoryArtifacts } from "./support/memory-artifacts.js";
import { syntheticDataset } from "./support/synthetic-dataset.js";

const { ethers, provider: hardhatProvider, networkHelpers } = await network.connect();

const DEV_WORKER = devAccounts()[9];
const WORKER = { address: getAddress(DEV_WORKER.address), privateKey: DEV_WORKER.privateKey };
const PRICE = 1_000n;
const STAKE = parseEther("200");
const MLP_BYTES = buildMlpClassifier();
const MLP_HASH = sha256Hex(MLP_BYTES);
const engine = new NativeEngine();
const consensus = new WasmConsensusEngine();
const silent = pino({ level: "silent" });

function sha256Hex(bytes: Uint8Array): `0x${string}` {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

function inputTensor(rows: number, offset = 0): Tensor {
  const values = Float32Array.from({ length: rows * 16 }, (_, i) => Math.sin(i + offset));
  return { dtype: "float32", shape: [rows, 16], data: new Uint8Array(values.buffer) };
}

describe("ProviderWorker (Hardhat in-process network)", function () {
  async function deployFixture() {
    const [deployer, admin, modelOwner, user, creator] = await ethers.getSigners();
    const suite = await deployAISuite(deployer, admin);
    const artifacts = new MemoryArtifacts();
    const [, , fee] = await suite.registry.registrationCost();
    const cid = await artifacts.add(MLP_BYTES);
    await suite.registry.connect(modelOwner).registerModel(modelSpec("mlp", { cid, modelHash: MLP_HASH, size: BigInt(MLP_BYTES.length), price: PRICE }), { value: fee });
    const contracts = {
      InferenceRouter: (await suite.router.getAddress()) as `0x${string}`,
      ProviderStaking: (await suite.staking.getAddress()) as `0x${string}`,
      LoRAFactory: (await suite.lora.getAddress()) as `0x${string}`,
      ModelRegistry: (await suite.registry.getAddress()) as `0x${string}`,
    };
    return { ...suite, artifacts, contracts, fee, deployer, admin, modelOwner, user, creator };
  }
  type Fixture = Awaited<ReturnType<typeof deployFixture>>;

  function workerFor(f: Fixture, overrides: Partial<ProviderWorkerOptions> = {}): ProviderWorker {
    return ProviderWorker.create({
      provider: new BrowserProvider(hardhatProvider as Eip1193Provider),
      privateKey: WORKER.privateKey as `0x${string}`,
      contracts: f.contracts,
      artifacts: f.artifacts,
      pinArtifact: f.artifacts.add,
      engine,
      log: silent,
      retry: { baseDelayMs: 0, maxAttempts: 3 },
      ...overrides,
    });
  }

  async function registeredFixture(behaviour: ProviderBehaviour = "honest") {
    const f = await networkHelpers.loadFixture(deployFixture);
    const worker = workerFor(f, { behaviour });
    await worker.ensureRegistered({ endpoint: "http://worker.test", capacity: 2, models: [MLP_HASH], stake: STAKE });
    return { ...f, worker };
  }

  async function submittedOutput(f: Fixture, requestId: bigint): Promise<Uint8Array> {
    const [event] = await f.router.queryFilter(f.router.filters.ResultSubmitted(requestId));
    return ethers.getBytes(event.args.output);
  }

  after(async function () {
    await engine.close();
    await consensus.close();
  });

  it("registers with its stake, capacity and models once; a second call sends nothing; a new model is added", async function () {
    const f = await networkHelpers.loadFixture(deployFixture);
    const worker = workerFor(f);
    const registration = { endpoint: "http://worker.test", capacity: 2, models: [MLP_HASH], stake: STAKE };
    await worker.ensureRegistered(registration);
    const registered = await f.staking.getProvider(WORKER.address);
    expect([registered.registered, registered.stake, registered.capacity, registered.endpoint]).to.deep.equal([true, STAKE, 2n, "http://worker.test"]);
    const nonce = await ethers.provider.getTransactionCount(WORKER.address);
    await worker.ensureRegistered(registration);
    expect(await ethers.provider.getTransactionCount(WORKER.address)).to.equal(nonce);
    const other = sha256Hex(buildTextEmbedding());
    await worker.ensureRegistered({ ...registration, models: [MLP_HASH, other], stake: STAKE + 1n });
    expect(await f.staking.serves(WORKER.address, other)).to.equal(true);
    expect((await f.staking.getProvider(WORKER.address)).stake).to.equal(STAKE + 1n);
  });

  it("serves an assigned request on the fast path: the submitted output is the engine's and passes the consensus check", async function () {
    const f = await registeredFixture();
    const input = encodeTensor(inputTensor(3));
    await f.router.connect(f.user).requestInference(MLP_HASH, input, { value: PRICE });
    const request = await f.router.getRequest(1n);
    expect(request.provider).to.equal(WORKER.address);
    await f.worker.poll();
    expect((await f.router.getRequest(1n)).status).to.equal(Status.Submitted);
    const output = decodeTensor(await submittedOutput(f, 1n));
    expect(output.shape).to.deep.equal([3, 4]);
    const model = { hash: MLP_HASH, bytes: MLP_BYTES, graph: OnnxModel.parse(MLP_BYTES) };
    const [reference] = await consensus.run(model, [inputTensor(3)]);
    expect(checkAgainstConsensus([output], [reference], 100).ok).to.equal(true);
    expect(f.worker.metrics()).to.include({ requestsServed: 1, requestsFailed: 0, queuedTasks: 0 });
  });

  it("with behaviour wrong-output submits a perturbed result that fails the consensus check", async function () {
    const f = await registeredFixture("wrong-output");
    await f.router.connect(f.user).requestInference(MLP_HASH, encodeTensor(inputTensor(2)), { value: PRICE });
    await f.worker.poll();
    const output = decodeTensor(await submittedOutput(f, 1n));
    const [reference] = await consensus.run({ hash: MLP_HASH, bytes: MLP_BYTES, graph: OnnxModel.parse(MLP_BYTES) }, [inputTensor(2)]);
    const check = checkAgainstConsensus([output], [reference], 100);
    expect(check.ok).to.equal(false);
    expect(output.shape).to.deep.equal([2, 4]);
  });

  it("serves a request whose input is given by CID (fetched and checked against its keccak256)", async function () {
    const f = await registeredFixture();
    const input = encodeTensor(inputTensor(1, 5));
    const inputCid = await f.artifacts.add(input);
    await f.router.connect(f.user).requestInferenceByCid(MLP_HASH, inputCid, keccak256(input), { value: PRICE });
    await f.worker.poll();
    expect((await f.router.getRequest(1n)).status).to.equal(Status.Submitted);
    expect(decodeTensor(await submittedOutput(f, 1n)).shape).to.deep.equal([1, 4]);
  });

  it("retries a request whose model file is not in the store yet, with backoff, and serves it once the file arrives", async function () {
    const f = await registeredFixture();
    const embedding = buildTextEmbedding();
    const hash = sha256Hex(embedding);
    const cid = await cidOf(embedding);
    await f.registry.connect(f.modelOwner).registerModel(modelSpec("emb", { cid, modelHash: hash, size: BigInt(embedding.length), price: PRICE }), { value: f.fee });
    const worker = workerFor(f, { retry: { baseDelayMs: 60_000, maxAttempts: 5 } });
    await worker.ensureRegistered({ endpoint: "http://worker.test", capacity: 2, models: [MLP_HASH, hash], stake: STAKE });
    const ids: Tensor = { dtype: "int64", shape: [1, 4], data: new Uint8Array(BigInt64Array.from([72n, 105n, 33n, 0n]).buffer) };
    await f.router.connect(f.user).requestInference(hash, encodeTensor(ids), { value: PRICE });
    await worker.poll();
    expect(worker.metrics()).to.include({ requestsFailed: 1, queuedTasks: 1 });
    await worker.poll(); // backing off: not tried again yet
    expect(worker.metrics()).to.include({ requestsFailed: 1, queuedTasks: 1 });
    await f.artifacts.add(embedding);
    const retrying = workerFor(f, { retry: { baseDelayMs: 0 } });
    await retrying.poll();
    expect((await f.router.getRequest(1n)).status).to.equal(Status.Submitted);
    expect(decodeTensor(await submittedOutput(f, 1n)).shape).to.deep.equal([1, 32]);
  });

  it("drops a request whose input does not decode at once, without crashing, and goes on serving", async function () {
    const f = await registeredFixture();
    await f.router.connect(f.user).requestInference(MLP_HASH, "0x1234", { value: PRICE });
    await f.router.connect(f.user).requestInference(MLP_HASH, encodeTensor(inputTensor(1)), { value: PRICE });
    await f.worker.poll();
    expect(f.worker.metrics()).to.include({ requestsFailed: 1, requestsServed: 1, queuedTasks: 0 });
    expect((await f.router.getRequest(1n)).status).to.equal(Status.Assigned);
    expect((await f.router.getRequest(2n)).status).to.equal(Status.Submitted);
  });

  it("after a restart resumes from its saved cursor and recovers assigned requests without submitting twice", async function () {
    const f = await registeredFixture();
    const cursor = new MemoryScanCursor();
    const first = workerFor(f, { cursor });
    await f.router.connect(f.user).requestInference(MLP_HASH, encodeTensor(inputTensor(1)), { value: PRICE });
    const head = await ethers.provider.getBlockNumber();
    await first.poll(); // scans up to the head, then answers (in a later block)
    expect(await cursor.load()).to.equal(head);
    await f.router.connect(f.user).requestInference(MLP_HASH, encodeTensor(inputTensor(1, 9)), { value: PRICE });
    // a new worker whose cursor is past the request finds it through assignedRequestsOf
    const restarted = workerFor(f, { cursor: new MemoryScanCursor() });
    const ahead = new MemoryScanCursor();
    await ahead.save(await ethers.provider.getBlockNumber());
    const resumed = workerFor(f, { cursor: ahead });
    await resumed.poll();
    expect((await f.router.getRequest(2n)).status).to.equal(Status.Submitted);
    expect(resumed.metrics()).to.include({ requestsServed: 1 });
    // one that rescans from block 0 sees both logs, and leaves the answered requests alone
    await restarted.poll();
    expect(restarted.metrics()).to.include({ requestsServed: 0, requestsDropped: 2 });
    expect(await f.router.queryFilter(f.router.filters.ResultSubmitted())).to.have.length(2);
  });

  it("takes a LoRA job: claims it, trains on the dataset artifact, pins the merged model and submits it", async function () {
    const f = await registeredFixture();
    const dataset = encodeDataset(syntheticDataset(600, 77));
    const datasetCid = await f.artifacts.add(dataset);
    await f.lora.connect(f.creator).createJob(1n, datasetCid, 4, 8, { value: parseEther("1") });
    await f.worker.poll();
    const job = await f.lora.getJob(1n);
    expect(job.status).to.equal(3n); // Completed
    expect(job.provider).to.equal(WORKER.address);
    const adapter = await f.registry.getModel(job.adapterModelId);
    const bytes = await f.artifacts.cat(adapter.spec.cid);
    expect(sha256Hex(bytes)).to.equal(adapter.spec.modelHash);
    expect(adapter.spec.size).to.equal(BigInt(bytes.length));
    expect(adapter.owner).to.equal(f.creator.address);
    expect(readMlp(bytes).layers[0].weight).to.not.deep.equal(readMlp(MLP_BYTES).layers[0].weight);
    const expected = runLoraJob({ baseModel: MLP_BYTES, dataset, rank: 4, epochs: 8 });
    expect(job.metric).to.equal(expected.metric);
    expect(job.metric).to.be.greaterThan(expected.baseMetric + 4_000n);
    expect(f.worker.metrics()).to.include({ jobsCompleted: 1 });
  });

  it("leaves a LoRA job it cannot train (base is not an MLP classifier) open and unclaimed", async function () {
    const f = await registeredFixture();
    const embedding = buildTextEmbedding();
    const cid = await f.artifacts.add(embedding);
    await f.registry.connect(f.modelOwner).registerModel(modelSpec("emb", { cid, modelHash: sha256Hex(embedding), size: BigInt(embedding.length), price: PRICE }), { value: f.fee });
    await f.lora.connect(f.creator).createJob(2n, await f.artifacts.add(encodeDataset(syntheticDataset(20))), 2, 1, { value: parseEther("0.01") });
    await f.worker.poll();
    await f.worker.poll();
    expect((await f.lora.getJob(1n)).status).to.equal(1n); // Open
    expect(f.worker.metrics()).to.include({ jobsSkipped: 1, jobsCompleted: 0 });
  });

  it("start() polls on its own until stop()", async function () {
    const f = await networkHelpers.loadFixture(deployFixture);
    const worker = await ProviderWorker.start({
      provider: new BrowserProvider(hardhatProvider as Eip1193Provider),
      privateKey: WORKER.privateKey as `0x${string}`,
      contracts: f.contracts,
      artifacts: f.artifacts,
      engine,
      log: silent,
      pollIntervalMs: 20,
      registration: { endpoint: "http://worker.test", capacity: 1, models: [MLP_HASH], stake: STAKE },
    });
    try {
      await f.router.connect(f.user).requestInference(MLP_HASH, encodeTensor(inputTensor(1)), { value: PRICE });
      for (let i = 0; i < 200 && (await f.router.getRequest(1n)).status !== BigInt(Status.Submitted); i++) await new Promise((r) => setTimeout(r, 20));
      expect((await f.router.getRequest(1n)).status).to.equal(Status.Submitted);
    } finally {
      await worker.stop();
    }
  });

  it("rejects options that do not describe a worker", function () {
    const base = { privateKey: WORKER.privateKey as `0x${string}`, contracts: { InferenceRouter: "0x1", ProviderStaking: "0x2", LoRAFactory: "0x3", ModelRegistry: "0x4" } as never, artifacts: new MemoryArtifacts(), engine, log: silent };
    expect(() => ProviderWorker.create(base)).to.throw(/exactly one of rpcUrl and provider/);
    expect(() => ProviderWorker.create({ ...base, rpcUrl: "http://127.0.0.1:1" })).to.throw(/contract InferenceRouter has no valid address/);
    expect(() => ProviderWorker.create({ ...base, rpcUrl: "http://127.0.0.1:1", privateKey: "0x12" })).to.throw(/privateKey/);
  });
});
