/**
 * The consensus engine: onnxruntime-web's WebAssembly backend inside Node, single-threaded, with fixed
 * session options. WebAssembly arithmetic is specified bit for bit (fixed-width SIMD only, no relaxed
 * SIMD, no FMA contraction), so the same wasm binary, model and options give the same output bytes on
 * every x86 CPU, whatever the thread count; native ORT picks AVX-512/AVX2/SSE kernels by CPU and does
 * not (measurements in docs/precompiles.md).
 *
 * The wasm binary is read from the installed onnxruntime-web package (no network); its sha256 is part
 * of consensus and is exposed as `wasmSha256`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ortWeb from "onnxruntime-web";
import { InferenceEngineError, SessionCache, runSession, type InferenceEngine, type LoadedModel, type OrtSession, type OrtTensorConstructor } from "./engine.js";
import type { Tensor } from "./tensor-codec.js";

export const WASM_FILE = "ort-wasm-simd-threaded.wasm";

/** The session options every node uses on the consensus path. */
export const CONSENSUS_SESSION_OPTIONS: ortWeb.InferenceSession.SessionOptions = Object.freeze({
  executionProviders: ["wasm"],
  graphOptimizationLevel: "all",
  executionMode: "sequential",
  enableCpuMemArena: true,
  enableMemPattern: true,
  logSeverityLevel: 3,
});

export interface WasmConsensusEngineOptions {
  /** Sessions kept (LRU); default 8. */
  readonly cacheSize?: number;
  /**
   * WebAssembly threads. The node uses 1 (the default); the determinism test runs 2 to show the bits
   * do not depend on it. onnxruntime-web fixes it for the whole process at first use.
   */
  readonly threads?: number;
}

let configuredThreads: number | undefined;
let wasm: { readonly binary: Uint8Array; readonly sha256: string } | undefined;

/** The wasm binary shipped in onnxruntime-web, read once. */
function wasmBinary(): { readonly binary: Uint8Array; readonly sha256: string } {
  if (wasm === undefined) {
    const entry = createRequire(import.meta.url).resolve("onnxruntime-web");
    const binary = new Uint8Array(readFileSync(join(dirname(entry), WASM_FILE)));
    wasm = { binary, sha256: createHash("sha256").update(binary).digest("hex") };
  }
  return wasm;
}

function configure(threads: number): void {
  if (configuredThreads === undefined) {
    ortWeb.env.wasm.numThreads = threads;
    ortWeb.env.wasm.simd = "fixed";
    ortWeb.env.wasm.proxy = false;
    ortWeb.env.wasm.wasmBinary = wasmBinary().binary;
    ortWeb.env.logLevel = "error";
    configuredThreads = threads;
  } else if (configuredThreads !== threads) {
    throw new InferenceEngineError(`onnxruntime-web already runs with ${configuredThreads} thread(s) in this process, cannot switch to ${threads}`);
  }
}

export class WasmConsensusEngine implements InferenceEngine {
  readonly name = "wasm-consensus";
  readonly deterministic = true;
  readonly threads: number;
  private readonly sessions: SessionCache<OrtSession>;
  /** The WebAssembly runtime is single-threaded JS-side: runs go one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: WasmConsensusEngineOptions = {}) {
    this.threads = options.threads ?? 1;
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new RangeError(`threads ${this.threads} must be a positive integer`);
    configure(this.threads);
    this.sessions = new SessionCache(options.cacheSize ?? 8, async (model) => {
      try {
        // onnxruntime writes into the options it is given: hand it a copy.
        return await ortWeb.InferenceSession.create(model.bytes, { ...CONSENSUS_SESSION_OPTIONS, executionProviders: ["wasm"] });
      } catch (error) {
        throw new InferenceEngineError(`model ${model.hash} does not load: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  /** sha256 (hex) of the wasm binary in use: nodes that agree on outputs agree on this. */
  static get wasmSha256(): string {
    return wasmBinary().sha256;
  }

  run(model: LoadedModel, inputs: readonly Tensor[]): Promise<Tensor[]> {
    return this.enqueue(() => this.sessions.with(model, (session) => runSession(ortWeb.Tensor as unknown as OrtTensorConstructor, session, model, inputs)));
  }

  prepare(model: LoadedModel): Promise<void> {
    return this.enqueue(() => this.sessions.with(model, async () => undefined));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Whether a session for `hash` is cached. */
  cached(hash: `0x${string}`): boolean {
    return this.sessions.has(hash);
  }

  evict(hash: `0x${string}`): Promise<void> {
    return this.sessions.evict(hash);
  }

  close(): Promise<void> {
    return this.sessions.clear();
  }
}
