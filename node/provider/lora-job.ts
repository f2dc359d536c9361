/**
 * One LoRA job end to end, off chain and pure: base ONNX bytes + dataset bytes → a trained adapter, merged
 * into the base (`W + A·B`) and written as a new ONNX file, with its held-out accuracy. The metric is
 * measured on the file's own float32 weights, so it describes exactly what gets registered.
 */
import { createHash } from "node:crypto";
import { parseDataset, splitDataset } from "./dataset.js";
import { adaptedWeight, accuracy, trainLora } from "./lora-trainer.js";
import { readMlp, replaceWeight } from "./mlp-graph.js";

export interface LoraJobInput {
  /** The base model's ONNX file (an MLP classifier, see `mlp-graph.ts`). */
  readonly baseModel: Uint8Array;
  /** The dataset artifact (see `dataset.ts`). */
  readonly dataset: Uint8Array;
  readonly rank: number;
  readonly epochs: number;
  /** Layer to adapt; default 0 (the first). */
  readonly layer?: number;
  /** Share of the dataset held out for the metric; default 0.2. */
  readonly holdoutFraction?: number;
  /** Seeds the split, the initial adapter and the batch order; default 1. */
  readonly seed?: number;
  readonly learningRate?: number;
  readonly batchSize?: number;
}

export interface LoraJobOutput {
  /** The merged model's ONNX file. */
  readonly model: Uint8Array;
  /** sha256 of `model` (its MODEL hash). */
  readonly modelHash: `0x${string}`;
  /** Held-out accuracy of the merged model × 10⁴ (the LoRAFactory's `metric`). */
  readonly metric: bigint;
  /** Held-out accuracy of the base model × 10⁴, for comparison. */
  readonly baseMetric: bigint;
  readonly rank: number;
  readonly layer: number;
  readonly weightName: string;
  readonly trainSize: number;
  readonly holdoutSize: number;
  readonly epochLosses: readonly number[];
}

/** Runs a LoRA job; throws `UnsupportedBaseModelError`, `DatasetFormatError` or `RangeError` on bad inputs. */
export function runLoraJob(input: LoraJobInput): LoraJobOutput {
  const base = readMlp(input.baseModel);
  const seed = input.seed ?? 1;
  const { train, holdout } = splitDataset(parseDataset(input.dataset), input.holdoutFraction ?? 0.2, seed);
  const { adapter, epochLosses } = trainLora(base, train, {
    rank: input.rank,
    epochs: input.epochs,
    layer: input.layer,
    seed,
    learningRate: input.learningRate,
    batchSize: input.batchSize,
  });
  const weightName = base.layers[adapter.layer].weightName;
  const model = replaceWeight(input.baseModel, weightName, Float32Array.from(adaptedWeight(base, adapter)));
  return {
    model,
    modelHash: `0x${createHash("sha256").update(model).digest("hex")}`,
    metric: toMetric(accuracy(readMlp(model), holdout)),
    baseMetric: toMetric(accuracy(base, holdout)),
    rank: adapter.rank,
    layer: adapter.layer,
    weightName,
    trainSize: train.size,
    holdoutSize: holdout.size,
    epochLosses,
  };
}

function toMetric(share: number): bigint {
  return BigInt(Math.round(share * 10_000));
}
