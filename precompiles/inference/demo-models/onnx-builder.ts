/**
 * Small helpers to write ONNX files from code with onnx-proto, so demo models need no download and no
 * Python. Weights come from a seeded PRNG: the same call gives the same bytes on every build.
 */
import onnxProto from "onnx-proto";

export const { onnx } = onnxProto;

/** ONNX element types used by the demo models. */
export const ElemType = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7, FLOAT16: 10 } as const;

/** mulberry32: a tiny deterministic PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float32 initializer filled uniformly from [-scale, scale). */
export function randomFloats(name: string, dims: number[], random: () => number, scale: number): onnxProto.onnx.TensorProto {
  const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * scale;
  return floatTensor(name, dims, values);
}

/** A float32 initializer with the given values (raw_data is little-endian, as on x64 and arm64). */
export function floatTensor(name: string, dims: number[], values: Float32Array): onnxProto.onnx.TensorProto {
  return onnx.TensorProto.create({ name, dims, dataType: ElemType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
}

/** An int64 initializer. */
export function int64Tensor(name: string, dims: number[], values: readonly bigint[]): onnxProto.onnx.TensorProto {
  return onnx.TensorProto.create({ name, dims, dataType: ElemType.INT64, rawData: new Uint8Array(BigInt64Array.from(values).buffer) });
}

/** A tensor-typed graph input or output; a string dimension is dynamic. */
export function valueInfo(name: string, elemType: number, shape: readonly (number | string)[]): onnxProto.onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: shape.map((d) => (typeof d === "string" ? onnx.TensorShapeProto.Dimension.create({ dimParam: d }) : onnx.TensorShapeProto.Dimension.create({ dimValue: d }))),
        }),
      }),
    }),
  });
}

export function node(opType: string, input: string[], output: string[], attribute: onnxProto.onnx.AttributeProto[] = [], domain = ""): onnxProto.onnx.NodeProto {
  return onnx.NodeProto.create({ opType, input, output, name: output[0], attribute, domain });
}

export function intAttribute(name: string, value: number): onnxProto.onnx.AttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}

export function intsAttribute(name: string, values: number[]): onnxProto.onnx.AttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
}

export function floatAttribute(name: string, value: number): onnxProto.onnx.AttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value });
}

/** Serialises a graph as a model file: IR 8, default-domain opset `opset` (ORT 1.30 reads IR 3..11). */
export function modelBytes(graph: onnxProto.onnx.GraphProto, opset = 13): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: "citrate",
      producerVersion: "1",
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: opset })],
      graph,
    }),
  ).finish();
}
