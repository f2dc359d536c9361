/**
 * Reads a multilayer perceptron out of an ONNX file and writes it back with one layer's weight replaced.
 * The graphs understood are chains of dense layers, as the demo classifier
 * (`precompiles/inference/demo-models/mlp-classifier.ts`) is built:
 * `X → MatMul(W1) → Add(B1) → [Relu] → … → MatMul(Wk) → Add(Bk) → Softmax → Y`, weights stored as float32
 * initializers. Pure: bytes in, numbers out, and back.
 */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const FLOAT = 1;

/** One dense layer: `z = input · weight + bias`, then ReLU when `relu`. Row-major `weight[inputs × outputs]`. */
export interface DenseLayer {
  /** Name of the weight initializer (what a merged model replaces). */
  readonly weightName: string;
  readonly inputs: number;
  readonly outputs: number;
  readonly weight: Float64Array;
  readonly bias: Float64Array;
  readonly relu: boolean;
}

/** An MLP classifier: dense layers, softmax over the last one's outputs. */
export interface Mlp {
  readonly layers: readonly DenseLayer[];
  readonly features: number;
  readonly classes: number;
}

/** The base model is not an MLP this trainer can adapt; the message says which rule it breaks. */
export class UnsupportedBaseModelError extends Error {
  override readonly name = "UnsupportedBaseModelError";
}

/** Parses `bytes` as an MLP classifier; throws `UnsupportedBaseModelError` for any other graph. */
export function readMlp(bytes: Uint8Array): Mlp {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new UnsupportedBaseModelError(`not an ONNX model: ${error instanceof Error ? error.message : String(error)}`);
  }
  const graph = model.graph;
  if (graph === null || graph === undefined) throw new UnsupportedBaseModelError("the model has no graph");
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? "", t]));
  const graphInputs = (graph.input ?? []).filter((v) => !initializers.has(v.name ?? ""));
  if (graphInputs.length !== 1 || (graph.output ?? []).length !== 1) throw new UnsupportedBaseModelError("an MLP has one input and one output");

  const layers: DenseLayer[] = [];
  let current = graphInputs[0].name ?? "";
  let pending: { weightName: string; inputs: number; outputs: number; weight: Float64Array } | undefined;
  let bias: Float64Array | undefined;
  let relu = false;
  let softmax = false;
  const close = (): void => {
    if (pending === undefined) return;
    if (bias === undefined) throw new UnsupportedBaseModelError(`layer '${pending.weightName}' has no bias Add`);
    layers.push({ ...pending, bias, relu });
    pending = undefined;
    bias = undefined;
    relu = false;
  };
  for (const node of graph.node ?? []) {
    const inputs = node.input ?? [];
    const output = (node.output ?? [])[0] ?? "";
    if (softmax) throw new UnsupportedBaseModelError(`node '${node.opType}' follows the Softmax`);
    switch (node.opType) {
      case "MatMul": {
        close();
        const tensor = inputs[0] === current ? initializers.get(inputs[1] ?? "") : undefined;
        if (tensor === undefined) throw new UnsupportedBaseModelError(`MatMul '${output}' does not multiply the previous layer by an initializer`);
        const dims = (tensor.dims ?? []).map(Number);
        if (dims.length !== 2) throw new UnsupportedBaseModelError(`weight '${tensor.name}' is not a matrix`);
        const expectedInputs = layers.length === 0 ? undefined : layers[layers.length - 1].outputs;
        if (expectedInputs !== undefined && dims[0] !== expectedInputs) throw new UnsupportedBaseModelError(`weight '${tensor.name}' takes ${dims[0]} inputs, the previous layer gives ${expectedInputs}`);
        pending = { weightName: tensor.name ?? "", inputs: dims[0], outputs: dims[1], weight: floatsOf(tensor) };
        break;
      }
      case "Add": {
        const other = inputs[0] === current ? inputs[1] : inputs[1] === current ? inputs[0] : undefined;
        const tensor = other === undefined ? undefined : initializers.get(other);
        if (pending === undefined || bias !== undefined || tensor === undefined) throw new UnsupportedBaseModelError(`Add '${output}' is not a layer's bias`);
        const dims = (tensor.dims ?? []).map(Number);
        if (dims.length !== 1 || dims[0] !== pending.outputs) throw new UnsupportedBaseModelError(`bias '${tensor.name}' must have shape [${pending.outputs}]`);
        bias = floatsOf(tensor);
        break;
      }
      case "Relu":
        if (pending === undefined || bias === undefined || relu || inputs[0] !== current) throw new UnsupportedBaseModelError(`Relu '${output}' does not follow a layer's bias`);
        relu = true;
        break;
      case "Softmax": {
        const axis = (node.attribute ?? []).find((a) => a.name === "axis");
        const axisValue = axis === undefined ? -1 : Number(axis.i ?? 0);
        if (inputs[0] !== current || (axisValue !== -1 && axisValue !== 1)) throw new UnsupportedBaseModelError("the Softmax must take the last layer over its class axis");
        if (relu) throw new UnsupportedBaseModelError("the last layer must not have a ReLU");
        close();
        softmax = true;
        if (output !== graph.output![0].name) throw new UnsupportedBaseModelError("the Softmax must give the graph's output");
        break;
      }
      default:
        throw new UnsupportedBaseModelError(`operator ${node.opType} is not part of an MLP`);
    }
    current = output;
  }
  if (!softmax || layers.length === 0) throw new UnsupportedBaseModelError("an MLP classifier ends in a Softmax over a dense layer");
  return { layers, features: layers[0].inputs, classes: layers[layers.length - 1].outputs };
}

/** `bytes` with the float32 initializer `weightName` replaced by `weight` (same shape); everything else kept. */
export function replaceWeight(bytes: Uint8Array, weightName: string, weight: Float32Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const tensor = (model.graph?.initializer ?? []).find((t) => t.name === weightName);
  if (tensor === undefined) throw new UnsupportedBaseModelError(`no initializer '${weightName}'`);
  const elements = (tensor.dims ?? []).map(Number).reduce((a, b) => a * b, 1);
  if (elements !== weight.length) throw new RangeError(`'${weightName}' holds ${elements} values, got ${weight.length}`);
  // raw_data is little-endian, as on every host Citrate runs on (x64, arm64)
  tensor.rawData = new Uint8Array(weight.buffer.slice(weight.byteOffset, weight.byteOffset + weight.byteLength));
  tensor.floatData = [];
  return onnx.ModelProto.encode(model).finish();
}

function floatsOf(tensor: onnxProto.onnx.ITensorProto): Float64Array {
  if (tensor.dataType !== FLOAT) throw new UnsupportedBaseModelError(`initializer '${tensor.name}' is not float32`);
  if ((tensor.externalData ?? []).length > 0) throw new UnsupportedBaseModelError(`initializer '${tensor.name}' keeps its data outside the file`);
  const count = (tensor.dims ?? []).map(Number).reduce((a, b) => a * b, 1);
  const raw = tensor.rawData;
  if (raw !== null && raw !== undefined && raw.length > 0) {
    if (raw.length !== count * 4) throw new UnsupportedBaseModelError(`initializer '${tensor.name}' has ${raw.length} bytes for ${count} floats`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Float64Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
  }
  const values = tensor.floatData ?? [];
  if (values.length !== count) throw new UnsupportedBaseModelError(`initializer '${tensor.name}' has ${values.length} floats for ${count}`);
  return Float64Array.from(values);
}
