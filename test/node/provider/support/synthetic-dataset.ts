// A synthetic classification task for the demo MLP (16 features, 4 classes) that its seeded random
// weights do not solve: the label of x is argmax(x · T) for a fixed random matrix T.
import { seededRandom } from "../../../../precompiles/inference/demo-models/onnx-builder.js";
import type { Dataset } from "../../../../node/provider/dataset.js";

export function syntheticDataset(size: number, seed = 2024, features = 16, classes = 4): Dataset {
  const random = seededRandom(seed);
  const teacher = Float64Array.from({ length: features * classes }, () => random() * 2 - 1);
  const x = Float64Array.from({ length: size * features }, () => random() * 2 - 1);
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let j = 0; j < features; j++) score += x[i * features + j] * teacher[j * classes + c];
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    labels[i] = best;
  }
  return { features, size, x, labels };
}
