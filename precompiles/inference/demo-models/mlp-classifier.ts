/**
 * The demo MLP classifier: X float32[N,16] → MatMul/Add/Relu → MatMul/Add → Softmax → Y float32[N,4].
 * Seeded weights make the file byte-identical on every build.
 */
import { ElemType, intAttribute, modelBytes, node, onnx, randomFloats, seededRandom, valueInfo } from "./onnx-builder.js";

export const MLP_FEATURES = 16;
export const MLP_HIDDEN = 64;
export const MLP_CLASSES = 4;

export function buildMlpClassifier(seed = 42): Uint8Array {
  const random = seededRandom(seed);
  const graph = onnx.GraphProto.create({
    name: "mlp_classifier",
    node: [
      node("MatMul", ["X", "W1"], ["h1"]),
      node("Add", ["h1", "B1"], ["h1b"]),
      node("Relu", ["h1b"], ["a1"]),
      node("MatMul", ["a1", "W2"], ["h2"]),
      node("Add", ["h2", "B2"], ["logits"]),
      node("Softmax", ["logits"], ["Y"], [intAttribute("axis", -1)]),
    ],
    initializer: [
      randomFloats("W1", [MLP_FEATURES, MLP_HIDDEN], random, 1 / Math.sqrt(MLP_FEATURES)),
      randomFloats("B1", [MLP_HIDDEN], random, 0.1),
      randomFloats("W2", [MLP_HIDDEN, MLP_CLASSES], random, 1 / Math.sqrt(MLP_HIDDEN)),
      randomFloats("B2", [MLP_CLASSES], random, 0.1),
    ],
    input: [valueInfo("X", ElemType.FLOAT, ["N", MLP_FEATURES])],
    output: [valueInfo("Y", ElemType.FLOAT, ["N", MLP_CLASSES])],
  });
  return modelBytes(graph);
}
