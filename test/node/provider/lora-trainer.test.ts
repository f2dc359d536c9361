import { createHash } from "node:crypto";
import { expect } from "chai";
import { buildMlpClassifier, MLP_CLASSES, MLP_FEATURES } from "../../../precompiles/inference/demo-models/mlp-classifier.js";
import { NativeEngine } from "../../../precompiles/inference/native-engine.js";
import { OnnxModel } from "../../../precompiles/inference/onnx-model.js";
import { DatasetFormatError, encodeDataset, parseDataset, splitDataset } from "../../../node/provider/dataset.js";
import { runLoraJob } from "../../../node/provider/lora-job.js";
import { accuracy, adaptedWeight, lossAndGradients, predict, trainLora, type LoraAdapter } from "../../../node/provider/lora-trainer.js";
import { readMlp, replaceWeight, UnsupportedBaseModelError } from "../../../node/provider/mlp-graph.js";
import { buildTextEmbedding } from "../../../precompiles/inference/demo-models/text-embedding.js";
import { syntheticDataset } from "./support/synthetic-dataset.js";

const BASE = buildMlpClassifier();
const MLP = readMlp(BASE);
const DATA = syntheticDataset(1_000);

function randomAdapter(layer: number, rank: number, seed: number): LoraAdapter {
  const l = MLP.layers[layer];
  let s = seed;
  const next = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return { layer, rank, a: Float64Array.from({ length: l.inputs * rank }, next), b: Float64Array.from({ length: rank * l.outputs }, () => next() * 0.3) };
}

describe("LoRA trainer", function () {
  it("reads the demo MLP: two dense layers 16→64 (ReLU) → 4, weights named W1 and W2", function () {
    expect(MLP.features).to.equal(MLP_FEATURES);
    expect(MLP.classes).to.equal(MLP_CLASSES);
    expect(MLP.layers.map((l) => [l.weightName, l.inputs, l.outputs, l.relu])).to.deep.equal([
      ["W1", 16, 64, true],
      ["W2", 64, 4, false],
    ]);
  });

  it("refuses a model that is not an MLP classifier", function () {
    expect(() => readMlp(buildTextEmbedding())).to.throw(UnsupportedBaseModelError, /Gather/);
    expect(() => readMlp(new Uint8Array([1, 2, 3]))).to.throw(UnsupportedBaseModelError);
  });

  for (const layer of [0, 1]) {
    it(`gradients of A and B on layer ${layer} match central finite differences`, function () {
      const adapter = randomAdapter(layer, 3, 7 + layer);
      const batch = splitDataset(DATA, 0.02, 3).holdout;
      const { gradA, gradB } = lossAndGradients(MLP, adapter, batch);
      const h = 1e-6;
      for (const [name, params, grad] of [["A", adapter.a, gradA], ["B", adapter.b, gradB]] as const) {
        for (const index of [0, 5, params.length - 1]) {
          const saved = params[index];
          params[index] = saved + h;
          const up = lossAndGradients(MLP, adapter, batch).loss;
          params[index] = saved - h;
          const down = lossAndGradients(MLP, adapter, batch).loss;
          params[index] = saved;
          const numeric = (up - down) / (2 * h);
          // A plain bound: under `hardhat test`, the chai matchers plugin makes closeTo take integers only.
          expect(Math.abs(grad[index] - numeric), `${name}[${index}]: ${grad[index]} vs ${numeric}`).to.be.at.most(1e-6 + 1e-4 * Math.abs(numeric));
        }
      }
    });
  }

  it("starts at the base model (B = 0) and lowers the training loss epoch by epoch", function () {
    const { train } = splitDataset(DATA, 0.2, 1);
    const { adapter, epochLosses } = trainLora(MLP, train, { rank: 4, epochs: 6 });
    expect(adaptedWeight(MLP, { ...adapter, b: new Float64Array(adapter.b.length) })).to.deep.equal(MLP.layers[0].weight);
    for (let e = 1; e < epochLosses.length; e++) expect(epochLosses[e]).to.be.lessThan(epochLosses[e - 1]);
    expect(accuracy(MLP, train, adapter)).to.be.greaterThan(accuracy(MLP, train) + 0.4);
  });

  it("is deterministic: the same inputs and seed give the same adapter bit for bit; another seed differs", function () {
    const { train } = splitDataset(DATA, 0.2, 1);
    const first = trainLora(MLP, train, { rank: 2, epochs: 2, seed: 5 }).adapter;
    const again = trainLora(MLP, train, { rank: 2, epochs: 2, seed: 5 }).adapter;
    const other = trainLora(MLP, train, { rank: 2, epochs: 2, seed: 6 }).adapter;
    expect(Buffer.from(again.a.buffer).equals(Buffer.from(first.a.buffer))).to.equal(true);
    expect(Buffer.from(again.b.buffer).equals(Buffer.from(first.b.buffer))).to.equal(true);
    expect(Buffer.from(other.a.buffer).equals(Buffer.from(first.a.buffer))).to.equal(false);
  });

  it("caps the rank at the layer's smaller dimension and rejects bad options", function () {
    const { train } = splitDataset(DATA, 0.2, 1);
    expect(trainLora(MLP, train, { rank: 64, epochs: 1, layer: 1 }).adapter.rank).to.equal(4);
    expect(() => trainLora(MLP, train, { rank: 0, epochs: 1 })).to.throw(RangeError);
    expect(() => trainLora(MLP, train, { rank: 2, epochs: 1, layer: 2 })).to.throw(RangeError, /layer 2/);
    expect(() => trainLora(MLP, syntheticDataset(10, 1, 8), { rank: 2, epochs: 1 })).to.throw(DatasetFormatError, /8 features/);
    expect(() => trainLora(MLP, syntheticDataset(10, 1, 16, 6), { rank: 2, epochs: 1 })).to.throw(DatasetFormatError, /classes/);
  });

  it("the exported ONNX (W1 + A·B) runs in onnxruntime and matches the TypeScript forward pass", async function () {
    const { train, holdout } = splitDataset(DATA, 0.2, 1);
    const { adapter } = trainLora(MLP, train, { rank: 4, epochs: 3 });
    const bytes = replaceWeight(BASE, "W1", Float32Array.from(adaptedWeight(MLP, adapter)));
    const merged = readMlp(bytes);
    const engine = new NativeEngine();
    try {
      const hash = `0x${createHash("sha256").update(bytes).digest("hex")}` as const;
      const input = Float32Array.from(holdout.x);
      const [output] = await engine.run({ hash, bytes, graph: OnnxModel.parse(bytes) }, [
        { dtype: "float32", shape: [holdout.size, MLP_FEATURES], data: new Uint8Array(input.buffer) },
      ]);
      expect(output.shape).to.deep.equal([holdout.size, MLP_CLASSES]);
      const ort = new Float32Array(output.data.buffer, output.data.byteOffset, output.data.length / 4);
      const ts = predict(merged, { ...holdout, x: Float64Array.from(input) });
      ort.forEach((p, i) => expect(Math.abs(p - ts[i]), `output ${i}: ${p} vs ${ts[i]}`).to.be.at.most(1e-5));
      // the merged file differs from the base only in W1
      expect(merged.layers[1].weight).to.deep.equal(MLP.layers[1].weight);
      expect(merged.layers[0].bias).to.deep.equal(MLP.layers[0].bias);
    } finally {
      await engine.close();
    }
  });
});

describe("LoRA job", function () {
  const job = runLoraJob({ baseModel: BASE, dataset: encodeDataset(DATA), rank: 4, epochs: 10 });
  it(`on a synthetic task the base MLP scores ${Number(job.baseMetric) / 100}% held out; the merged rank-4 model ${Number(job.metric) / 100}%`, function () {
    expect(job.holdoutSize).to.equal(200);
    expect(job.trainSize).to.equal(800);
    expect(job.baseMetric).to.be.lessThan(4_000n);
    expect(job.metric).to.be.greaterThan(job.baseMetric + 5_000n);
    expect(job.modelHash).to.equal(`0x${createHash("sha256").update(job.model).digest("hex")}`);
    expect(job.weightName).to.equal("W1");
  });

  it("reads its dataset format back and rejects malformed datasets with the reason", function () {
    const parsed = parseDataset(encodeDataset(DATA));
    expect(parsed.size).to.equal(1_000);
    expect(Array.from(parsed.labels)).to.deep.equal(Array.from(DATA.labels));
    const doc = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(() => parseDataset(doc({ format: "other" }))).to.throw(DatasetFormatError, /format/);
    expect(() => parseDataset(doc({ format: "citrate-dataset/1", features: 2, x: [[1, 2]], y: [0, 1] }))).to.throw(DatasetFormatError, /1 rows and "y" 2/);
    expect(() => parseDataset(doc({ format: "citrate-dataset/1", features: 2, x: [[1, "a"]], y: [0] }))).to.throw(DatasetFormatError, /x\[0\]\[1\]/);
    expect(() => parseDataset(doc({ format: "citrate-dataset/1", features: 2, x: [[1, 2]], y: [-1] }))).to.throw(DatasetFormatError, /y\[0\]/);
    expect(() => parseDataset(new Uint8Array([0xff]))).to.throw(DatasetFormatError, /JSON/);
  });
});
