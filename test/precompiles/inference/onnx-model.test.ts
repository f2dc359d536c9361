import { expect } from "chai";
import * as ort from "onnxruntime-node";
import {
  ElemType,
  floatTensor,
  int64Tensor,
  intAttribute,
  intsAttribute,
  modelBytes,
  node,
  onnx,
  randomFloats,
  seededRandom,
  valueInfo,
} from "../../../precompiles/inference/demo-models/onnx-builder.js";
import { buildMlpClassifier } from "../../../precompiles/inference/demo-models/mlp-classifier.js";
import { buildTextEmbedding } from "../../../precompiles/inference/demo-models/text-embedding.js";
import { readOcrClassifier } from "../../../precompiles/inference/demo-models/index.js";
import { ALLOWED_OPERATORS, DEFAULT_GRAPH_LIMITS, OnnxModel, OnnxModelError, type OnnxModelErrorCode } from "../../../precompiles/inference/onnx-model.js";

type Graph = Parameters<typeof onnx.GraphProto.create>[0];

function graph(parts: Partial<NonNullable<Graph>>): Uint8Array {
  return modelBytes(
    onnx.GraphProto.create({
      name: "g",
      input: [valueInfo("X", ElemType.FLOAT, ["N", 4])],
      output: [valueInfo("Y", ElemType.FLOAT, ["N", 4])],
      node: [node("Relu", ["X"], ["Y"])],
      ...parts,
    }),
  );
}

function failure(fn: () => unknown): OnnxModelError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(OnnxModelError);
    return error as OnnxModelError;
  }
  expect.fail("expected an OnnxModelError");
}

function expectCode(fn: () => unknown, code: OnnxModelErrorCode, message: RegExp): OnnxModelError {
  const error = failure(fn);
  expect(error.code, error.message).to.equal(code);
  expect(error.message).to.match(message);
  return error;
}

describe("OnnxModel (graph validation and MAC counting)", function () {
  it("lists the allowed operators explicitly", function () {
    for (const op of ["MatMul", "Gemm", "Add", "Relu", "Softmax", "Gather", "ReduceMean", "Conv", "BatchNormalization", "Reshape", "HardSigmoid", "GlobalAveragePool"]) {
      expect(ALLOWED_OPERATORS).to.include(op);
    }
    for (const op of ["If", "Loop", "Scan", "LSTM", "RandomNormal", "NonZero"]) expect(ALLOWED_OPERATORS).to.not.include(op);
  });

  it("declares inputs and outputs with -1 for dynamic dimensions", function () {
    const mlp = OnnxModel.parse(buildMlpClassifier());
    expect(mlp.inputs).to.deep.equal([{ name: "X", dtype: "float32", shape: [-1, 16] }]);
    expect(mlp.outputs).to.deep.equal([{ name: "Y", dtype: "float32", shape: [-1, 4] }]);
    const text = OnnxModel.parse(buildTextEmbedding());
    expect(text.inputs).to.deep.equal([{ name: "ids", dtype: "int64", shape: [-1, -1] }]);
    expect(text.outputs).to.deep.equal([{ name: "embedding", dtype: "float32", shape: [-1, 32] }]);
  });

  it("counts MACs from the actual input shapes (dynamic dimensions = 1 for the static figure)", function () {
    const mlp = OnnxModel.parse(buildMlpClassifier());
    // per row: MatMul 16·64 + Add 64 + Relu 64 + MatMul 64·4 + Add 4 + Softmax 4
    expect(mlp.staticMacs).to.equal(1416n);
    expect(mlp.plan([[8, 16]])).to.deep.equal({ macs: 8n * 1416n, outputShapes: [[8, 4]] });
    const text = OnnxModel.parse(buildTextEmbedding());
    // per row: ReduceMean L·64 + MatMul 64·32 + Add 32 + Tanh 32 (Gather moves data: 0)
    expect(text.staticMacs).to.equal(64n + 2048n + 64n);
    expect(text.plan([[3, 10]]).macs).to.equal(3n * (64n * 10n + 2048n + 64n));
  });

  it("counts a convolution's MACs as N·M·out·(C/group)·k, and pooling per window element", function () {
    const random = seededRandom(1);
    const bytes = graph({
      input: [valueInfo("X", ElemType.FLOAT, [1, 4, 9, 9])],
      output: [valueInfo("Y", ElemType.FLOAT, [1, 8, 2, 2])],
      initializer: [randomFloats("W", [8, 2, 3, 3], random, 0.5)],
      node: [
        node("Conv", ["X", "W"], ["C"], [intAttribute("group", 2), intsAttribute("strides", [2, 2]), intsAttribute("pads", [1, 1, 1, 1])]),
        node("MaxPool", ["C"], ["Y"], [intsAttribute("kernel_shape", [2, 2]), intsAttribute("strides", [2, 2])]),
      ],
    });
    const model = OnnxModel.parse(bytes);
    // Conv: out 5×5 (⌊(9+2−3)/2⌋+1); 1·8·25·2·9 = 3600. MaxPool: out 2×2; 1·8·4·4 = 128.
    expect(model.plan([[1, 4, 9, 9]])).to.deep.equal({ macs: 3600n + 128n, outputShapes: [[1, 8, 2, 2]] });
  });

  it("works out the OCR classifier's shapes through its Shape → Slice → Concat → Reshape subgraph, as ORT does", async function () {
    const bytes = await readOcrClassifier();
    const model = OnnxModel.parse(bytes);
    expect(model.opset).to.equal(9);
    expect(model.inputs).to.deep.equal([{ name: "x", dtype: "float32", shape: [-1, 3, -1, -1] }]);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"], intraOpNumThreads: 1 });
    for (const shape of [[1, 3, 48, 192], [2, 3, 48, 100], [1, 3, 1, 1], [1, 3, 17, 33]]) {
      const plan = model.plan([shape]);
      const out = await session.run({ x: new ort.Tensor("float32", new Float32Array(shape.reduce((a, b) => a * b)), shape) });
      expect(plan.outputShapes).to.deep.equal([out["softmax_0.tmp_0"].dims]);
    }
    expect(model.plan([[1, 3, 48, 192]]).macs).to.equal(19_254_374n);
    expect(model.plan([[2, 3, 48, 192]]).macs).to.equal(2n * 19_254_374n);
    await session.release();
  });

  it("rejects operators outside the allow-list, naming the operator", function () {
    const error = expectCode(() => OnnxModel.parse(graph({ node: [node("NonZero", ["X"], ["Y"])] })), "UnsupportedOperator", /NonZero/);
    expect(error.op).to.equal("NonZero");
    expectCode(() => OnnxModel.parse(graph({ node: [node("Relu", ["X"], ["Y"], [], "com.microsoft")] })), "UnsupportedDomain", /com\.microsoft/);
  });

  it("rejects files over the size limit, and bytes that are not a model", function () {
    expectCode(() => OnnxModel.parse(buildMlpClassifier(), { ...DEFAULT_GRAPH_LIMITS, maxModelBytes: 1000 }), "TooLarge", /5722 bytes, the limit is 1000/);
    expectCode(() => OnnxModel.parse(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])), "Malformed", /ModelProto/);
    expectCode(() => OnnxModel.parse(new Uint8Array(0)), "Malformed", /no graph/);
  });

  it("rejects unsupported opsets, dtypes and features", function () {
    const opset = (version: number) => onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: "", version }], graph: onnx.ModelProto.decode(graph({})).graph })).finish();
    expectCode(() => OnnxModel.parse(opset(5)), "UnsupportedOpset", /opset 5/);
    expectCode(() => OnnxModel.parse(opset(30)), "UnsupportedOpset", /opset 30/);
    expectCode(() => OnnxModel.parse(graph({ input: [valueInfo("X", 11, ["N", 4])] })), "UnsupportedDtype", /input 'X' has ONNX element type 11/);
    const external = onnx.TensorProto.create({ name: "W", dims: [4], dataType: ElemType.FLOAT, dataLocation: 1 });
    expectCode(() => OnnxModel.parse(graph({ initializer: [external] })), "ShapeInference", /external data/);
  });

  it("rejects graphs that read undefined tensors or never produce an output", function () {
    expectCode(() => OnnxModel.parse(graph({ node: [node("Relu", ["Z"], ["Y"])] })), "InvalidGraph", /reads 'Z' before anything defines it/);
    expectCode(() => OnnxModel.parse(graph({ node: [node("Relu", ["X"], ["R"])] })), "InvalidGraph", /output 'Y' is never produced/);
  });

  it("rejects shapes that do not fit, and inferred outputs that contradict the declared ones", function () {
    const random = seededRandom(2);
    expectCode(
      () => OnnxModel.parse(graph({ initializer: [randomFloats("W", [5, 4], random, 1)], node: [node("MatMul", ["X", "W"], ["Y"])] })),
      "ShapeInference",
      /MatMul.*inner dimensions 4 and 5 differ/,
    );
    expectCode(
      () => OnnxModel.parse(graph({ initializer: [randomFloats("W", [4, 3], random, 1)], node: [node("MatMul", ["X", "W"], ["Y"])] })),
      "ShapeInference",
      /declared \[-1,4\] but comes out \[1,3\]/,
    );
    const reshape = graph({ initializer: [int64Tensor("S", [2], [3n, -1n])], node: [node("Reshape", ["X", "S"], ["Y"])] });
    expectCode(() => OnnxModel.parse(reshape), "ShapeInference", /cannot reshape 4 elements/);
  });

  it("enforces the MAC, node, element and rank limits", function () {
    const mlp = OnnxModel.parse(buildMlpClassifier());
    expectCode(() => mlp.plan([[1 << 30, 16]]), "LimitExceeded", /exceeds 67108864 elements/);
    const small = { ...DEFAULT_GRAPH_LIMITS, maxMacs: 2000n };
    const model = OnnxModel.parse(buildMlpClassifier(), small);
    expect(model.plan([[1, 16]]).macs).to.equal(1416n);
    const error = expectCode(() => model.plan([[2, 16]]), "LimitExceeded", /more than 2000 MACs/);
    expect(error.op).to.equal("MatMul");
    expectCode(() => OnnxModel.parse(buildMlpClassifier(), { ...DEFAULT_GRAPH_LIMITS, maxNodes: 3 }), "LimitExceeded", /6 nodes, the limit is 3/);
    expectCode(() => OnnxModel.parse(graph({ input: [valueInfo("X", ElemType.FLOAT, [1, 1, 1, 1, 1, 1, 1, 1, 1])] })), "LimitExceeded", /rank 9/);
  });

  it("checks concrete input shapes against the declaration", function () {
    const mlp = OnnxModel.parse(buildMlpClassifier());
    expectCode(() => mlp.plan([[1, 15]]), "InputMismatch", /'X' is declared \[-1,16\], got \[1,15\]/);
    expectCode(() => mlp.plan([[16]]), "InputMismatch", /got \[16\]/);
    expectCode(() => mlp.plan([[0, 16]]), "InputMismatch", /got \[0,16\]/);
    expectCode(() => mlp.plan([[1, 16], [1, 16]]), "InputMismatch", /takes 1 inputs, got 2/);
  });

  it("drops initializers listed among the inputs (IR < 4 style) from the declared inputs", function () {
    const b = floatTensor("B", [4], new Float32Array([1, 2, 3, 4]));
    const model = OnnxModel.parse(graph({ input: [valueInfo("X", ElemType.FLOAT, ["N", 4]), valueInfo("B", ElemType.FLOAT, [4])], initializer: [b], node: [node("Add", ["X", "B"], ["Y"])] }));
    expect(model.inputs.map((i) => i.name)).to.deep.equal(["X"]);
  });
});
