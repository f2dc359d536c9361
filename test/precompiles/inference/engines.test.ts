import { expect } from "chai";
import { checkAgainstConsensus, halfToNumber } from "../../../precompiles/inference/compare.js";
import { InferenceEngineError, SessionCache, type LoadedModel, type OrtSession } from "../../../precompiles/inference/engine.js";
import { WasmConsensusEngine } from "../../../precompiles/inference/consensus-engine.js";
import { NativeEngine } from "../../../precompiles/inference/native-engine.js";
import { buildMlpClassifier } from "../../../precompiles/inference/demo-models/mlp-classifier.js";
import { OnnxModel } from "../../../precompiles/inference/onnx-model.js";
import type { Tensor } from "../../../precompiles/inference/tensor-codec.js";
import { consensusEngine } from "../model/model-fixture.js";
import { fixedInputs, sha256Hex } from "./consensus-hashes.js";

const f32 = (...values: number[]): Tensor => ({ dtype: "float32", shape: [values.length], data: new Uint8Array(new Float32Array(values).buffer) });

function loaded(bytes: Uint8Array): LoadedModel {
  return { hash: `0x${sha256Hex(bytes)}`, bytes, graph: OnnxModel.parse(bytes) };
}

describe("inference engines", function () {
  this.timeout(60_000);

  describe("checkAgainstConsensus", function () {
    it("accepts float elements within the tolerance in basis points of the reference, integers only when equal", function () {
      expect(checkAgainstConsensus([f32(1, 2)], [f32(1, 2)], 0)).to.deep.equal({ ok: true, worstBps: 0 });
      expect(checkAgainstConsensus([f32(1.0009, 2)], [f32(1, 2)], 10).ok).to.equal(true); // 9 bps (after float32 rounding)
      expect(checkAgainstConsensus([f32(1.0011, 2)], [f32(1, 2)], 10).ok).to.equal(false);
      expect(checkAgainstConsensus([f32(1.001, 2)], [f32(1, 2)], 0).reason).to.match(/element 0/);
      expect(checkAgainstConsensus([f32(1e-9)], [f32(0)], 10_000).ok).to.equal(false);
      expect(checkAgainstConsensus([f32(NaN)], [f32(NaN)], 0).ok).to.equal(true);
      expect(checkAgainstConsensus([f32(NaN)], [f32(1)], 10_000).ok).to.equal(false);
      expect(checkAgainstConsensus([f32(Infinity)], [f32(Infinity)], 0).ok).to.equal(true);
      const int = (v: number): Tensor => ({ dtype: "int32", shape: [1], data: new Uint8Array(new Int32Array([v]).buffer) });
      expect(checkAgainstConsensus([int(7)], [int(7)], 0).ok).to.equal(true);
      expect(checkAgainstConsensus([int(8)], [int(7)], 10_000).ok).to.equal(false);
      const half = (bits: number): Tensor => ({ dtype: "float16", shape: [1], data: new Uint8Array(new Uint16Array([bits]).buffer) });
      expect(halfToNumber(0x3c00)).to.equal(1);
      expect(halfToNumber(0x3c01)).to.equal(1 + 2 ** -10);
      expect(checkAgainstConsensus([half(0x3c01)], [half(0x3c00)], 10).ok).to.equal(true); // 9.8 bps
      expect(checkAgainstConsensus([half(0x3c01)], [half(0x3c00)], 9).ok).to.equal(false);
    });

    it("rejects different tensor counts, dtypes and shapes", function () {
      expect(checkAgainstConsensus([f32(1), f32(1)], [f32(1)], 100).reason).to.equal("2 tensors, expected 1");
      expect(checkAgainstConsensus([{ ...f32(1, 2), shape: [2, 1] }], [f32(1, 2)], 100).reason).to.match(/shape \[2,1\], expected \[2\]/);
      expect(checkAgainstConsensus([{ dtype: "int32", shape: [1], data: new Uint8Array(4) }], [f32(0)], 100).reason).to.match(/dtype int32, expected float32/);
      expect(() => checkAgainstConsensus([], [], -1)).to.throw(RangeError);
    });
  });

  describe("SessionCache", function () {
    it("evicts the least recently used session and releases it once no run uses it", async function () {
      const released: string[] = [];
      const created: string[] = [];
      const cache = new SessionCache<OrtSession>(2, async (model) => {
        created.push(model.hash);
        return { run: async () => ({}), release: async () => void released.push(model.hash) };
      });
      const model = (n: number) => ({ hash: `0x${String(n).repeat(64)}`, bytes: new Uint8Array(), graph: undefined }) as unknown as LoadedModel;
      await cache.with(model(1), async () => undefined);
      await cache.with(model(2), async () => undefined);
      await cache.with(model(1), async () => undefined); // 1 is now the most recent
      let finishRun!: () => void;
      const longRun = cache.with(model(2), () => new Promise<void>((resolve) => (finishRun = resolve)));
      await cache.with(model(3), async () => undefined); // evicts 1
      expect(released).to.deep.equal([model(1).hash]);
      await cache.with(model(1), async () => undefined); // evicts 2, which is still running
      expect(released).to.deep.equal([model(1).hash]);
      finishRun();
      await longRun;
      expect(released).to.deep.equal([model(1).hash, model(2).hash]);
      expect(created).to.deep.equal([1, 2, 3, 1].map((n) => model(n).hash));
    });
  });

  describe("WasmConsensusEngine", function () {
    it("refuses a second thread count in the same process", function () {
      consensusEngine();
      expect(() => new WasmConsensusEngine({ threads: 3 })).to.throw(InferenceEngineError, /already runs with 1 thread/);
    });

    it("fails cleanly, with a typed error, on a model its runtime cannot load, and caches nothing", async function () {
      const bytes = buildMlpClassifier();
      // A valid graph description over truncated bytes, under the truncated file's own hash.
      const truncated = bytes.subarray(0, 100);
      const broken: LoadedModel = { ...loaded(bytes), hash: `0x${sha256Hex(truncated)}`, bytes: truncated };
      const engine = consensusEngine();
      let error: unknown;
      await engine.prepare(broken).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(InferenceEngineError);
      expect(engine.cached(broken.hash)).to.equal(false);
    });
  });

  describe("NativeEngine", function () {
    it("falls back to the CPU when CUDA is asked for and unavailable, and agrees with consensus within 1 bps", async function () {
      const fallbacks: unknown[] = [];
      const engine = new NativeEngine({ preferCuda: true, onFallback: (_hash, error) => fallbacks.push(error) });
      const model = loaded(buildMlpClassifier());
      const output = await engine.run(model, fixedInputs("mlp-classifier"));
      const consensus = await consensusEngine().run(model, fixedInputs("mlp-classifier"));
      const check = checkAgainstConsensus(output, consensus, 1);
      expect(check.ok, check.reason).to.equal(true);
      // Where a CUDA runtime exists the session runs there; either way the engine says which.
      expect(engine.providerOf(model.hash)).to.equal(fallbacks.length === 1 ? "cpu" : "cuda");
      expect(engine.name).to.equal("native-cuda");
      expect(engine.deterministic).to.equal(false);
      await engine.close();
    });
  });
});
