/**
 * The provider worker: a staked account that serves the inference market and LoRA jobs.
 *
 * - Inference: scans `InferenceRequested` logs with `provider == me` over block ranges (`eth_getLogs`,
 *   cursor persisted), fetches the model file named by the registry (sha256 checked against its hash),
 *   decodes the input tensors, runs them on the fast engine and calls `submitResult`.
 * - LoRA: takes open jobs whose base is an MLP classifier and whose dataset parses, claims them, trains
 *   an adapter (`lora-job.ts`), pins the merged ONNX file through `pinArtifact` and submits it.
 *
 * Every request and job is a task; a failing task is logged and retried with exponential backoff, and
 * dropped once it can no longer succeed (answered, expired, or failed for a reason retrying cannot fix).
 * Before acting, the worker reads the request or job on chain, so a log seen twice (re-org, restart)
 * does nothing twice. Transactions go out one at a time through a nonce manager.
 */
import { createHash } from "node:crypto";
import { PREDEPLOY_ADDRESSES } from "../chain/predeploys/predeploy.js";
import { Contract, JsonRpcProvider, NonceManager, Wallet, getAddress, keccak256, toBeHex, zeroPadValue, type Log, type Provider } from "ethers";
import type { Logger } from "pino";
import type { InferenceEngine, LoadedModel } from "../../precompiles/inference/engine.js";
import { OnnxModel, OnnxModelError } from "../../precompiles/inference/onnx-model.js";
import { DTYPE_SIZES, TensorCodecError, decodeTensors, encodeTensors, type Tensor } from "../../precompiles/inference/tensor-codec.js";
import type { ArtifactReader } from "../../precompiles/model/artifact-reader.js";
import { INFERENCE_ROUTER_ABI, JobStatus, LORA_FACTORY_ABI, MODEL_REGISTRY_ABI, PROVIDER_STAKING_ABI, RequestStatus } from "./contract-abis.js";
import { DatasetFormatError, parseDataset } from "./dataset.js";
import { runLoraJob } from "./lora-job.js";
import { readMlp, UnsupportedBaseModelError } from "./mlp-graph.js";
import { MemoryScanCursor, type ScanCursorStore } from "./scan-cursor.js";

/** `honest` serves true outputs; `wrong-output` perturbs them (a demo of challenges and slashing). */
export type ProviderBehaviour = "honest" | "wrong-output";

/** Addresses of the AI economy contracts (as `citrate_getProtocolContracts` names them). */
export interface ProviderContracts {
  readonly InferenceRouter: `0x${string}`;
  readonly ProviderStaking: `0x${string}`;
  readonly LoRAFactory: `0x${string}`;
  readonly ModelRegistry: `0x${string}`;
}

/** The provider's contracts on a Citrate chain: the genesis predeploys. */
export function predeployedProviderContracts(): ProviderContracts {
  return {
    InferenceRouter: PREDEPLOY_ADDRESSES.InferenceRouter,
    ProviderStaking: PREDEPLOY_ADDRESSES.ProviderStaking,
    LoRAFactory: PREDEPLOY_ADDRESSES.LoRAFactory,
    ModelRegistry: PREDEPLOY_ADDRESSES.ModelRegistry,
  };
}

/** What `ensureRegistered` makes true on chain. */
export interface ProviderRegistration {
  readonly endpoint: string;
  /** Requests served at once. */
  readonly capacity: number;
  /** MODEL hashes served. */
  readonly models: readonly `0x${string}`[];
  /** Least active stake, in wei (topped up when below). */
  readonly stake: bigint;
}

export interface RetryPolicy {
  /** First retry delay; default 1,000 ms. Doubles per attempt. */
  readonly baseDelayMs: number;
  /** Longest delay; default 60,000 ms. */
  readonly maxDelayMs: number;
  /** Attempts before a task is dropped; default 8. */
  readonly maxAttempts: number;
}

export interface ProviderWorkerOptions {
  /** JSON-RPC URL of a Citrate (or any EVM) node; or give `provider`. */
  readonly rpcUrl?: string;
  /** An ethers provider (e.g. `new BrowserProvider(hardhatProvider)` in tests); or give `rpcUrl`. */
  readonly provider?: Provider;
  readonly privateKey: `0x${string}`;
  readonly contracts: ProviderContracts;
  /** Model files, dataset and input artifacts by CID. */
  readonly artifacts: ArtifactReader;
  /** Adds bytes to IPFS and returns the CID; LoRA jobs are taken only when given. */
  readonly pinArtifact?: (bytes: Uint8Array) => Promise<string>;
  /** The fast path (`NativeEngine`). */
  readonly engine: InferenceEngine;
  readonly behaviour?: ProviderBehaviour;
  readonly log: Logger;
  /** Between polls; default 1,000 ms. */
  readonly pollIntervalMs?: number;
  /** The log scan's position; default in memory. */
  readonly cursor?: ScanCursorStore;
  /** First block scanned when the cursor is empty; default 0. */
  readonly startBlock?: number;
  /** Most blocks per `eth_getLogs`; default 2,000. */
  readonly maxBlockRange?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Registration made sure of at start. */
  readonly registration?: ProviderRegistration;
  /** Seeds LoRA training (split, initial adapter, batch order); default 1. */
  readonly loraSeed?: number;
}

/** Counters for logs and dashboards. */
export interface ProviderMetrics {
  requestsServed: number;
  requestsFailed: number;
  requestsDropped: number;
  jobsCompleted: number;
  jobsFailed: number;
  jobsSkipped: number;
  lastScannedBlock: number;
  queuedTasks: number;
}

/** A task that retrying cannot fix (bad input, bad artifact, unsupported model); it is dropped at once. */
export class PermanentTaskError extends Error {
  override readonly name = "PermanentTaskError";
}

/** Options that do not describe a worker. */
export class ProviderWorkerConfigError extends Error {
  override readonly name = "ProviderWorkerConfigError";
}

interface InferenceTask {
  readonly kind: "inference";
  readonly id: bigint;
  readonly modelId: bigint;
  readonly modelHash: `0x${string}`;
  readonly inputHash: `0x${string}`;
  readonly input: Uint8Array;
  readonly inputCid: string;
}

interface LoraTask {
  readonly kind: "lora";
  readonly id: bigint;
}

type Task = (InferenceTask | LoraTask) & { attempts: number; notBefore: number };

type Outcome = "done" | "dropped";

export class ProviderWorker {
  readonly address: `0x${string}`;
  private readonly provider: Provider;
  private readonly signer: NonceManager;
  private readonly router: Contract;
  private readonly staking: Contract;
  private readonly factory: Contract;
  private readonly registry: Contract;
  private readonly cursor: ScanCursorStore;
  private readonly retry: RetryPolicy;
  private readonly tasks = new Map<string, Task>();
  /** Jobs looked at and left (not for this worker); not looked at again. */
  private readonly passedJobs = new Set<bigint>();
  private readonly models = new Map<string, Promise<LoadedModel>>();
  private readonly counters: ProviderMetrics = {
    requestsServed: 0,
    requestsFailed: 0,
    requestsDropped: 0,
    jobsCompleted: 0,
    jobsFailed: 0,
    jobsSkipped: 0,
    lastScannedBlock: -1,
    queuedTasks: 0,
  };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private recovered = false;

  private constructor(private readonly options: ProviderWorkerOptions) {
    if ((options.rpcUrl === undefined) === (options.provider === undefined)) throw new ProviderWorkerConfigError("give exactly one of rpcUrl and provider");
    // No block-number cache: a receipt read right after an automine block, with the number cached from
    // before it, counts 0 confirmations, and `wait(1)` then waits for a block that may never come.
    this.provider = options.provider ?? new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: options.pollIntervalMs ?? 1_000 });
    let wallet: Wallet;
    try {
      wallet = new Wallet(options.privateKey, this.provider);
    } catch {
      throw new ProviderWorkerConfigError("privateKey is not a 32-byte hex secp256k1 key");
    }
    this.address = getAddress(wallet.address) as `0x${string}`;
    this.signer = new NonceManager(wallet);
    for (const [name, address] of Object.entries(options.contracts)) {
      if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address)) throw new ProviderWorkerConfigError(`contract ${name} has no valid address (${String(address)})`);
    }
    this.router = new Contract(options.contracts.InferenceRouter, INFERENCE_ROUTER_ABI, this.signer);
    this.staking = new Contract(options.contracts.ProviderStaking, PROVIDER_STAKING_ABI, this.signer);
    this.factory = new Contract(options.contracts.LoRAFactory, LORA_FACTORY_ABI, this.signer);
    this.registry = new Contract(options.contracts.ModelRegistry, MODEL_REGISTRY_ABI, this.provider);
    this.cursor = options.cursor ?? new MemoryScanCursor();
    this.retry = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 8, ...options.retry };
  }

  /** A worker that does nothing until `poll()` or `run()`; for callers that drive it themselves. */
  static create(options: ProviderWorkerOptions): ProviderWorker {
    return new ProviderWorker(options);
  }

  /** Creates a worker, makes sure of its registration (when given) and starts polling. */
  static async start(options: ProviderWorkerOptions): Promise<ProviderWorker> {
    const worker = new ProviderWorker(options);
    if (options.registration !== undefined) await worker.ensureRegistered(options.registration);
    worker.run();
    return worker;
  }

  get behaviour(): ProviderBehaviour {
    return this.options.behaviour ?? "honest";
  }

  metrics(): ProviderMetrics {
    return { ...this.counters, queuedTasks: this.tasks.size };
  }

  /** Registers with `registration`, or brings an existing registration up to it (models, stake, capacity). */
  async ensureRegistered(registration: ProviderRegistration): Promise<void> {
    if (!Number.isInteger(registration.capacity) || registration.capacity < 1 || registration.capacity > 0xffffffff) {
      throw new ProviderWorkerConfigError(`capacity ${registration.capacity} must be a positive uint32`);
    }
    const current = (await this.staking.getProvider(this.address)) as { registered: boolean; stake: bigint; capacity: bigint };
    if (!current.registered) {
      await this.send("register", () => this.staking.register(registration.endpoint, registration.capacity, [...registration.models], { value: registration.stake }));
      this.options.log.info({ provider: this.address, stake: registration.stake.toString(), models: registration.models }, "provider registered");
      return;
    }
    if (current.stake < registration.stake) {
      await this.send("addStake", () => this.staking.addStake({ value: registration.stake - current.stake }));
    }
    if (Number(current.capacity) !== registration.capacity) await this.send("setCapacity", () => this.staking.setCapacity(registration.capacity));
    const missing: string[] = [];
    for (const model of new Set(registration.models)) if (!((await this.staking.serves(this.address, model)) as boolean)) missing.push(model);
    if (missing.length > 0) await this.send("addModels", () => this.staking.addModels(missing));
    this.options.log.info({ provider: this.address, addedModels: missing }, "provider registration checked");
  }

  /** Polls every `pollIntervalMs` until `stop()`. */
  run(): void {
    if (this.timer !== undefined || this.running !== undefined) return;
    this.stopped = false;
    const tick = (): void => {
      this.running = this.poll()
        .catch((error: unknown) => this.options.log.warn({ err: messageOf(error) }, "provider poll failed"))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollIntervalMs ?? 1_000);
        });
    };
    tick();
  }

  /** Stops polling, waits for the round in progress and releases the provider it created. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    if (this.options.provider === undefined) this.provider.destroy();
  }

  /** One round: scan new blocks, look at open LoRA jobs, then work through the tasks that are due. */
  async poll(): Promise<void> {
    if (!this.recovered) {
      await this.recover();
      this.recovered = true;
    }
    await this.scan();
    if (this.options.pinArtifact !== undefined) await this.lookAtOpenJobs();
    const now = Date.now();
    for (const [key, task] of [...this.tasks]) {
      if (this.stopped) return;
      if (task.notBefore > now) continue;
      await this.attempt(key, task);
    }
  }

  // ----- discovery -----

  /** Requests assigned to this worker and jobs it claimed before a restart. */
  private async recover(): Promise<void> {
    const assigned = (await this.router.assignedRequestsOf(this.address)) as bigint[];
    if (assigned.length > 0) {
      const event = this.router.interface.getEvent("InferenceRequested")!;
      const logs = await this.provider.getLogs({
        address: this.options.contracts.InferenceRouter,
        topics: [event.topicHash, assigned.map((id) => toBeHex(id, 32)), null, zeroPadValue(this.address, 32)],
        fromBlock: 0,
        toBlock: "latest",
      });
      logs.forEach((log) => this.enqueueRequest(log));
    }
    if (this.options.pinArtifact !== undefined) {
      const count = (await this.factory.jobCount()) as bigint;
      for (let id = 1n; id <= count; id++) {
        const job = (await this.factory.getJob(id)) as { status: bigint; provider: string };
        if (job.status === JobStatus.Claimed && getAddress(job.provider) === this.address) this.enqueue({ kind: "lora", id });
      }
    }
    this.options.log.info({ provider: this.address, queued: this.tasks.size }, "provider worker recovered its assigned work");
  }

  private async scan(): Promise<void> {
    const head = await this.provider.getBlockNumber();
    const saved = await this.cursor.load();
    let from = saved === undefined ? (this.options.startBlock ?? 0) : saved + 1;
    const range = this.options.maxBlockRange ?? 2_000;
    const event = this.router.interface.getEvent("InferenceRequested")!;
    while (from <= head && !this.stopped) {
      const to = Math.min(head, from + range - 1);
      const logs = await this.provider.getLogs({
        address: this.options.contracts.InferenceRouter,
        topics: [event.topicHash, null, null, zeroPadValue(this.address, 32)],
        fromBlock: from,
        toBlock: to,
      });
      logs.forEach((log) => this.enqueueRequest(log));
      await this.cursor.save(to);
      this.counters.lastScannedBlock = to;
      from = to + 1;
    }
  }

  private enqueueRequest(log: Log): void {
    const parsed = this.router.interface.parseLog(log);
    if (parsed === null) return;
    const args = parsed.args as unknown as { requestId: bigint; modelHash: string; modelId: bigint; inputHash: string; input: string; inputCid: string };
    this.enqueue({
      kind: "inference",
      id: args.requestId,
      modelId: args.modelId,
      modelHash: args.modelHash as `0x${string}`,
      inputHash: args.inputHash as `0x${string}`,
      input: hexToBytes(args.input),
      inputCid: args.inputCid,
    });
  }

  private async lookAtOpenJobs(): Promise<void> {
    const open = (await this.factory.openJobs()) as bigint[];
    for (const id of open) {
      if (this.passedJobs.has(id) || this.tasks.has(`lora:${id}`)) continue;
      this.enqueue({ kind: "lora", id });
    }
  }

  private enqueue(task: InferenceTask | LoraTask): void {
    const key = `${task.kind}:${task.id}`;
    if (!this.tasks.has(key)) this.tasks.set(key, { ...task, attempts: 0, notBefore: 0 });
  }

  // ----- work -----

  private async attempt(key: string, task: Task): Promise<void> {
    const log = this.options.log.child({ task: key });
    try {
      const outcome = task.kind === "inference" ? await this.serveRequest(task, log) : await this.serveJob(task, log);
      this.tasks.delete(key);
      if (outcome === "dropped" && task.kind === "inference") this.counters.requestsDropped++;
      if (outcome === "dropped" && task.kind === "lora") this.counters.jobsSkipped++;
    } catch (error) {
      task.attempts++;
      const permanent = error instanceof PermanentTaskError || task.attempts >= this.retry.maxAttempts;
      if (task.kind === "inference") this.counters.requestsFailed++;
      else this.counters.jobsFailed++;
      if (permanent) {
        this.tasks.delete(key);
        if (task.kind === "lora") this.passedJobs.add(task.id);
        log.error({ err: messageOf(error), attempts: task.attempts }, "task failed; giving it up");
        return;
      }
      const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (task.attempts - 1));
      task.notBefore = Date.now() + delay;
      log.warn({ err: messageOf(error), attempts: task.attempts, retryInMs: delay }, "task failed; will retry");
    }
  }

  private async serveRequest(task: InferenceTask, log: Logger): Promise<Outcome> {
    const request = (await this.router.getRequest(task.id)) as { provider: string; status: bigint; resultDeadline: bigint };
    if (request.status !== RequestStatus.Assigned || getAddress(request.provider) !== this.address) {
      log.debug({ status: request.status.toString() }, "request no longer waits for this provider");
      return "dropped";
    }
    if ((await this.chainTime()) > request.resultDeadline) {
      log.warn({ deadline: request.resultDeadline.toString() }, "request's result deadline has passed");
      return "dropped";
    }
    const input = task.inputCid === "" ? task.input : await this.options.artifacts.cat(task.inputCid);
    if (keccak256(input) !== task.inputHash) throw new PermanentTaskError(`input of request ${task.id} hashes to ${keccak256(input)}, not ${task.inputHash}`);
    const model = await this.loadModel(task.modelId, task.modelHash);
    let tensors: Tensor[];
    try {
      tensors = decodeTensors(input, model.graph.inputs.length);
    } catch (error) {
      if (error instanceof TensorCodecError) throw new PermanentTaskError(`input of request ${task.id} does not decode: ${error.message}`);
      throw error;
    }
    const started = performance.now();
    const outputs = await this.options.engine.run(model, tensors);
    const served = this.behaviour === "wrong-output" ? outputs.map(perturb) : outputs;
    const output = encodeTensors(served);
    await this.send("submitResult", () => this.router.submitResult(task.id, output));
    this.counters.requestsServed++;
    log.info({ requestId: task.id.toString(), modelHash: task.modelHash, engine: this.options.engine.name, inferenceMs: Math.round(performance.now() - started), behaviour: this.behaviour }, "inference result submitted");
    return "done";
  }

  private async serveJob(task: LoraTask, log: Logger): Promise<Outcome> {
    const job = (await this.factory.getJob(task.id)) as { provider: string; status: bigint; deadline: bigint; rank: bigint; epochs: bigint; baseModelId: bigint; datasetCid: string };
    const mine = job.status === JobStatus.Claimed && getAddress(job.provider) === this.address;
    if (job.status !== JobStatus.Open && !mine) {
      this.passedJobs.add(task.id);
      return "dropped";
    }
    const base = (await this.registry.getModel(job.baseModelId)) as { spec: { modelHash: string } };
    const baseModel = await this.loadModel(job.baseModelId, base.spec.modelHash as `0x${string}`);
    const dataset = await this.options.artifacts.cat(job.datasetCid);
    try {
      const mlp = readMlp(baseModel.bytes);
      const parsed = parseDataset(dataset);
      if (parsed.features !== mlp.features) throw new DatasetFormatError(`the dataset has ${parsed.features} features, the base model takes ${mlp.features}`);
    } catch (error) {
      if (!(error instanceof UnsupportedBaseModelError || error instanceof DatasetFormatError)) throw error;
      if (mine) throw new PermanentTaskError(`claimed job ${task.id} cannot be trained: ${error.message}`);
      log.info({ reason: error.message }, "LoRA job is not one this worker can train; leaving it");
      this.passedJobs.add(task.id);
      return "dropped";
    }
    if (!mine) {
      await this.send("claimJob", () => this.factory.claimJob(task.id));
      log.info({ jobId: task.id.toString() }, "LoRA job claimed");
    }
    const started = performance.now();
    let result;
    try {
      result = runLoraJob({ baseModel: baseModel.bytes, dataset, rank: Number(job.rank), epochs: Number(job.epochs), seed: this.options.loraSeed });
    } catch (error) {
      if (error instanceof UnsupportedBaseModelError || error instanceof DatasetFormatError || error instanceof RangeError) throw new PermanentTaskError(`job ${task.id}: ${error.message}`);
      throw error;
    }
    const cid = await this.options.pinArtifact!(result.model);
    await this.send("submitResult", () =>
      this.factory.submitResult(task.id, { cid, modelHash: result.modelHash, size: BigInt(result.model.length), metric: result.metric }),
    );
    this.counters.jobsCompleted++;
    log.info(
      { jobId: task.id.toString(), cid, modelHash: result.modelHash, rank: result.rank, layer: result.weightName, metric: result.metric.toString(), baseMetric: result.baseMetric.toString(), trainMs: Math.round(performance.now() - started) },
      "LoRA adapter submitted",
    );
    return "done";
  }

  /** The model file of `modelId`, fetched by the registry's CID and checked against `modelHash`. */
  private loadModel(modelId: bigint, modelHash: `0x${string}`): Promise<LoadedModel> {
    const cached = this.models.get(modelHash);
    if (cached !== undefined) return cached;
    const loading = (async (): Promise<LoadedModel> => {
      const model = (await this.registry.getModel(modelId)) as { spec: { cid: string; modelHash: string } };
      if (model.spec.modelHash !== modelHash) throw new PermanentTaskError(`model ${modelId} has hash ${model.spec.modelHash}, the request names ${modelHash}`);
      const bytes = await this.options.artifacts.cat(model.spec.cid);
      const actual = `0x${createHash("sha256").update(bytes).digest("hex")}`;
      if (actual !== modelHash) throw new PermanentTaskError(`artifact ${model.spec.cid} hashes to ${actual}, not ${modelHash}`);
      try {
        return { hash: modelHash, bytes, graph: OnnxModel.parse(bytes) };
      } catch (error) {
        if (error instanceof OnnxModelError) throw new PermanentTaskError(`model ${modelHash} is not runnable: ${error.message}`);
        throw error;
      }
    })();
    this.models.set(modelHash, loading);
    loading.catch(() => this.models.delete(modelHash));
    return loading;
  }

  private async chainTime(): Promise<bigint> {
    const block = await this.provider.getBlock("latest");
    if (block === null) throw new Error("the node has no latest block");
    return BigInt(block.timestamp);
  }

  /** Sends one transaction and waits for its receipt; a failure resets the nonce manager. */
  private async send(what: string, submit: () => Promise<{ wait(confirms?: number): Promise<{ status: number | null } | null> }>): Promise<void> {
    try {
      const tx = await submit();
      const receipt = await tx.wait(1);
      if (receipt === null || receipt.status !== 1) throw new Error(`${what} transaction failed`);
    } catch (error) {
      this.signer.reset();
      throw error;
    }
  }
}

/** A dishonest output: floats scaled by 1.5 and shifted, integers incremented. Same dtype and shape. */
function perturb(tensor: Tensor): Tensor {
  const data = tensor.data.slice();
  const view = new DataView(data.buffer);
  const size = DTYPE_SIZES[tensor.dtype];
  for (let offset = 0; offset < data.length; offset += size) {
    switch (tensor.dtype) {
      case "float32":
        view.setFloat32(offset, view.getFloat32(offset, true) * 1.5 + 0.25, true);
        break;
      case "float16":
        // flipping the exponent's low bit doubles or halves the value
        view.setUint16(offset, view.getUint16(offset, true) ^ 0x0400, true);
        break;
      case "int32":
        view.setInt32(offset, view.getInt32(offset, true) + 1, true);
        break;
      case "int64":
        view.setBigInt64(offset, view.getBigInt64(offset, true) + 1n, true);
        break;
      case "uint8":
        data[offset] = (data[offset] + 1) & 0xff;
        break;
    }
  }
  return { ...tensor, data };
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
