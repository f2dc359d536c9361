/**
 * LoRA fine-tuning of one dense layer of an MLP classifier, in plain TypeScript (float64).
 *
 * The adapted layer's weight is `W + A·B` with `A[inputs × r]`, `B[r × outputs]`; the rest of the model is
 * frozen. Loss: mean softmax cross-entropy. Optimiser: Adam on mini-batches, shuffled by a seeded
 * permutation each epoch; `A` starts from seeded uniform noise and `B` from zero (so training starts
 * exactly at the base model, as in the LoRA paper). Same inputs and seed → the same adapter, bit for bit.
 */
import { seededRandom } from "../../precompiles/inference/demo-models/onnx-builder.js";
import { DatasetFormatError, seededPermutation, subset, type Dataset } from "./dataset.js";
import type { Mlp } from "./mlp-graph.js";

/** A low-rank update of layer `layer`: `ΔW = A·B`, row-major. */
export interface LoraAdapter {
  readonly layer: number;
  readonly rank: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
}

export interface LoraTrainingOptions {
  /** Requested rank; capped at the layer's smaller dimension (a larger ΔW rank is impossible). */
  readonly rank: number;
  /** Passes over the training set. */
  readonly epochs: number;
  /** Index of the dense layer to adapt; default 0 (the first: on the demo MLP it learns far more than the head). */
  readonly layer?: number;
  /** Adam step size; default 0.01. */
  readonly learningRate?: number;
  /** Examples per step; default 32. */
  readonly batchSize?: number;
  /** Seeds the initial `A` and the batch order; default 1. */
  readonly seed?: number;
}

export interface LoraTrainingResult {
  readonly adapter: LoraAdapter;
  /** Mean training loss of each epoch, as the steps saw it. */
  readonly epochLosses: readonly number[];
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** Trains an adapter on `train`; throws `DatasetFormatError` when the data do not fit the model. */
export function trainLora(mlp: Mlp, train: Dataset, options: LoraTrainingOptions): LoraTrainingResult {
  checkFits(mlp, train);
  const layerIndex = options.layer ?? 0;
  const layer = mlp.layers[layerIndex];
  if (layer === undefined) throw new RangeError(`layer ${layerIndex} does not exist (the model has ${mlp.layers.length})`);
  if (!Number.isInteger(options.rank) || options.rank < 1) throw new RangeError(`rank ${options.rank} must be a positive integer`);
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new RangeError(`epochs ${options.epochs} must be a positive integer`);
  const learningRate = options.learningRate ?? 0.01;
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 1;
  if (!(learningRate > 0)) throw new RangeError(`learning rate ${learningRate} must be positive`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size ${batchSize} must be a positive integer`);

  const rank = Math.min(options.rank, layer.inputs, layer.outputs);
  const random = seededRandom(seed);
  const scale = 1 / Math.sqrt(layer.inputs);
  const adapter: LoraAdapter = {
    layer: layerIndex,
    rank,
    a: Float64Array.from({ length: layer.inputs * rank }, () => (random() * 2 - 1) * scale),
    b: new Float64Array(rank * layer.outputs),
  };
  const optimiserA = new Adam(adapter.a.length);
  const optimiserB = new Adam(adapter.b.length);
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = seededPermutation(train.size, seed + 1 + epoch);
    let lossSum = 0;
    for (let start = 0; start < train.size; start += batchSize) {
      const batch = subset(train, order.slice(start, start + batchSize));
      const { loss, gradA, gradB } = lossAndGradients(mlp, adapter, batch);
      lossSum += loss * batch.size;
      optimiserA.step(adapter.a, gradA, learningRate);
      optimiserB.step(adapter.b, gradB, learningRate);
    }
    epochLosses.push(lossSum / train.size);
  }
  return { adapter, epochLosses };
}

/** The adapted layer's weight `W + A·B`. */
export function adaptedWeight(mlp: Mlp, adapter: LoraAdapter): Float64Array {
  const layer = mlp.layers[adapter.layer];
  const weight = Float64Array.from(layer.weight);
  for (let i = 0; i < layer.inputs; i++) {
    for (let k = 0; k < adapter.rank; k++) {
      const aik = adapter.a[i * adapter.rank + k];
      if (aik === 0) continue;
      for (let j = 0; j < layer.outputs; j++) weight[i * layer.outputs + j] += aik * adapter.b[k * layer.outputs + j];
    }
  }
  return weight;
}

/** Class probabilities of every example (`size × classes`), with `adapter` applied when given. */
export function predict(mlp: Mlp, data: Dataset, adapter?: LoraAdapter): Float64Array {
  checkFits(mlp, data, false);
  return forward(mlp, data, adapter).probabilities;
}

/** Share of examples whose most probable class is their label. */
export function accuracy(mlp: Mlp, data: Dataset, adapter?: LoraAdapter): number {
  checkFits(mlp, data);
  const probabilities = forward(mlp, data, adapter).probabilities;
  let correct = 0;
  for (let i = 0; i < data.size; i++) {
    const row = probabilities.subarray(i * mlp.classes, (i + 1) * mlp.classes);
    let best = 0;
    for (let c = 1; c < mlp.classes; c++) if (row[c] > row[best]) best = c;
    if (best === data.labels[i]) correct++;
  }
  return correct / data.size;
}

/** Mean cross-entropy of `batch` and its gradients with respect to the adapter's `A` and `B`. */
export function lossAndGradients(mlp: Mlp, adapter: LoraAdapter, batch: Dataset): { loss: number; gradA: Float64Array; gradB: Float64Array } {
  const n = batch.size;
  const { probabilities, inputs, preActivations } = forward(mlp, batch, adapter);
  let loss = 0;
  let delta = new Float64Array(probabilities.length);
  for (let i = 0; i < n; i++) {
    const label = batch.labels[i];
    loss -= Math.log(Math.max(probabilities[i * mlp.classes + label], Number.MIN_VALUE));
    for (let c = 0; c < mlp.classes; c++) delta[i * mlp.classes + c] = (probabilities[i * mlp.classes + c] - (c === label ? 1 : 0)) / n;
  }
  // back through the frozen layers above the adapted one
  for (let l = mlp.layers.length - 1; l > adapter.layer; l--) {
    const layer = mlp.layers[l];
    const below = mlp.layers[l - 1];
    const next = new Float64Array(n * layer.inputs);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < layer.inputs; p++) {
        if (below.relu && preActivations[l - 1][i * layer.inputs + p] <= 0) continue;
        let sum = 0;
        for (let q = 0; q < layer.outputs; q++) sum += delta[i * layer.outputs + q] * layer.weight[p * layer.outputs + q];
        next[p + i * layer.inputs] = sum;
      }
    }
    delta = next;
  }
  const layer = mlp.layers[adapter.layer];
  const input = inputs[adapter.layer];
  const gradW = new Float64Array(layer.inputs * layer.outputs);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < layer.inputs; p++) {
      const x = input[i * layer.inputs + p];
      if (x === 0) continue;
      for (let q = 0; q < layer.outputs; q++) gradW[p * layer.outputs + q] += x * delta[i * layer.outputs + q];
    }
  }
  const r = adapter.rank;
  const gradA = new Float64Array(layer.inputs * r);
  const gradB = new Float64Array(r * layer.outputs);
  for (let p = 0; p < layer.inputs; p++) {
    for (let k = 0; k < r; k++) {
      let sum = 0;
      for (let q = 0; q < layer.outputs; q++) {
        const g = gradW[p * layer.outputs + q];
        sum += g * adapter.b[k * layer.outputs + q];
        gradB[k * layer.outputs + q] += adapter.a[p * r + k] * g;
      }
      gradA[p * r + k] = sum;
    }
  }
  return { loss: loss / n, gradA, gradB };
}

interface ForwardPass {
  readonly probabilities: Float64Array;
  /** The input of each layer. */
  readonly inputs: Float64Array[];
  /** Each layer's `input · W + b`, before its ReLU. */
  readonly preActivations: Float64Array[];
}

function forward(mlp: Mlp, data: Dataset, adapter?: LoraAdapter): ForwardPass {
  const n = data.size;
  const inputs: Float64Array[] = [];
  const preActivations: Float64Array[] = [];
  let activation = data.x;
  mlp.layers.forEach((layer, l) => {
    const weight = adapter !== undefined && adapter.layer === l ? adaptedWeight(mlp, adapter) : layer.weight;
    const z = new Float64Array(n * layer.outputs);
    for (let i = 0; i < n; i++) {
      for (let q = 0; q < layer.outputs; q++) z[i * layer.outputs + q] = layer.bias[q];
      for (let p = 0; p < layer.inputs; p++) {
        const x = activation[i * layer.inputs + p];
        if (x === 0) continue;
        for (let q = 0; q < layer.outputs; q++) z[i * layer.outputs + q] += x * weight[p * layer.outputs + q];
      }
    }
    inputs.push(activation);
    preActivations.push(z);
    activation = layer.relu ? z.map((v) => (v > 0 ? v : 0)) : z;
  });
  const probabilities = new Float64Array(n * mlp.classes);
  for (let i = 0; i < n; i++) {
    const row = activation.subarray(i * mlp.classes, (i + 1) * mlp.classes);
    const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
    let sum = 0;
    for (let c = 0; c < mlp.classes; c++) sum += probabilities[i * mlp.classes + c] = Math.exp(row[c] - max);
    for (let c = 0; c < mlp.classes; c++) probabilities[i * mlp.classes + c] /= sum;
  }
  return { probabilities, inputs, preActivations };
}

function checkFits(mlp: Mlp, data: Dataset, labelled = true): void {
  if (data.features !== mlp.features) throw new DatasetFormatError(`the dataset has ${data.features} features, the model takes ${mlp.features}`);
  if (!labelled) return;
  const bad = data.labels.findIndex((label) => label >= mlp.classes);
  if (bad >= 0) throw new DatasetFormatError(`label ${data.labels[bad]} of example ${bad} is not one of the model's ${mlp.classes} classes`);
}

/** Adam (Kingma & Ba) with bias correction, updating parameters in place. */
class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  step(parameters: Float64Array, gradient: Float64Array, learningRate: number): void {
    this.t++;
    const c1 = 1 - ADAM.beta1 ** this.t;
    const c2 = 1 - ADAM.beta2 ** this.t;
    for (let i = 0; i < parameters.length; i++) {
      this.m[i] = ADAM.beta1 * this.m[i] + (1 - ADAM.beta1) * gradient[i];
      this.v[i] = ADAM.beta2 * this.v[i] + (1 - ADAM.beta2) * gradient[i] * gradient[i];
      parameters[i] -= (learningRate * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + ADAM.epsilon);
    }
  }
}
