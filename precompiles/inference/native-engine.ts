/**
 * The fast engine: onnxruntime-node. With `preferCuda` it asks for the CUDA execution provider first;
 * onnxruntime-node throws (it does not fall back) when CUDA or its libraries are missing, so the
 * engine catches that and creates the session on the CPU. Its outputs are close to, but not
 * bit-identical with, the consensus engine's; check them with `checkAgainstConsensus`.
 */
import * as ortNode from "onnxruntime-node";
import { InferenceEngineError, SessionCache, runSession, type InferenceEngine, type LoadedModel, type OrtSession, type OrtTensorConstructor } from "./engine.js";
import type { Tensor } from "./tensor-codec.js";

export interface NativeEngineOptions {
  /** Try the CUDA execution provider before the CPU; default false. */
  readonly preferCuda?: boolean;
  /** Intra-op threads of the CPU provider; default 1 (the node shares its cores with block production). */
  readonly intraOpNumThreads?: number;
  /** Sessions kept (LRU); default 8. */
  readonly cacheSize?: number;
  /** Told when CUDA was asked for and the CPU used instead. */
  readonly onFallback?: (modelHash: `0x${string}`, error: unknown) => void;
}

type Provider = "cuda" | "cpu";

interface NativeSession extends OrtSession {
  readonly provider: Provider;
}

export class NativeEngine implements InferenceEngine {
  readonly deterministic = false;
  private readonly sessions: SessionCache<NativeSession>;
  private readonly providers = new Map<string, Provider>();

  constructor(private readonly options: NativeEngineOptions = {}) {
    this.sessions = new SessionCache(options.cacheSize ?? 8, (model) => this.createSession(model));
  }

  get name(): string {
    return this.options.preferCuda === true ? "native-cuda" : "native-cpu";
  }

  /** The execution provider the session of `hash` runs on, once created. */
  providerOf(hash: `0x${string}`): Provider | undefined {
    return this.providers.get(hash);
  }

  run(model: LoadedModel, inputs: readonly Tensor[]): Promise<Tensor[]> {
    return this.sessions.with(model, (session) => runSession(ortNode.Tensor as unknown as OrtTensorConstructor, session, model, inputs));
  }

  prepare(model: LoadedModel): Promise<void> {
    return this.sessions.with(model, async () => undefined);
  }

  evict(hash: `0x${string}`): Promise<void> {
    this.providers.delete(hash);
    return this.sessions.evict(hash);
  }

  close(): Promise<void> {
    this.providers.clear();
    return this.sessions.clear();
  }

  private async createSession(model: LoadedModel): Promise<NativeSession> {
    const cpu: ortNode.InferenceSession.SessionOptions = {
      executionProviders: ["cpu"],
      intraOpNumThreads: this.options.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
    };
    if (this.options.preferCuda === true) {
      try {
        const session = await ortNode.InferenceSession.create(model.bytes, { ...cpu, executionProviders: ["cuda", "cpu"] });
        this.providers.set(model.hash, "cuda");
        return Object.assign(session, { provider: "cuda" as const });
      } catch (error) {
        this.options.onFallback?.(model.hash, error);
      }
    }
    try {
      const session = await ortNode.InferenceSession.create(model.bytes, cpu);
      this.providers.set(model.hash, "cpu");
      return Object.assign(session, { provider: "cpu" as const });
    } catch (error) {
      throw new InferenceEngineError(`model ${model.hash} does not load: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
