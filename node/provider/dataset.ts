/**
 * The dataset artifact a LoRA job names by CID: UTF-8 JSON
 *
 *     { "format": "citrate-dataset/1", "features": 16, "x": [[0.1, …], …], "y": [2, …] }
 *
 * `x` holds one row of `features` finite numbers per example, `y` its class (an integer ≥ 0). Pure:
 * bytes in, a checked dataset out; and a seeded split into training and held-out parts.
 */
import { seededRandom } from "../../precompiles/inference/demo-models/onnx-builder.js";

export const DATASET_FORMAT = "citrate-dataset/1";

/** Examples in row-major order: `x[i * features + j]`, label `labels[i]`. */
export interface Dataset {
  readonly features: number;
  readonly size: number;
  readonly x: Float64Array;
  readonly labels: Int32Array;
}

/** A dataset artifact that does not follow the format; the message says where. */
export class DatasetFormatError extends Error {
  override readonly name = "DatasetFormatError";
}

/** The JSON document of `dataset` (what `parseDataset` reads back). */
export function encodeDataset(dataset: Dataset): Uint8Array {
  const rows = Array.from({ length: dataset.size }, (_, i) => Array.from(dataset.x.subarray(i * dataset.features, (i + 1) * dataset.features)));
  return new TextEncoder().encode(JSON.stringify({ format: DATASET_FORMAT, features: dataset.features, x: rows, y: Array.from(dataset.labels) }));
}

/** Parses and checks a dataset artifact; throws `DatasetFormatError`. */
export function parseDataset(bytes: Uint8Array): Dataset {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new DatasetFormatError(`dataset is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof document !== "object" || document === null) throw new DatasetFormatError("dataset must be a JSON object");
  const { format, features, x, y } = document as Record<string, unknown>;
  if (format !== DATASET_FORMAT) throw new DatasetFormatError(`dataset format must be "${DATASET_FORMAT}", got ${JSON.stringify(format)}`);
  if (!Number.isInteger(features) || (features as number) < 1) throw new DatasetFormatError(`"features" must be a positive integer, got ${JSON.stringify(features)}`);
  if (!Array.isArray(x) || !Array.isArray(y)) throw new DatasetFormatError('"x" and "y" must be arrays');
  if (x.length !== y.length || x.length === 0) throw new DatasetFormatError(`"x" has ${x.length} rows and "y" ${y.length} labels; both must be equal and non-zero`);
  const width = features as number;
  const values = new Float64Array(x.length * width);
  const labels = new Int32Array(y.length);
  x.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width) throw new DatasetFormatError(`row ${i} must hold ${width} numbers`);
    row.forEach((value: unknown, j) => {
      if (typeof value !== "number" || !Number.isFinite(value)) throw new DatasetFormatError(`x[${i}][${j}] is not a finite number`);
      values[i * width + j] = value;
    });
    const label = y[i] as unknown;
    if (!Number.isInteger(label) || (label as number) < 0 || (label as number) > 0x7fffffff) throw new DatasetFormatError(`y[${i}] is not a class index`);
    labels[i] = label as number;
  });
  return { features: width, size: x.length, x: values, labels };
}

/** The examples at `indices`, in that order. */
export function subset(dataset: Dataset, indices: readonly number[]): Dataset {
  const x = new Float64Array(indices.length * dataset.features);
  const labels = new Int32Array(indices.length);
  indices.forEach((index, i) => {
    x.set(dataset.x.subarray(index * dataset.features, (index + 1) * dataset.features), i * dataset.features);
    labels[i] = dataset.labels[index];
  });
  return { features: dataset.features, size: indices.length, x, labels };
}

/** A seeded permutation of `0 … n-1` (Fisher–Yates). */
export function seededPermutation(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Splits `dataset` by a seeded shuffle: `holdoutFraction` of it (at least one example) held out for evaluation. */
export function splitDataset(dataset: Dataset, holdoutFraction: number, seed: number): { train: Dataset; holdout: Dataset } {
  if (!(holdoutFraction > 0 && holdoutFraction < 1)) throw new RangeError(`holdoutFraction ${holdoutFraction} must be in (0, 1)`);
  if (dataset.size < 2) throw new DatasetFormatError(`a dataset of ${dataset.size} example cannot be split for evaluation`);
  const order = seededPermutation(dataset.size, seed);
  const held = Math.min(dataset.size - 1, Math.max(1, Math.round(dataset.size * holdoutFraction)));
  return { train: subset(dataset, order.slice(held)), holdout: subset(dataset, order.slice(0, held)) };
}
