/**
 * The MODEL precompile at 0x…1000 (`contracts/interfaces/IModelPrecompile.sol`): registers ONNX models
 * by content hash, runs them on the deterministic engine, re-checks claimed outputs, describes them.
 *
 * A call is decoded strictly (a wrong selector or non-canonical calldata reverts with a reason), priced
 * before any work (see `gas.ts`), and reverts rather than throws on every bad input. State lives in the
 * precompile's own storage (layout in `model-storage.ts`); parsed models and sessions are caches that
 * a node rebuilds from that state and its artifact store.
 */
import { createHash } from "node:crypto";
import { CID } from "multiformats/cid";
import { outcome, type Precompile, type PrecompileCall, type PrecompileOutcome, type PrecompileStorage } from "../evm/precompile.js";
import { AbiDecodingError, decodeAbi, encodeAbi, encodeBytesResult } from "../inference/abi.js";
import { checkAgainstConsensus } from "../inference/compare.js";
import { InferenceEngineError, type InferenceEngine, type LoadedModel } from "../inference/engine.js";
import { DEFAULT_GRAPH_LIMITS, OnnxModel, OnnxModelError, type GraphLimits, type TensorSpec } from "../inference/onnx-model.js";
import { TensorCodecError, decodeTensors, encodeTensors, type Tensor } from "../inference/tensor-codec.js";
import type { ArtifactReader } from "./artifact-reader.js";
import {
  DEFAULT_GAS_PER_MAC,
  MALFORMED_CALL_GAS,
  MODEL_INFO_GAS,
  VERIFY_GAS_PER_CLAIM_BYTE,
  inferenceGas,
  registerGas,
  INFERENCE_BASE_GAS,
  REGISTER_BASE_GAS,
} from "./gas.js";
import { FUNCTION_BY_SELECTOR, MODEL_FUNCTIONS, MODEL_PRECOMPILE_ADDRESS, encodeSpecs, type ModelFunction } from "./model-abi.js";
import { MAX_CID_LENGTH, ModelStorage, type ModelRecord } from "./model-storage.js";

/** What the precompile reports to the node's logger (pino's `debug`/`warn` fit). */
export interface ModelPrecompileLogger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface ModelPrecompileOptions {
  /** Where model files come from, by CID. */
  readonly artifacts: ArtifactReader;
  /** The deterministic engine every node runs (`WasmConsensusEngine`). */
  readonly engine: InferenceEngine;
  /** Gas per multiply-accumulate for calls that carry no block parameters (`PrecompileCall.params`); default 1. */
  readonly gasPerMac?: () => bigint;
  /** Bounds on models; default `DEFAULT_GRAPH_LIMITS`. */
  readonly limits?: GraphLimits;
  /** Parsed models kept in memory (LRU); default 16. */
  readonly modelCacheSize?: number;
  readonly log?: ModelPrecompileLogger;
}

/** A registered model as `citrate_listModels` shows it (the node adds names it knows). */
export interface ListedModel {
  readonly modelHash: `0x${string}`;
  readonly cid: string;
  readonly owner: `0x${string}`;
  readonly registeredAt: bigint;
  /** MACs of one inference with dynamic dimensions set to 1. */
  readonly macs: bigint;
  /** The hash that replaced this model, if any (the old version stays runnable). */
  readonly replacedBy?: `0x${string}`;
  /** The hash this model replaced, if any. */
  readonly replaces?: `0x${string}`;
  /** Declared inputs and outputs; absent when the artifact is not in the local store. */
  readonly inputs?: readonly TensorSpec[];
  readonly outputs?: readonly TensorSpec[];
}

/** A failure that ends the call with `Error(reason)`. */
class Revert extends Error {
  constructor(
    readonly reason: string,
    readonly gasUsed: bigint,
  ) {
    super(reason);
  }
}

/** A call whose gas does not cover its price. */
class OutOfGas extends Error {}

export class ModelPrecompile implements Precompile {
  readonly address = MODEL_PRECOMPILE_ADDRESS;
  readonly name = "MODEL";
  private readonly artifacts: ArtifactReader;
  private readonly engine: InferenceEngine;
  private readonly gasPerMac: () => bigint;
  private readonly limits: GraphLimits;
  private readonly modelCacheSize: number;
  private readonly log: ModelPrecompileLogger | undefined;
  /** Parsed models by hash, least recently used first; promises so concurrent loads share one fetch. */
  private readonly models = new Map<string, Promise<LoadedModel>>();

  constructor(options: ModelPrecompileOptions) {
    if (!options.engine.deterministic) throw new TypeError(`engine ${options.engine.name} is not deterministic; consensus needs one that is`);
    this.artifacts = options.artifacts;
    this.engine = options.engine;
    this.gasPerMac = options.gasPerMac ?? (() => DEFAULT_GAS_PER_MAC);
    this.limits = options.limits ?? DEFAULT_GRAPH_LIMITS;
    this.modelCacheSize = options.modelCacheSize ?? 16;
    this.log = options.log;
  }

  async run(call: PrecompileCall): Promise<PrecompileOutcome> {
    try {
      return await this.dispatch(call);
    } catch (error) {
      if (error instanceof OutOfGas) return outcome.outOfGas();
      if (error instanceof Revert) return outcome.revert(`MODEL: ${error.reason}`, error.gasUsed);
      throw error;
    }
  }

  /** Every registered model, in registration order, read from `storage` (the precompile's storage at some state). */
  async listModels(storage: PrecompileStorage): Promise<ListedModel[]> {
    const store = new ModelStorage(storage);
    const listed: ListedModel[] = [];
    for (const modelHash of await store.hashes()) {
      const record = await store.read(modelHash);
      if (record === undefined) continue;
      let graph: OnnxModel | undefined;
      try {
        graph = (await this.load(record)).graph;
      } catch (error) {
        this.log?.warn({ modelHash, cid: record.cid, error: messageOf(error) }, "model artifact unavailable for listing");
      }
      listed.push({
        modelHash,
        cid: record.cid,
        owner: record.owner,
        registeredAt: record.registeredAt,
        macs: record.macs,
        ...(record.successor === undefined ? {} : { replacedBy: record.successor }),
        ...(record.predecessor === undefined ? {} : { replaces: record.predecessor }),
        ...(graph === undefined ? {} : { inputs: graph.inputs, outputs: graph.outputs }),
      });
    }
    return listed;
  }

  private async dispatch(call: PrecompileCall): Promise<PrecompileOutcome> {
    if (call.input.length < 4) throw new Revert("calldata shorter than a function selector", MALFORMED_CALL_GAS);
    const selector = `0x${Buffer.from(call.input.subarray(0, 4)).toString("hex")}`;
    const fn = FUNCTION_BY_SELECTOR.get(selector);
    if (fn === undefined) throw new Revert(`unknown function selector ${selector}`, MALFORMED_CALL_GAS);
    if (call.value !== 0n) throw new Revert(`${fn} is not payable`, MALFORMED_CALL_GAS);
    const args = this.decode(fn, call.input.subarray(4));
    const store = new ModelStorage(call.storage);
    switch (fn) {
      case "registerModel": {
        const [modelHash, cid] = args as [`0x${string}`, string];
        return this.register(call, store, modelHash, cid);
      }
      case "updateModel": {
        const [oldHash, newHash, cid] = args as [`0x${string}`, `0x${string}`, string];
        return this.update(call, store, oldHash, newHash, cid);
      }
      case "executeInference": {
        const [modelHash, input] = args as [`0x${string}`, Uint8Array];
        const { outputs, gas } = await this.infer(call, store, modelHash, input, 0n);
        return outcome.ok(encodeBytesResult(encodeTensors(outputs)), gas);
      }
      case "verifyInference": {
        const [modelHash, input, claimed, toleranceBps] = args as [`0x${string}`, Uint8Array, Uint8Array, number];
        const { outputs, gas, model } = await this.infer(call, store, modelHash, input, VERIFY_GAS_PER_CLAIM_BYTE * BigInt(claimed.length));
        let claimedTensors: Tensor[] | undefined;
        try {
          claimedTensors = decodeTensors(claimed, model.graph.outputs.length);
        } catch (error) {
          if (!(error instanceof TensorCodecError)) throw error;
        }
        const ok = claimedTensors !== undefined && checkAgainstConsensus(claimedTensors, outputs, toleranceBps).ok;
        return outcome.ok(encodeAbi(["bool"], [ok]), gas);
      }
      case "modelInfo": {
        const [modelHash] = args as [`0x${string}`];
        return this.info(call, store, modelHash);
      }
    }
  }

  private decode(fn: ModelFunction, data: Uint8Array): unknown[] {
    try {
      return decodeAbi(MODEL_FUNCTIONS[fn].params, data);
    } catch (error) {
      if (error instanceof AbiDecodingError) throw new Revert(`malformed ${fn} calldata: ${error.message}`, MALFORMED_CALL_GAS);
      throw error;
    }
  }

  private async register(call: PrecompileCall, store: ModelStorage, modelHash: `0x${string}`, cid: string): Promise<PrecompileOutcome> {
    this.requireWritable(call, "registerModel");
    if (call.gasLimit < REGISTER_BASE_GAS) throw new OutOfGas();
    if (await store.exists(modelHash)) throw new Revert(`model ${modelHash} is already registered`, REGISTER_BASE_GAS);
    const { model, gas } = await this.fetchAndValidate(call, modelHash, cid);
    await store.create({ modelHash, owner: call.caller, cid, registeredAt: call.block.number, macs: model.graph.staticMacs, validated: true });
    this.log?.debug({ modelHash, cid, owner: call.caller, macs: model.graph.staticMacs }, "model registered");
    return outcome.ok(new Uint8Array(0), gas);
  }

  private async update(call: PrecompileCall, store: ModelStorage, oldHash: `0x${string}`, newHash: `0x${string}`, cid: string): Promise<PrecompileOutcome> {
    this.requireWritable(call, "updateModel");
    if (call.gasLimit < REGISTER_BASE_GAS) throw new OutOfGas();
    const old = await store.read(oldHash);
    if (old === undefined) throw new Revert(`unknown model ${oldHash}`, REGISTER_BASE_GAS);
    if (old.owner.toLowerCase() !== call.caller.toLowerCase()) throw new Revert(`${call.caller} is not the owner of ${oldHash} (${old.owner} is)`, REGISTER_BASE_GAS);
    if (await store.exists(newHash)) throw new Revert(`model ${newHash} is already registered`, REGISTER_BASE_GAS);
    const { model, gas } = await this.fetchAndValidate(call, newHash, cid);
    await store.create({ modelHash: newHash, owner: old.owner, cid, registeredAt: call.block.number, macs: model.graph.staticMacs, validated: true, predecessor: oldHash });
    await store.setSuccessor(oldHash, newHash);
    this.log?.debug({ oldHash, newHash, cid }, "model updated");
    return outcome.ok(new Uint8Array(0), gas);
  }

  /** Fetches the artifact, prices it, checks its hash and graph, and brings up its session. */
  private async fetchAndValidate(call: PrecompileCall, modelHash: `0x${string}`, cid: string): Promise<{ model: LoadedModel; gas: bigint }> {
    checkCid(cid);
    const bytes = await this.fetch(cid, REGISTER_BASE_GAS);
    const gas = registerGas(bytes.length);
    if (gas > call.gasLimit) throw new OutOfGas();
    const actual = sha256Hex(bytes);
    if (actual !== modelHash) throw new Revert(`artifact ${cid} hashes to ${actual}, not ${modelHash}`, gas);
    const graph = this.parse(bytes, gas);
    const model: LoadedModel = { hash: modelHash, bytes, graph };
    try {
      await this.engine.prepare(model);
    } catch (error) {
      if (error instanceof InferenceEngineError) throw new Revert(`model does not load: ${error.message}`, gas);
      throw error;
    }
    this.remember(model);
    return { model, gas };
  }

  private async infer(
    call: PrecompileCall,
    store: ModelStorage,
    modelHash: `0x${string}`,
    input: Uint8Array,
    extraGas: bigint,
  ): Promise<{ outputs: Tensor[]; gas: bigint; model: LoadedModel }> {
    if (call.gasLimit < INFERENCE_BASE_GAS) throw new OutOfGas();
    const record = await store.read(modelHash);
    if (record === undefined) throw new Revert(`unknown model ${modelHash}`, INFERENCE_BASE_GAS);
    if (!record.validated) throw new Revert(`model ${modelHash} is not validated yet`, INFERENCE_BASE_GAS);
    const model = await this.load(record).catch((error: unknown) => {
      throw new Revert(`model ${modelHash} cannot be loaded: ${messageOf(error)}`, INFERENCE_BASE_GAS);
    });
    const specs = model.graph.inputs;
    let tensors: Tensor[];
    try {
      tensors = decodeTensors(input, specs.length);
    } catch (error) {
      if (error instanceof TensorCodecError) throw new Revert(`bad input: ${error.message}`, INFERENCE_BASE_GAS);
      throw error;
    }
    tensors.forEach((tensor, i) => {
      if (tensor.dtype !== specs[i].dtype) throw new Revert(`input '${specs[i].name}' must be ${specs[i].dtype}, got ${tensor.dtype}`, INFERENCE_BASE_GAS);
    });
    let macs: bigint;
    try {
      macs = model.graph.plan(tensors.map((t) => t.shape)).macs;
    } catch (error) {
      if (error instanceof OnnxModelError) throw new Revert(`bad input: ${error.message}`, INFERENCE_BASE_GAS);
      throw error;
    }
    const gas = inferenceGas(input.length, macs, call.params?.inferenceGasPerMac ?? this.gasPerMac()) + extraGas;
    if (gas > call.gasLimit) throw new OutOfGas();
    try {
      return { outputs: await this.engine.run(model, tensors), gas, model };
    } catch (error) {
      if (error instanceof InferenceEngineError) throw new Revert(error.message, gas);
      throw error;
    }
  }

  private async info(call: PrecompileCall, store: ModelStorage, modelHash: `0x${string}`): Promise<PrecompileOutcome> {
    if (call.gasLimit < MODEL_INFO_GAS) throw new OutOfGas();
    const record = await store.read(modelHash);
    if (record === undefined) throw new Revert(`unknown model ${modelHash}`, MODEL_INFO_GAS);
    const model = await this.load(record).catch((error: unknown) => {
      throw new Revert(`model ${modelHash} cannot be loaded: ${messageOf(error)}`, MODEL_INFO_GAS);
    });
    const output = encodeAbi(["string", "uint64", "bytes", "bytes"], [record.cid, record.macs, encodeSpecs(model.graph.inputs), encodeSpecs(model.graph.outputs)]);
    return outcome.ok(output, MODEL_INFO_GAS);
  }

  private requireWritable(call: PrecompileCall, fn: ModelFunction): void {
    if (call.isStatic) throw new Revert(`${fn} writes state and cannot run in a static call`, MALFORMED_CALL_GAS);
  }

  /** The parsed model of a registered record: from the cache, or fetched again and re-checked. */
  private load(record: ModelRecord): Promise<LoadedModel> {
    const cached = this.models.get(record.modelHash);
    if (cached !== undefined) {
      this.models.delete(record.modelHash);
      this.models.set(record.modelHash, cached);
      return cached;
    }
    const loading = (async () => {
      const bytes = await this.artifacts.cat(record.cid);
      const actual = sha256Hex(bytes);
      if (actual !== record.modelHash) throw new Error(`artifact ${record.cid} hashes to ${actual}, not ${record.modelHash}`);
      return { hash: record.modelHash, bytes, graph: OnnxModel.parse(bytes, this.limits) };
    })();
    this.models.set(record.modelHash, loading);
    loading.catch(() => {
      if (this.models.get(record.modelHash) === loading) this.models.delete(record.modelHash);
    });
    this.trim();
    return loading;
  }

  private remember(model: LoadedModel): void {
    this.models.delete(model.hash);
    this.models.set(model.hash, Promise.resolve(model));
    this.trim();
  }

  private trim(): void {
    while (this.models.size > this.modelCacheSize) {
      const oldest = this.models.keys().next().value!;
      this.models.delete(oldest);
      void this.engine.evict(oldest as `0x${string}`);
    }
  }

  private async fetch(cid: string, gasUsed: bigint): Promise<Uint8Array> {
    try {
      return await this.artifacts.cat(cid);
    } catch (error) {
      this.log?.warn({ cid, error: messageOf(error) }, "model artifact unavailable");
      throw new Revert(`artifact ${cid} is unavailable: ${messageOf(error)}`, gasUsed);
    }
  }

  private parse(bytes: Uint8Array, gasUsed: bigint): OnnxModel {
    try {
      return OnnxModel.parse(bytes, this.limits);
    } catch (error) {
      if (error instanceof OnnxModelError) throw new Revert(`invalid model: ${error.message}`, gasUsed);
      throw error;
    }
  }
}

function checkCid(cid: string): void {
  if (new TextEncoder().encode(cid).length > MAX_CID_LENGTH) throw new Revert(`CID is longer than ${MAX_CID_LENGTH} bytes`, REGISTER_BASE_GAS);
  let parsed: CID;
  try {
    parsed = CID.parse(cid);
  } catch (error) {
    throw new Revert(`'${cid}' is not a valid CID: ${messageOf(error)}`, REGISTER_BASE_GAS);
  }
  // One CID, one string: a CID spelled in another base would name the same file under a second key.
  if (parsed.toString() !== cid) throw new Revert(`'${cid}' is not in its canonical form ${parsed.toString()}`, REGISTER_BASE_GAS);
}

function sha256Hex(bytes: Uint8Array): `0x${string}` {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
