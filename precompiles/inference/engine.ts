/**
 * The narrow interface the MODEL precompile (and the node's off-chain inference) runs models through,
 * and what its implementations share: tensor conversion to and from onnxruntime, and a session cache.
 *
 * - `WasmConsensusEngine` (`consensus-engine.ts`): onnxruntime-web's WebAssembly backend, one thread,
 *   fixed options. Bit-identical outputs across runs, thread counts and x86 CPU generations: the
 *   consensus path.
 * - `NativeEngine` (`native-engine.ts`): onnxruntime-node (CUDA when asked and available, else CPU).
 *   Fast, but its kernels pick instructions by CPU, so its bits differ between machines; it serves
 *   provider jobs and REST and is checked with `checkAgainstConsensus`.
 */
import type { Tensor as OrtTensor } from "onnxruntime-node";
import type { OnnxModel } from "./onnx-model.js";
import type { DtypeName, Tensor } from "./tensor-codec.js";

export { checkAgainstConsensus, type ConsensusCheck } from "./compare.js";

/** A validated model ready to run: its content hash, file and parsed graph. */
export interface LoadedModel {
  /** sha256 of `bytes`, the model's identity. */
  readonly hash: `0x${string}`;
  readonly bytes: Uint8Array;
  readonly graph: OnnxModel;
}

export interface InferenceEngine {
  /** A short name for logs and metrics ("wasm-consensus", "native-cpu", "native-cuda"). */
  readonly name: string;
  /** True when outputs are bit-identical on every machine (the only kind consensus may use). */
  readonly deterministic: boolean;
  /**
   * Runs `model` on `inputs` (in the model's declared input order) and returns its outputs in declared
   * output order. Creates and caches the session on first use.
   */
  run(model: LoadedModel, inputs: readonly Tensor[]): Promise<Tensor[]>;
  /** Creates and caches the session of `model` now (a model the runtime cannot load fails here). */
  prepare(model: LoadedModel): Promise<void>;
  /** Drops the cached session of `hash`, if any. */
  evict(hash: `0x${string}`): Promise<void>;
  /** Releases every session. */
  close(): Promise<void>;
}

/** An engine failed to load or run a model (the model passed validation, so this is the runtime's word). */
export class InferenceEngineError extends Error {
  override readonly name = "InferenceEngineError";
}

/** The slice of an onnxruntime session the engines use (both packages implement it). */
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, unknown>>;
  release(): Promise<void>;
}

/** An onnxruntime package's `Tensor` constructor. */
export type OrtTensorConstructor = new (type: DtypeName, data: OrtTensor.DataType, dims: readonly number[]) => OrtTensor;

/** Copies a tensor's bytes into the typed array onnxruntime wants (aligned, own buffer). */
export function toOrtTensor(Ctor: OrtTensorConstructor, tensor: Tensor): OrtTensor {
  const buffer = tensor.data.slice().buffer;
  switch (tensor.dtype) {
    case "float32":
      return new Ctor("float32", new Float32Array(buffer), tensor.shape);
    case "int32":
      return new Ctor("int32", new Int32Array(buffer), tensor.shape);
    case "int64":
      return new Ctor("int64", new BigInt64Array(buffer), tensor.shape);
    case "uint8":
      return new Ctor("uint8", new Uint8Array(buffer), tensor.shape);
    case "float16":
      return new Ctor("float16", new Uint16Array(buffer), tensor.shape);
  }
}

const DTYPE_OF_ORT: ReadonlySet<string> = new Set<DtypeName>(["float32", "int32", "int64", "uint8", "float16"]);

/** An onnxruntime output as a `Tensor` (its bytes copied, little-endian as the host is). */
export function fromOrtTensor(name: string, value: unknown): Tensor {
  const tensor = value as OrtTensor | undefined;
  if (tensor === undefined || !DTYPE_OF_ORT.has(tensor.type)) throw new InferenceEngineError(`output '${name}' is not a tensor of a supported dtype`);
  const data = tensor.data as ArrayBufferView;
  return { dtype: tensor.type as DtypeName, shape: [...tensor.dims], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() };
}

/** Runs `session` with `inputs` fed by the model's declared input names. */
export async function runSession(Ctor: OrtTensorConstructor, session: OrtSession, model: LoadedModel, inputs: readonly Tensor[]): Promise<Tensor[]> {
  const { inputs: specs, outputs } = model.graph;
  if (inputs.length !== specs.length) throw new InferenceEngineError(`model takes ${specs.length} inputs, got ${inputs.length}`);
  const feeds: Record<string, OrtTensor> = {};
  specs.forEach((spec, i) => {
    feeds[spec.name] = toOrtTensor(Ctor, inputs[i]);
  });
  let results: Record<string, unknown>;
  try {
    results = await session.run(feeds);
  } catch (error) {
    throw new InferenceEngineError(`inference failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return outputs.map((spec) => fromOrtTensor(spec.name, results[spec.name]));
}

interface CacheEntry<S extends OrtSession> {
  readonly session: Promise<S>;
  active: number;
  evicted: boolean;
}

/**
 * Sessions by model hash, least recently used evicted first. A session evicted while a run still uses
 * it is released when that run ends.
 */
export class SessionCache<S extends OrtSession> {
  private readonly entries = new Map<string, CacheEntry<S>>();

  constructor(
    private readonly capacity: number,
    private readonly create: (model: LoadedModel) => Promise<S>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`session cache capacity ${capacity} must be a positive integer`);
  }

  get size(): number {
    return this.entries.size;
  }

  has(hash: string): boolean {
    return this.entries.has(hash);
  }

  /** Runs `use` with the session of `model`, creating it if needed. */
  async with<T>(model: LoadedModel, use: (session: S) => Promise<T>): Promise<T> {
    let entry = this.entries.get(model.hash);
    if (entry === undefined) {
      entry = { session: this.create(model), active: 0, evicted: false };
      this.entries.set(model.hash, entry);
      // A failed creation must not stay cached.
      entry.session.catch(() => {
        if (this.entries.get(model.hash) === entry) this.entries.delete(model.hash);
      });
      this.trim();
    } else {
      this.entries.delete(model.hash);
      this.entries.set(model.hash, entry);
    }
    entry.active++;
    try {
      return await use(await entry.session);
    } finally {
      entry.active--;
      if (entry.evicted && entry.active === 0) await release(entry);
    }
  }

  async evict(hash: string): Promise<void> {
    const entry = this.entries.get(hash);
    if (entry === undefined) return;
    this.entries.delete(hash);
    entry.evicted = true;
    if (entry.active === 0) await release(entry);
  }

  async clear(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((hash) => this.evict(hash)));
  }

  private trim(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value!;
      void this.evict(oldest);
    }
  }
}

async function release<S extends OrtSession>(entry: CacheEntry<S>): Promise<void> {
  try {
    await (await entry.session).release();
  } catch {
    // A session that never came up has nothing to release.
  }
}
