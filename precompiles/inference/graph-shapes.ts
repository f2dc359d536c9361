/**
 * Shape inference and multiply-accumulate counting over an ONNX graph, for concrete input shapes.
 * Every allowed operator has a rule here: the output shapes it produces and the work it does. Small
 * integer tensors (shapes computed inside the graph: Shape → Slice → Concat → Reshape) are evaluated
 * too, so exported models whose Reshape targets come from the input shape resolve.
 *
 * Work counted: the multiply-accumulates of MatMul, Gemm and Conv; one per element for element-wise,
 * activation, normalisation and softmax ops; one per window element for pooling; one per input element
 * for reductions. Pure data movement (Reshape, Gather, Concat, Slice, …) counts zero.
 */
import type { onnx } from "onnx-proto";

/** ONNX element types (TensorProto.DataType) this module reasons about. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;

/** A value flowing through the graph: its shape and, for small integer tensors, its contents. */
export interface GraphValue {
  readonly dims: readonly number[];
  readonly elemType: number;
  readonly ints?: readonly bigint[];
}

/** Why shapes could not be worked out; `node` names the node, `op` its operator. */
export class ShapeInferenceError extends Error {
  override readonly name = "ShapeInferenceError";
  constructor(
    message: string,
    readonly op?: string,
    readonly node?: string,
  ) {
    super(message);
  }
}

/** Integer tensors at most this large have their contents tracked. */
const MAX_TRACKED_INTS = 64;

export interface NodeContext {
  readonly node: onnx.INodeProto;
  /** The default domain's opset version. */
  readonly opset: number;
  /** The node's inputs, `undefined` where an optional input is left out. */
  readonly inputs: readonly (GraphValue | undefined)[];
}

export interface NodeResult {
  readonly outputs: readonly GraphValue[];
  readonly macs: bigint;
}

type Rule = (ctx: NodeContext) => NodeResult;

/** Reads an INT attribute. */
export function intAttr(node: onnx.INodeProto, name: string, fallback: number): number {
  const attr = node.attribute?.find((a) => a.name === name);
  return attr?.i === undefined || attr.i === null ? fallback : toSafeNumber(attr.i, name);
}

/** Reads an INTS attribute. */
export function intsAttr(node: onnx.INodeProto, name: string): number[] | undefined {
  const attr = node.attribute?.find((a) => a.name === name);
  if (attr === undefined || attr.ints === undefined || attr.ints === null || attr.ints.length === 0) return undefined;
  return attr.ints.map((v) => toSafeNumber(v, name));
}

function stringAttr(node: onnx.INodeProto, name: string, fallback: string): string {
  const attr = node.attribute?.find((a) => a.name === name);
  return attr?.s === undefined || attr.s === null || attr.s.length === 0 ? fallback : new TextDecoder().decode(attr.s);
}

/** A protobuf int64 (number or Long) as a safe JS number. */
export function toSafeNumber(value: number | { toString(): string }, what: string): number {
  const n = typeof value === "number" ? value : Number(value.toString());
  if (!Number.isSafeInteger(n)) throw new ShapeInferenceError(`${what}: ${value} is not a safe integer`);
  return n;
}

export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function fail(ctx: NodeContext, message: string): never {
  throw new ShapeInferenceError(`${ctx.node.opType} '${ctx.node.name ?? ""}': ${message}`, ctx.node.opType ?? undefined, ctx.node.name ?? undefined);
}

function input(ctx: NodeContext, index: number): GraphValue {
  const value = ctx.inputs[index];
  if (value === undefined) fail(ctx, `input ${index} is required`);
  return value;
}

/** Contents of an integer input that shapes depend on. */
function knownInts(ctx: NodeContext, index: number, what: string): readonly bigint[] {
  const ints = input(ctx, index).ints;
  if (ints === undefined) fail(ctx, `${what} (input ${index}) is not a constant the validator can evaluate`);
  return ints;
}

function normAxis(ctx: NodeContext, axis: number, rank: number): number {
  const normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= rank) fail(ctx, `axis ${axis} is out of range for rank ${rank}`);
  return normalized;
}

function withInts(dims: readonly number[], elemType: number, ints: readonly bigint[] | undefined): GraphValue {
  return ints !== undefined && ints.length <= MAX_TRACKED_INTS && (elemType === ONNX_INT64 || elemType === ONNX_INT32) ? { dims, elemType, ints } : { dims, elemType };
}

const sameShape =
  (perElement: boolean): Rule =>
  (ctx) => {
    const x = input(ctx, 0);
    return { outputs: [{ dims: x.dims, elemType: x.elemType }], macs: perElement ? BigInt(product(x.dims)) : 0n };
  };

export function broadcast(ctx: NodeContext, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) fail(ctx, `shapes [${a.join(",")}] and [${b.join(",")}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

const binary =
  (apply: ((x: bigint, y: bigint) => bigint) | undefined): Rule =>
  (ctx) => {
    const a = input(ctx, 0);
    const b = input(ctx, 1);
    const dims = broadcast(ctx, a.dims, b.dims);
    let ints: bigint[] | undefined;
    if (apply !== undefined && a.ints !== undefined && b.ints !== undefined && dims.length <= 1) {
      const n = product(dims);
      ints = Array.from({ length: n }, (_, i) => apply(a.ints![a.ints!.length === 1 ? 0 : i], b.ints![b.ints!.length === 1 ? 0 : i]));
    }
    return { outputs: [withInts(dims, a.elemType, ints)], macs: BigInt(product(dims)) };
  };

const matMul: Rule = (ctx) => {
  const a = input(ctx, 0).dims;
  const b = input(ctx, 1).dims;
  if (a.length === 0 || b.length === 0) fail(ctx, "MatMul needs inputs of rank ≥ 1");
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const [m, k] = a2.slice(-2);
  const [k2, n] = b2.slice(-2);
  if (k !== k2) fail(ctx, `inner dimensions ${k} and ${k2} differ`);
  const batch = broadcast(ctx, a2.slice(0, -2), b2.slice(0, -2));
  const dims = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])];
  return { outputs: [{ dims, elemType: input(ctx, 0).elemType }], macs: BigInt(product(batch)) * BigInt(m) * BigInt(n) * BigInt(k) };
};

const gemm: Rule = (ctx) => {
  const a = input(ctx, 0).dims;
  const b = input(ctx, 1).dims;
  if (a.length !== 2 || b.length !== 2) fail(ctx, "Gemm needs rank-2 A and B");
  const [m, k] = intAttr(ctx.node, "transA", 0) === 0 ? a : [a[1], a[0]];
  const [k2, n] = intAttr(ctx.node, "transB", 0) === 0 ? b : [b[1], b[0]];
  if (k !== k2) fail(ctx, `inner dimensions ${k} and ${k2} differ`);
  const c = ctx.inputs[2];
  if (c !== undefined) broadcast(ctx, [m, n], c.dims);
  return { outputs: [{ dims: [m, n], elemType: input(ctx, 0).elemType }], macs: BigInt(m) * BigInt(n) * BigInt(k) };
};

/** Output spatial sizes of a sliding window (Conv, MaxPool, AveragePool), following ONNX's rules. */
function windowDims(ctx: NodeContext, spatial: readonly number[], kernel: readonly number[], ceilMode: boolean): number[] {
  const rank = spatial.length;
  if (kernel.length !== rank) fail(ctx, `kernel_shape has ${kernel.length} dims, input has ${rank} spatial dims`);
  const strides = intsAttr(ctx.node, "strides") ?? Array<number>(rank).fill(1);
  const dilations = intsAttr(ctx.node, "dilations") ?? Array<number>(rank).fill(1);
  const pads = intsAttr(ctx.node, "pads") ?? Array<number>(2 * rank).fill(0);
  if (strides.length !== rank || dilations.length !== rank || pads.length !== 2 * rank) fail(ctx, "strides, dilations or pads do not match the spatial rank");
  if ([...strides, ...dilations, ...kernel].some((v) => v < 1) || pads.some((v) => v < 0)) fail(ctx, "kernel, strides and dilations must be ≥ 1, pads ≥ 0");
  const autoPad = stringAttr(ctx.node, "auto_pad", "NOTSET");
  return spatial.map((size, i) => {
    const extent = (kernel[i] - 1) * dilations[i] + 1;
    let out: number;
    switch (autoPad) {
      case "NOTSET": {
        const span = size + pads[i] + pads[i + rank] - extent;
        out = (ceilMode ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
        // ONNX (and ORT): with ceil_mode the last window must start inside the padded input.
        if (ceilMode && (out - 1) * strides[i] >= size + pads[i]) out--;
        break;
      }
      case "VALID":
        out = Math.floor((size - extent) / strides[i]) + 1;
        break;
      case "SAME_UPPER":
      case "SAME_LOWER":
        out = Math.ceil(size / strides[i]);
        break;
      default:
        fail(ctx, `auto_pad ${autoPad} is not supported`);
    }
    if (out < 0) fail(ctx, `spatial size ${size} is too small for a window of ${extent}`);
    return out;
  });
}

const conv: Rule = (ctx) => {
  const x = input(ctx, 0).dims;
  const w = input(ctx, 1).dims;
  if (x.length < 3 || w.length !== x.length) fail(ctx, `Conv needs X of rank ≥ 3 and W of the same rank, got [${x.join(",")}] and [${w.join(",")}]`);
  const group = intAttr(ctx.node, "group", 1);
  const [n, c] = x;
  const [m, cPerGroup] = w;
  if (group < 1 || c !== cPerGroup * group || m % group !== 0) fail(ctx, `channels ${c}, weight [${w.join(",")}] and group ${group} do not agree`);
  const kernel = intsAttr(ctx.node, "kernel_shape") ?? w.slice(2);
  if (kernel.some((k, i) => k !== w[2 + i])) fail(ctx, "kernel_shape does not match the weight");
  const spatial = windowDims(ctx, x.slice(2), kernel, false);
  const dims = [n, m, ...spatial];
  return { outputs: [{ dims, elemType: input(ctx, 0).elemType }], macs: BigInt(product(dims)) * BigInt(cPerGroup) * BigInt(product(kernel)) };
};

const pool: Rule = (ctx) => {
  const x = input(ctx, 0);
  if (x.dims.length < 3) fail(ctx, "pooling needs an input of rank ≥ 3");
  const kernel = intsAttr(ctx.node, "kernel_shape");
  if (kernel === undefined) fail(ctx, "kernel_shape is required");
  const dims = [x.dims[0], x.dims[1], ...windowDims(ctx, x.dims.slice(2), kernel, intAttr(ctx.node, "ceil_mode", 0) === 1)];
  const outputs: GraphValue[] = [{ dims, elemType: x.elemType }];
  if ((ctx.node.output?.length ?? 0) > 1) outputs.push({ dims, elemType: ONNX_INT64 });
  return { outputs, macs: BigInt(product(dims)) * BigInt(product(kernel)) };
};

const globalPool: Rule = (ctx) => {
  const x = input(ctx, 0);
  if (x.dims.length < 3) fail(ctx, "global pooling needs an input of rank ≥ 3");
  return { outputs: [{ dims: [x.dims[0], x.dims[1], ...x.dims.slice(2).map(() => 1)], elemType: x.elemType }], macs: BigInt(product(x.dims)) };
};

const batchNorm: Rule = (ctx) => {
  if ((ctx.node.output?.length ?? 0) > 1) fail(ctx, "training-mode BatchNormalization (more than one output) is not supported");
  const x = input(ctx, 0);
  return { outputs: [{ dims: x.dims, elemType: x.elemType }], macs: BigInt(product(x.dims)) };
};

const softmax: Rule = (ctx) => {
  const x = input(ctx, 0);
  normAxis(ctx, intAttr(ctx.node, "axis", ctx.opset >= 13 ? -1 : 1), Math.max(x.dims.length, 1));
  return { outputs: [{ dims: x.dims, elemType: x.elemType }], macs: BigInt(product(x.dims)) };
};

const cast: Rule = (ctx) => {
  const x = input(ctx, 0);
  const to = intAttr(ctx.node, "to", 0);
  return { outputs: [withInts(x.dims, to, x.ints)], macs: 0n };
};

const shape: Rule = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.dims.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const start = ctx.opset >= 15 ? clamp(intAttr(ctx.node, "start", 0)) : 0;
  const end = ctx.opset >= 15 ? clamp(intAttr(ctx.node, "end", rank)) : rank;
  const ints = x.dims.slice(start, Math.max(start, end)).map(BigInt);
  return { outputs: [withInts([ints.length], ONNX_INT64, ints)], macs: 0n };
};

const gather: Rule = (ctx) => {
  const data = input(ctx, 0);
  const indices = input(ctx, 1);
  const axis = normAxis(ctx, intAttr(ctx.node, "axis", 0), data.dims.length);
  const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
  let ints: bigint[] | undefined;
  if (data.ints !== undefined && indices.ints !== undefined && data.dims.length === 1) {
    const size = BigInt(data.dims[0]);
    ints = indices.ints.map((i) => {
      const at = i < 0n ? i + size : i;
      if (at < 0n || at >= size) fail(ctx, `index ${i} is out of range for ${size}`);
      return data.ints![Number(at)];
    });
  }
  return { outputs: [withInts(dims, data.elemType, ints)], macs: 0n };
};

const slice: Rule = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.dims.length;
  let starts: number[], ends: number[], axes: number[], steps: number[];
  if (ctx.opset < 10) {
    starts = intsAttr(ctx.node, "starts") ?? fail(ctx, "starts is required");
    ends = intsAttr(ctx.node, "ends") ?? fail(ctx, "ends is required");
    axes = intsAttr(ctx.node, "axes") ?? starts.map((_, i) => i);
    steps = starts.map(() => 1);
  } else {
    const asNumbers = (ints: readonly bigint[]) => ints.map((v) => (v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : v < BigInt(Number.MIN_SAFE_INTEGER) ? Number.MIN_SAFE_INTEGER : Number(v)));
    starts = asNumbers(knownInts(ctx, 1, "starts"));
    ends = asNumbers(knownInts(ctx, 2, "ends"));
    axes = ctx.inputs[3] === undefined ? starts.map((_, i) => i) : asNumbers(knownInts(ctx, 3, "axes"));
    steps = ctx.inputs[4] === undefined ? starts.map(() => 1) : asNumbers(knownInts(ctx, 4, "steps"));
  }
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) fail(ctx, "starts, ends, axes and steps differ in length");
  const dims = [...x.dims];
  const ranges = x.dims.map((d) => ({ start: 0, end: d, step: 1 }));
  starts.forEach((rawStart, i) => {
    const axis = normAxis(ctx, axes[i], rank);
    const size = x.dims[axis];
    const step = steps[i];
    if (step === 0) fail(ctx, "step 0");
    const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + size : v, lo), hi);
    const start = step > 0 ? clampTo(rawStart, 0, size) : clampTo(rawStart, 0, size - 1);
    const end = step > 0 ? clampTo(ends[i], 0, size) : clampTo(ends[i], -1, size - 1);
    dims[axis] = Math.max(0, Math.ceil((end - start) / step));
    ranges[axis] = { start, end, step };
  });
  let ints: bigint[] | undefined;
  if (x.ints !== undefined && rank === 1) {
    const { start, step } = ranges[0];
    ints = Array.from({ length: dims[0] }, (_, i) => x.ints![start + i * step]);
  }
  return { outputs: [withInts(dims, x.elemType, ints)], macs: 0n };
};

const concat: Rule = (ctx) => {
  const parts = ctx.inputs.map((_, i) => input(ctx, i));
  const first = parts[0];
  const axis = normAxis(ctx, intAttr(ctx.node, "axis", 0), first.dims.length);
  const dims = [...first.dims];
  dims[axis] = 0;
  for (const part of parts) {
    if (part.dims.length !== first.dims.length || part.dims.some((d, i) => i !== axis && d !== first.dims[i])) fail(ctx, "inputs differ outside the concatenation axis");
    dims[axis] += part.dims[axis];
  }
  const ints = first.dims.length === 1 && parts.every((p) => p.ints !== undefined) ? parts.flatMap((p) => p.ints!) : undefined;
  return { outputs: [withInts(dims, first.elemType, ints)], macs: 0n };
};

const reshape: Rule = (ctx) => {
  const x = input(ctx, 0);
  const target = knownInts(ctx, 1, "shape").map(Number);
  const allowZero = intAttr(ctx.node, "allowzero", 0) === 1;
  const dims = target.map((d, i) => (d === 0 && !allowZero ? (x.dims[i] ?? fail(ctx, `dimension ${i} copies a missing input dimension`)) : d));
  const inferred = dims.filter((d) => d === -1).length;
  if (inferred > 1 || dims.some((d) => d < -1)) fail(ctx, `invalid target shape [${target.join(",")}]`);
  const total = product(x.dims);
  if (inferred === 1) {
    const known = product(dims.filter((d) => d !== -1));
    if (known === 0 || total % known !== 0) fail(ctx, `cannot reshape ${total} elements to [${target.join(",")}]`);
    dims[dims.indexOf(-1)] = total / known;
  }
  if (product(dims) !== total) fail(ctx, `cannot reshape [${x.dims.join(",")}] to [${dims.join(",")}]`);
  return { outputs: [withInts(dims, x.elemType, x.ints)], macs: 0n };
};

const flatten: Rule = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.dims.length;
  const raw = intAttr(ctx.node, "axis", 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis > rank) fail(ctx, `axis ${raw} is out of range for rank ${rank}`);
  return { outputs: [{ dims: [product(x.dims.slice(0, axis)), product(x.dims.slice(axis))], elemType: x.elemType }], macs: 0n };
};

const transpose: Rule = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.dims.length;
  const perm = intsAttr(ctx.node, "perm") ?? x.dims.map((_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) fail(ctx, `perm [${perm.join(",")}] is not a permutation of ${rank} axes`);
  return { outputs: [{ dims: perm.map((p) => x.dims[p]), elemType: x.elemType }], macs: 0n };
};

function axesOf(ctx: NodeContext, attrBefore: number): number[] | undefined {
  if (ctx.opset < attrBefore) return intsAttr(ctx.node, "axes");
  return ctx.inputs[1] === undefined ? undefined : knownInts(ctx, 1, "axes").map(Number);
}

const squeeze: Rule = (ctx) => {
  const x = input(ctx, 0);
  const axes = axesOf(ctx, 13)?.map((a) => normAxis(ctx, a, x.dims.length));
  if (axes?.some((a) => x.dims[a] !== 1)) fail(ctx, "squeezing a dimension that is not 1");
  const dims = x.dims.filter((d, i) => (axes === undefined ? d !== 1 : !axes.includes(i)));
  return { outputs: [withInts(dims, x.elemType, x.ints)], macs: 0n };
};

const unsqueeze: Rule = (ctx) => {
  const x = input(ctx, 0);
  const axesRaw = axesOf(ctx, 13) ?? fail(ctx, "axes is required");
  const rank = x.dims.length + axesRaw.length;
  const axes = new Set(axesRaw.map((a) => normAxis(ctx, a, rank)));
  if (axes.size !== axesRaw.length) fail(ctx, "repeated axes");
  const rest = [...x.dims];
  const dims = Array.from({ length: rank }, (_, i) => (axes.has(i) ? 1 : rest.shift()!));
  return { outputs: [withInts(dims, x.elemType, x.ints)], macs: 0n };
};

const reduce =
  (attrBefore: number): Rule =>
  (ctx) => {
    const x = input(ctx, 0);
    const keepDims = intAttr(ctx.node, "keepdims", 1) === 1;
    const axesRaw = axesOf(ctx, attrBefore);
    const noop = axesRaw === undefined && intAttr(ctx.node, "noop_with_empty_axes", 0) === 1;
    const axes = new Set((axesRaw ?? (noop ? [] : x.dims.map((_, i) => i))).map((a) => normAxis(ctx, a, x.dims.length)));
    const dims = keepDims ? x.dims.map((d, i) => (axes.has(i) ? 1 : d)) : x.dims.filter((_, i) => !axes.has(i));
    return { outputs: [{ dims, elemType: x.elemType }], macs: BigInt(product(x.dims)) };
  };

const constant: Rule = (ctx) => {
  const attr = ctx.node.attribute?.[0];
  if (attr === undefined || (ctx.node.attribute?.length ?? 0) !== 1) fail(ctx, "Constant needs exactly one attribute");
  switch (attr.name) {
    case "value":
      if (attr.t === undefined || attr.t === null) fail(ctx, "value has no tensor");
      return { outputs: [tensorValue(attr.t, ctx.node.opType ?? "Constant")], macs: 0n };
    case "value_float":
      return { outputs: [{ dims: [], elemType: ONNX_FLOAT }], macs: 0n };
    case "value_floats":
      return { outputs: [{ dims: [attr.floats?.length ?? 0], elemType: ONNX_FLOAT }], macs: 0n };
    case "value_int":
      return { outputs: [withInts([], ONNX_INT64, [BigInt((attr.i ?? 0).toString())])], macs: 0n };
    case "value_ints": {
      const ints = (attr.ints ?? []).map((v) => BigInt(v.toString()));
      return { outputs: [withInts([ints.length], ONNX_INT64, ints)], macs: 0n };
    }
    default:
      return fail(ctx, `attribute ${attr.name} is not supported`);
  }
};

/** The value a TensorProto (initializer or Constant) holds: its shape, and its contents when small and integer. */
export function tensorValue(tensor: onnx.ITensorProto, owner: string): GraphValue {
  if (tensor.dataLocation === 1) throw new ShapeInferenceError(`${owner}: tensor '${tensor.name ?? ""}' uses external data`);
  const dims = (tensor.dims ?? []).map((d) => toSafeNumber(d, "dims"));
  if (dims.some((d) => d < 0)) throw new ShapeInferenceError(`${owner}: tensor '${tensor.name ?? ""}' has a negative dimension`);
  const elemType = tensor.dataType ?? 0;
  const count = product(dims);
  if (count > MAX_TRACKED_INTS || (elemType !== ONNX_INT64 && elemType !== ONNX_INT32)) return { dims, elemType };
  let ints: bigint[];
  const raw = tensor.rawData;
  if (raw !== undefined && raw !== null && raw.length > 0) {
    const width = elemType === ONNX_INT64 ? 8 : 4;
    if (raw.length !== count * width) throw new ShapeInferenceError(`${owner}: tensor '${tensor.name ?? ""}' has ${raw.length} raw bytes for ${count} elements`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    ints = Array.from({ length: count }, (_, i) => (width === 8 ? view.getBigInt64(i * 8, true) : BigInt(view.getInt32(i * 4, true))));
  } else {
    const stored = elemType === ONNX_INT64 ? (tensor.int64Data ?? []) : (tensor.int32Data ?? []);
    ints = stored.map((v) => BigInt(v.toString()));
  }
  if (ints.length !== count) throw new ShapeInferenceError(`${owner}: tensor '${tensor.name ?? ""}' holds ${ints.length} values for ${count} elements`);
  return { dims, elemType, ints };
}

const truncDiv = (x: bigint, y: bigint): bigint => {
  if (y === 0n) throw new ShapeInferenceError("integer division by zero in a shape computation");
  return x / y;
};

/**
 * The allowed operators (default ONNX domain) and their rules. A model using any other operator is
 * rejected: each op here has been checked to give bit-identical results on the consensus engine.
 */
export const OPERATOR_RULES: Readonly<Record<string, Rule>> = {
  // linear algebra and convolution
  MatMul: matMul,
  Gemm: gemm,
  Conv: conv,
  // element-wise arithmetic (integer shape arithmetic is evaluated)
  Add: binary((x, y) => x + y),
  Sub: binary((x, y) => x - y),
  Mul: binary((x, y) => x * y),
  Div: binary(truncDiv),
  Pow: binary(undefined),
  // activations
  Relu: sameShape(true),
  LeakyRelu: sameShape(true),
  Sigmoid: sameShape(true),
  HardSigmoid: sameShape(true),
  HardSwish: sameShape(true),
  Tanh: sameShape(true),
  Erf: sameShape(true),
  Exp: sameShape(true),
  Sqrt: sameShape(true),
  Clip: sameShape(true),
  Softmax: softmax,
  // normalisation, pooling, reduction
  BatchNormalization: batchNorm,
  MaxPool: pool,
  AveragePool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  ReduceMean: reduce(18),
  ReduceSum: reduce(13),
  ReduceMax: reduce(18),
  // data movement and shape computation
  Identity: sameShape(false),
  Constant: constant,
  Cast: cast,
  Shape: shape,
  Gather: gather,
  Slice: slice,
  Concat: concat,
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
};
