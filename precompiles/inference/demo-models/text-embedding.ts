/**
 * The demo text-embedding model: token ids int64[N,L] (e.g. the bytes of a UTF-8 string) → Gather from
 * an embedding table → mean over the sequence → MatMul/Add → Tanh → embedding float32[N,32]. Seeded
 * weights make the file byte-identical on every build.
 */
import { ElemType, intAttribute, intsAttribute, modelBytes, node, onnx, randomFloats, seededRandom, valueInfo } from "./onnx-builder.js";

export const TEXT_VOCABULARY = 256;
export const TEXT_HIDDEN = 64;
export const TEXT_EMBEDDING = 32;

export function buildTextEmbedding(seed = 7): Uint8Array {
  const random = seededRandom(seed);
  const graph = onnx.GraphProto.create({
    name: "text_embedding",
    node: [
      node("Gather", ["E", "ids"], ["tokens"], [intAttribute("axis", 0)]),
      // opset 13: ReduceMean takes its axes as an attribute
      node("ReduceMean", ["tokens"], ["pooled"], [intsAttribute("axes", [1]), intAttribute("keepdims", 0)]),
      node("MatMul", ["pooled", "W"], ["projected"]),
      node("Add", ["projected", "B"], ["biased"]),
      node("Tanh", ["biased"], ["embedding"]),
    ],
    initializer: [
      randomFloats("E", [TEXT_VOCABULARY, TEXT_HIDDEN], random, 1),
      randomFloats("W", [TEXT_HIDDEN, TEXT_EMBEDDING], random, 1 / Math.sqrt(TEXT_HIDDEN)),
      randomFloats("B", [TEXT_EMBEDDING], random, 0.1),
    ],
    input: [valueInfo("ids", ElemType.INT64, ["N", "L"])],
    output: [valueInfo("embedding", ElemType.FLOAT, ["N", TEXT_EMBEDDING])],
  });
  return modelBytes(graph);
}

/** Token ids for `text`: its UTF-8 bytes, zero-padded or cut to `length`. */
export function textTokenIds(text: string, length: number): BigInt64Array {
  const bytes = new TextEncoder().encode(text);
  const ids = new BigInt64Array(length);
  for (let i = 0; i < Math.min(length, bytes.length); i++) ids[i] = BigInt(bytes[i]);
  return ids;
}
