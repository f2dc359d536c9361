/**
 * Parses and validates an ONNX file for the MODEL precompile (pure: bytes in, a description out).
 * A model may run on-chain only if it stays within the file-size limit, uses only the default ONNX
 * domain at a supported opset, uses only allowed operators, declares inputs and outputs of the
 * tensor encoding's dtypes, and its shapes and multiply-accumulate count can be worked out before it
 * runs (the count is the basis of its gas).
 */
import onnxProto from "onnx-proto";
import {
  OPERATOR_RULES,
  ShapeInferenceError,
  product,
  tensorValue,
  toSafeNumber,
  type GraphValue,
} from "./graph-shapes.js";
import type { DtypeName } from "./tensor-codec.js";

const { onnx } = onnxProto;

/** A declared input or output: `-1` marks a dimension the model leaves dynamic. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: DtypeName;
  readonly shape: readonly number[];
}

/** The bounds a model must stay within. */
export interface GraphLimits {
  /** Largest ONNX file accepted, in bytes. */
  readonly maxModelBytes: number;
  /** Most multiply-accumulates one inference may take. */
  readonly maxMacs: bigint;
  /** Most nodes in the graph. */
  readonly maxNodes: number;
  /** Most elements of any tensor in the graph (inputs, intermediates, outputs). */
  readonly maxTensorElements: number;
  /** Most dimensions of any tensor. */
  readonly maxRank: number;
}

export const DEFAULT_GRAPH_LIMITS: GraphLimits = {
  maxModelBytes: 32 * 1024 * 1024,
  maxMacs: 10_000_000_000n,
  maxNodes: 10_000,
  maxTensorElements: 1 << 26,
  maxRank: 8,
};

/** Opset versions of the default domain accepted (ONNX 1.2 … 1.16). */
export const MIN_OPSET = 7;
export const MAX_OPSET = 21;

/** Operators a model may use (default ONNX domain only). */
export const ALLOWED_OPERATORS: readonly string[] = Object.keys(OPERATOR_RULES).sort();

export type OnnxModelErrorCode =
  | "TooLarge"
  | "Malformed"
  | "UnsupportedOperator"
  | "UnsupportedDomain"
  | "UnsupportedOpset"
  | "UnsupportedDtype"
  | "UnsupportedFeature"
  | "InvalidGraph"
  | "ShapeInference"
  | "LimitExceeded"
  | "InputMismatch";

/** A model that may not run, with what is wrong with it; `op` names the operator where one is at fault. */
export class OnnxModelError extends Error {
  override readonly name = "OnnxModelError";
  constructor(
    readonly code: OnnxModelErrorCode,
    message: string,
    readonly op?: string,
  ) {
    super(message);
  }
}

/** ONNX element type → the tensor encoding's dtype. */
const DTYPE_OF_ONNX: ReadonlyMap<number, DtypeName> = new Map([
  [1, "float32"],
  [2, "uint8"],
  [6, "int32"],
  [7, "int64"],
  [10, "float16"],
]);

/** The work and output shapes of one inference at given input shapes. */
export interface InferencePlan {
  readonly macs: bigint;
  readonly outputShapes: readonly (readonly number[])[];
}

/** A validated model: its declared interface and a way to price an inference before running it. */
export class OnnxModel {
  /** Multiply-accumulates of one inference with every dynamic dimension set to 1. */
  readonly staticMacs: bigint;
  private readonly plans = new Map<string, InferencePlan>();

  private constructor(
    readonly byteLength: number,
    readonly opset: number,
    readonly inputs: readonly TensorSpec[],
    readonly outputs: readonly TensorSpec[],
    /** Operator → how many nodes use it. */
    readonly operators: ReadonlyMap<string, number>,
    private readonly graph: onnxProto.onnx.IGraphProto,
    private readonly initializers: ReadonlyMap<string, GraphValue>,
    private readonly limits: GraphLimits,
  ) {
    this.staticMacs = this.plan(inputs.map((spec) => spec.shape.map((d) => (d === -1 ? 1 : d)))).macs;
  }

  /** Parses and validates `bytes`; throws `OnnxModelError` naming what is not allowed. */
  static parse(bytes: Uint8Array, limits: GraphLimits = DEFAULT_GRAPH_LIMITS): OnnxModel {
    if (bytes.length > limits.maxModelBytes) throw new OnnxModelError("TooLarge", `model is ${bytes.length} bytes, the limit is ${limits.maxModelBytes}`);
    let model: onnxProto.onnx.ModelProto;
    try {
      model = onnx.ModelProto.decode(bytes);
    } catch (error) {
      throw new OnnxModelError("Malformed", `not an ONNX ModelProto: ${error instanceof Error ? error.message : String(error)}`);
    }
    const graph = model.graph;
    if (graph === undefined || graph === null) throw new OnnxModelError("Malformed", "the model has no graph");
    const opset = defaultOpset(model);
    if ((model.functions?.length ?? 0) > 0) throw new OnnxModelError("UnsupportedFeature", "model-local functions are not supported");
    if ((model.trainingInfo?.length ?? 0) > 0) throw new OnnxModelError("UnsupportedFeature", "training information is not supported");
    if ((graph.sparseInitializer?.length ?? 0) > 0) throw new OnnxModelError("UnsupportedFeature", "sparse initializers are not supported");
    const nodes = graph.node ?? [];
    if (nodes.length > limits.maxNodes) throw new OnnxModelError("LimitExceeded", `graph has ${nodes.length} nodes, the limit is ${limits.maxNodes}`);

    const operators = new Map<string, number>();
    for (const node of nodes) {
      const op = node.opType ?? "";
      const domain = node.domain ?? "";
      if (domain !== "" && domain !== "ai.onnx") throw new OnnxModelError("UnsupportedDomain", `operator ${op} is in domain '${domain}'; only the default ONNX domain is allowed`, op);
      if (!Object.hasOwn(OPERATOR_RULES, op)) throw new OnnxModelError("UnsupportedOperator", `operator ${op} (node '${node.name ?? ""}') is not allowed`, op);
      operators.set(op, (operators.get(op) ?? 0) + 1);
    }

    const initializers = new Map<string, GraphValue>();
    for (const tensor of graph.initializer ?? []) {
      const name = tensor.name ?? "";
      if (initializers.has(name)) throw new OnnxModelError("InvalidGraph", `initializer '${name}' is defined twice`);
      try {
        initializers.set(name, tensorValue(tensor, "initializer"));
      } catch (error) {
        throw asModelError(error);
      }
    }
    // IR < 4 lists initializers among the inputs too; those are not inputs a caller supplies.
    const inputs = (graph.input ?? []).filter((info) => !initializers.has(info.name ?? "")).map((info) => tensorSpec(info, "input", limits));
    const outputs = (graph.output ?? []).map((info) => tensorSpec(info, "output", limits));
    if (inputs.length === 0) throw new OnnxModelError("InvalidGraph", "the model declares no inputs");
    if (outputs.length === 0) throw new OnnxModelError("InvalidGraph", "the model declares no outputs");
    return new OnnxModel(bytes.length, opset, inputs, outputs, operators, graph, initializers, limits);
  }

  /**
   * Checks concrete input shapes against the declared ones and works out the inference's MACs and
   * output shapes; throws `OnnxModelError` (`InputMismatch`, `ShapeInference`, `LimitExceeded`).
   */
  plan(inputShapes: readonly (readonly number[])[]): InferencePlan {
    const key = JSON.stringify(inputShapes);
    const cached = this.plans.get(key);
    if (cached !== undefined) return cached;
    this.checkInputShapes(inputShapes);
    const plan = this.infer(inputShapes);
    // Callers repeat the same few shapes; bound the memo all the same.
    if (this.plans.size >= 64) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, plan);
    return plan;
  }

  private checkInputShapes(inputShapes: readonly (readonly number[])[]): void {
    if (inputShapes.length !== this.inputs.length) throw new OnnxModelError("InputMismatch", `model takes ${this.inputs.length} inputs, got ${inputShapes.length}`);
    this.inputs.forEach((spec, i) => {
      const shape = inputShapes[i];
      const fits = shape.length === spec.shape.length && shape.every((d, k) => Number.isInteger(d) && d >= 1 && (spec.shape[k] === -1 || spec.shape[k] === d));
      if (!fits) throw new OnnxModelError("InputMismatch", `input '${spec.name}' is declared [${spec.shape.join(",")}], got [${shape.join(",")}]`);
    });
  }

  private infer(inputShapes: readonly (readonly number[])[]): InferencePlan {
    const values = new Map<string, GraphValue>(this.initializers);
    const elementLimit = (name: string, dims: readonly number[]) => {
      if (dims.length > this.limits.maxRank) throw new OnnxModelError("LimitExceeded", `tensor '${name}' has rank ${dims.length}, the limit is ${this.limits.maxRank}`);
      if (product(dims) > this.limits.maxTensorElements) throw new OnnxModelError("LimitExceeded", `tensor '${name}' [${dims.join(",")}] exceeds ${this.limits.maxTensorElements} elements`);
    };
    this.inputs.forEach((spec, i) => {
      elementLimit(spec.name, inputShapes[i]);
      values.set(spec.name, { dims: inputShapes[i], elemType: onnxTypeOf(spec.dtype) });
    });
    let macs = 0n;
    for (const node of this.graph.node ?? []) {
      const op = node.opType ?? "";
      const inputs = (node.input ?? []).map((name) => {
        if (name === "") return undefined;
        const value = values.get(name);
        if (value === undefined) throw new OnnxModelError("InvalidGraph", `node '${node.name ?? ""}' (${op}) reads '${name}' before anything defines it`, op);
        return value;
      });
      let result;
      try {
        result = OPERATOR_RULES[op]({ node, opset: this.opset, inputs });
      } catch (error) {
        throw asModelError(error);
      }
      const outputs = node.output ?? [];
      result.outputs.forEach((value, k) => {
        const name = outputs[k];
        if (name === undefined || name === "") return;
        if (values.has(name)) throw new OnnxModelError("InvalidGraph", `'${name}' is defined twice`, op);
        elementLimit(name, value.dims);
        values.set(name, value);
      });
      macs += result.macs;
      if (macs > this.limits.maxMacs) throw new OnnxModelError("LimitExceeded", `inference takes more than ${this.limits.maxMacs} MACs`, op);
    }
    const outputShapes = this.outputs.map((spec) => {
      const value = values.get(spec.name);
      if (value === undefined) throw new OnnxModelError("InvalidGraph", `output '${spec.name}' is never produced`);
      const declared = spec.shape;
      if (value.dims.length !== declared.length || value.dims.some((d, k) => declared[k] !== -1 && declared[k] !== d)) {
        throw new OnnxModelError("ShapeInference", `output '${spec.name}' is declared [${declared.join(",")}] but comes out [${value.dims.join(",")}]`);
      }
      return value.dims;
    });
    return { macs, outputShapes };
  }
}

function defaultOpset(model: onnxProto.onnx.ModelProto): number {
  let opset: number | undefined;
  for (const entry of model.opsetImport ?? []) {
    const domain = entry.domain ?? "";
    if (domain !== "" && domain !== "ai.onnx") throw new OnnxModelError("UnsupportedDomain", `opset import of domain '${domain}'; only the default ONNX domain is allowed`);
    opset = toSafeNumber(entry.version ?? 0, "opset version");
  }
  if (opset === undefined) throw new OnnxModelError("UnsupportedOpset", "the model imports no default-domain opset");
  if (opset < MIN_OPSET || opset > MAX_OPSET) throw new OnnxModelError("UnsupportedOpset", `opset ${opset} is outside ${MIN_OPSET}..${MAX_OPSET}`);
  return opset;
}

function tensorSpec(info: onnxProto.onnx.IValueInfoProto, role: "input" | "output", limits: GraphLimits): TensorSpec {
  const name = info.name ?? "";
  const tensorType = info.type?.tensorType;
  if (tensorType === undefined || tensorType === null) throw new OnnxModelError("UnsupportedDtype", `${role} '${name}' is not a tensor`);
  const dtype = DTYPE_OF_ONNX.get(tensorType.elemType ?? 0);
  if (dtype === undefined) throw new OnnxModelError("UnsupportedDtype", `${role} '${name}' has ONNX element type ${tensorType.elemType}; allowed: float32, int32, int64, uint8, float16`);
  const dims = tensorType.shape?.dim;
  if (dims === undefined || dims === null) throw new OnnxModelError("InvalidGraph", `${role} '${name}' declares no shape`);
  if (dims.length > limits.maxRank) throw new OnnxModelError("LimitExceeded", `${role} '${name}' has rank ${dims.length}, the limit is ${limits.maxRank}`);
  // `value` is protobufjs's oneof discriminator: a dimension is fixed only when dimValue is the one set.
  const shape = dims.map((dim) => ((dim as { value?: string }).value === "dimValue" ? toSafeNumber(dim.dimValue ?? 0, `${role} '${name}' dimension`) : -1));
  return { name, dtype, shape };
}

function onnxTypeOf(dtype: DtypeName): number {
  for (const [code, name] of DTYPE_OF_ONNX) if (name === dtype) return code;
  throw new OnnxModelError("UnsupportedDtype", `dtype ${dtype}`);
}

function asModelError(error: unknown): OnnxModelError {
  if (error instanceof OnnxModelError) return error;
  if (error instanceof ShapeInferenceError) return new OnnxModelError("ShapeInference", error.message, error.op);
  throw error;
}
